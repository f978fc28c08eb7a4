package io.jinference.server.inference;

/**
 * How a network wants its input pixels: channel order and per-channel {@code (value - mean) / std} on the
 * 0..255 scale, written into an NCHW float tensor.
 *
 * @param rgb whether channel 0 is red (true) or blue (false)
 * @param mean per channel, in network channel order
 * @param std per channel, in network channel order
 */
record Normalization(boolean rgb, float[] mean, float[] std) {
  /** RGB scaled to [0, 1]: YOLO detectors. */
  static final Normalization RGB_UNIT = new Normalization(true, new float[] {0, 0, 0}, new float[] {255, 255, 255});

  /** NanoDet's own: BGR, ImageNet statistics on the 0..255 scale. */
  static final Normalization NANODET =
      new Normalization(false, new float[] {103.53f, 116.28f, 123.675f}, new float[] {57.375f, 57.12f, 58.395f});
}
