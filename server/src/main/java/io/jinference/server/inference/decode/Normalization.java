package io.jinference.server.inference.decode;

/**
 * How a network wants its input pixels: channel order and per-channel {@code (value - mean) / std}
 * on the 0..255 scale, written into an NCHW float tensor (reference §7.1 step 8).
 *
 * @param rgb whether channel 0 is red (true) or blue (false)
 * @param mean per channel, in network channel order
 * @param std per channel, in network channel order
 */
public record Normalization(boolean rgb, float[] mean, float[] std) {
  /**
   * RGB scaled to [0, 1]: YOLO detectors, segmenters and pose models, RF-DETR before its own
   * statistics.
   */
  public static final Normalization RGB_UNIT =
      new Normalization(true, new float[] {0, 0, 0}, new float[] {255, 255, 255});

  /** ViT and YOLOv8 classifiers: RGB /255, then mean = std = 0.5. */
  public static final Normalization RGB_HALF =
      new Normalization(
          true, new float[] {127.5f, 127.5f, 127.5f}, new float[] {127.5f, 127.5f, 127.5f});

  /** ResNet classifiers and RF-DETR: RGB /255, then ImageNet mean and std. */
  public static final Normalization RGB_IMAGENET =
      new Normalization(
          true,
          new float[] {0.485f * 255, 0.456f * 255, 0.406f * 255},
          new float[] {0.229f * 255, 0.224f * 255, 0.225f * 255});

  /** CLIP: RGB /255, then OpenAI's CLIP mean and std. */
  public static final Normalization RGB_CLIP =
      new Normalization(
          true,
          new float[] {0.48145466f * 255, 0.4578275f * 255, 0.40821073f * 255},
          new float[] {0.26862954f * 255, 0.26130258f * 255, 0.27577711f * 255});

  /** RGB as it is, 0..255 (MoveNet takes int32 pixels). */
  public static final Normalization RGB_RAW =
      new Normalization(true, new float[] {0, 0, 0}, new float[] {1, 1, 1});

  /** NanoDet's own: BGR, ImageNet statistics on the 0..255 scale. */
  public static final Normalization NANODET =
      new Normalization(
          false, new float[] {103.53f, 116.28f, 123.675f}, new float[] {57.375f, 57.12f, 58.395f});
}
