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
   * Where a crop lies in the image it was cut from, to map its results back ({@code coordinates_system: parent}).
   *
   * @param parentWidth width of the parent image
   * @param parentHeight height of the parent image
   * @param x left edge of the crop in the parent
   * @param y top edge of the crop in the parent
   */
  record Origin(int parentWidth, int parentHeight, double x, double y) {}

  /**
   * One value per crop of an image: a nested batch (Roboflow's dimensionality + 1). Steps fed a batch run once
   * per element; the outputs are batches with the same origins.
   *
   * @param items the values
   * @param origins each item's crop in the parent image
   */
  record Batch(List<Object> items, List<Origin> origins) {}

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
