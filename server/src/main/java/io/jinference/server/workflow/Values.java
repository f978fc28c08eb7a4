package io.jinference.server.workflow;

import io.jinference.server.image.DecodedImage;
import io.jinference.server.inference.Detection;
import java.util.List;

/** The values that flow between steps. */
final class Values {
  private Values() {}

  /**
   * An image; the workflow run owns it and closes it at the end.
   *
   * @param image the pixels
   */
  record Image(DecodedImage image) {}

  /**
   * Detections on an image.
   *
   * @param width image width
   * @param height image height
   * @param detections the detections, in the image's pixels
   */
  record Detections(int width, int height, List<Detection> detections) {}
}
