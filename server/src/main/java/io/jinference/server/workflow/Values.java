package io.jinference.server.workflow;

import io.jinference.server.image.DecodedImage;
import io.jinference.server.inference.Classification;
import io.jinference.server.inference.Detection;
import io.jinference.server.inference.Keypoint;
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
   * Detections on an image, with masks or keypoints for segmentation and keypoint models.
   *
   * @param width image width
   * @param height image height
   * @param detections the detections, in the image's pixels
   * @param polygons each detection's mask outline, or null
   * @param keypoints each detection's keypoints, or null
   */
  record Detections(int width, int height, List<Detection> detections, List<List<double[]>> polygons,
      List<List<Keypoint>> keypoints) {}

  /**
   * A classifier's answer on an image.
   *
   * @param width image width
   * @param height image height
   * @param result the classes
   */
  record Classes(int width, int height, Classification result) {}
}
