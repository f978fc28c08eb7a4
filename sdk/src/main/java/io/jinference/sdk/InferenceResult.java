package io.jinference.sdk;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.jspecify.annotations.Nullable;

/**
 * A model's answer for one image: one subtype per task, chosen by the model the server runs.
 *
 * <p>Its only implementations are {@link ObjectDetectionResult}, {@link SegmentationResult}, {@link
 * KeypointsResult} and {@link ClassificationResult}; on Java 17 and later the interface is {@code
 * sealed} (the jar is multi-release), so a {@code switch} over it can be exhaustive.
 *
 * <pre>{@code
 * // Java 16+ pattern syntax; on Java 11, cast after the instanceof test
 * InferenceResult result = client.infer("https://example.com/dog.jpg", "coco/3");
 * if (result instanceof ObjectDetectionResult detections) {
 *   detections.predictions().forEach(d -> System.out.println(d.className()));
 * } else if (result instanceof ClassificationResult classes) {
 *   System.out.println(classes.top());
 * }
 * }</pre>
 */
// Sealed on Java 17 and later: the build opens the two comments below in a copy that it compiles
// into the jar's META-INF/versions/17 (sdk/pom.xml); Java 11 reads this file as written.
public /*sealed*/ interface InferenceResult
/*permits ObjectDetectionResult, SegmentationResult, KeypointsResult, ClassificationResult*/ {
  /**
   * The server's id of the request (the same on every result of one batch), or null.
   *
   * @return the inference id
   */
  @Nullable String inferenceId();

  /**
   * The server's time for the whole request, in seconds, or null when it gave none.
   *
   * @return the time
   */
  @Nullable Double time();

  /**
   * Width of the image the predictions are measured in (the original image).
   *
   * @return the image width
   */
  int imageWidth();

  /**
   * The image's height in pixels.
   *
   * @return the image height
   */
  int imageHeight();

  /**
   * The predictions drawn on the image, base64 JPEG, when visualisation was asked for.
   *
   * @return the visualization
   */
  @Nullable String visualization();

  /**
   * The visualisation's JPEG bytes, when visualisation was asked for.
   *
   * @return the JPEG bytes, if the server drew one
   */
  default Optional<byte[]> visualizationJpeg() {
    return Optional.ofNullable(visualization()).map(v -> Base64.getDecoder().decode(v));
  }

  /**
   * The visualisation decoded, when visualisation was asked for.
   *
   * @return the decoded image, if the server drew one
   */
  default Optional<BufferedImage> visualizationImage() {
    return visualizationJpeg().map(InferenceResult::decode);
  }

  /**
   * Encoded image bytes to pixels; an unreadable image is an {@link InferenceException}.
   *
   * @param encoded the encoded image (JPEG, PNG, ...)
   * @return the decoded image
   */
  static BufferedImage decode(byte[] encoded) {
    try {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(encoded));
      if (image == null) {
        throw new InferenceException("The server sent an image in a format ImageIO cannot read");
      }
      return image;
    } catch (IOException e) {
      throw new InferenceException("The server sent an unreadable image", e);
    }
  }
}
