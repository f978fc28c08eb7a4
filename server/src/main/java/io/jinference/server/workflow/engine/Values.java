package io.jinference.server.workflow.engine;

import io.jinference.server.image.DecodedImage;
import io.jinference.server.inference.task.Classification;
import io.jinference.server.inference.task.Detection;
import io.jinference.server.inference.task.Keypoint;
import java.util.ArrayList;
import java.util.List;

/** The values that flow between steps. */
public final class Values {
  private Values() {}

  /**
   * An image; the workflow run owns it and closes it at the end.
   *
   * @param image the pixels
   * @param origin where it was cut from the workflow's input image, or null for that image itself
   */
  public record Image(DecodedImage image, Origin origin) {
    /** An input image. */
    public Image(DecodedImage image) {
      this(image, null);
    }

    /** A new image of the same region (a visualisation of this one). */
    public Image redrawn(DecodedImage drawn) {
      return new Image(drawn, origin);
    }

    /**
     * The region of this image whose top-left corner is at (x, y), in the input image's
     * coordinates.
     */
    public Origin crop(double x, double y) {
      return origin == null
          ? new Origin(image.width(), image.height(), x, y)
          : new Origin(origin.rootWidth(), origin.rootHeight(), origin.x() + x, origin.y() + y);
    }
  }

  /**
   * Where a crop (or a crop of a crop) lies in the workflow's input image, to map its results back
   * ({@code coordinates_system: parent}).
   *
   * @param rootWidth width of the input image
   * @param rootHeight height of the input image
   * @param x left edge of the crop in the input image
   * @param y top edge of the crop in the input image
   */
  public record Origin(int rootWidth, int rootHeight, double x, double y) {}

  /**
   * One value per crop of an image: a nested batch (Roboflow's dimensionality + 1). Steps fed a
   * batch run once per element and answer batches; an element a {@code continue_if} stopped is
   * null.
   *
   * @param items the values
   */
  public record Batch(List<Object> items) {}

  /**
   * Detections on an image, with masks or keypoints for segmentation and keypoint models.
   *
   * @param width image width
   * @param height image height
   * @param detections the detections, in the image's pixels
   * @param polygons each detection's mask outline, or null
   * @param keypoints each detection's keypoints, or null
   * @param origin where the image lies in the workflow's input image, or null when it is that image
   */
  public record Detections(
      int width,
      int height,
      List<Detection> detections,
      List<List<double[]>> polygons,
      List<List<Keypoint>> keypoints,
      Origin origin) {
    /** Every box grown by {@code width} and {@code height} pixels in all, clipped to the image. */
    public Detections grown(long width, long height) {
      long dx = Math.floorDiv(width, 2);
      long dy = Math.floorDiv(height, 2);
      List<Detection> grown = new ArrayList<>(detections.size());
      for (Detection det : detections) {
        grown.add(
            new Detection(
                Math.max(0, det.x1() - dx),
                Math.max(0, det.y1() - dy),
                Math.min(width(), det.x2() + dx),
                Math.min(height(), det.y2() + dy),
                det.confidence(),
                det.classConfidence(),
                det.classId(),
                det.className()));
      }
      return with(grown, polygons, keypoints);
    }

    /** The same detections with every box, mask and keypoint moved by (dx, dy) pixels. */
    public Detections shifted(double dx, double dy) {
      List<Detection> moved = new java.util.ArrayList<>(detections.size());
      for (Detection det : detections) {
        moved.add(
            new Detection(
                det.x1() + dx,
                det.y1() + dy,
                det.x2() + dx,
                det.y2() + dy,
                det.confidence(),
                det.classConfidence(),
                det.classId(),
                det.className()));
      }
      List<List<double[]>> movedPolygons = null;
      if (polygons != null) {
        movedPolygons = new java.util.ArrayList<>();
        for (List<double[]> polygon : polygons) {
          List<double[]> p = new java.util.ArrayList<>();
          polygon.forEach(xy -> p.add(new double[] {xy[0] + dx, xy[1] + dy}));
          movedPolygons.add(p);
        }
      }
      List<List<Keypoint>> movedKeypoints = null;
      if (keypoints != null) {
        movedKeypoints = new java.util.ArrayList<>();
        for (List<Keypoint> points : keypoints) {
          List<Keypoint> p = new java.util.ArrayList<>();
          points.forEach(
              k ->
                  p.add(
                      new Keypoint(
                          k.x() + dx, k.y() + dy, k.confidence(), k.classId(), k.className())));
          movedKeypoints.add(p);
        }
      }
      return with(moved, movedPolygons, movedKeypoints);
    }

    /** Other detections on the same image. */
    public Detections with(
        List<Detection> others,
        List<List<double[]>> otherPolygons,
        List<List<Keypoint>> otherKeypoints) {
      return new Detections(width, height, others, otherPolygons, otherKeypoints, origin);
    }
  }

  /**
   * A classifier's answer on an image.
   *
   * @param width image width
   * @param height image height
   * @param result the classes
   */
  public record Classes(int width, int height, Classification result) {}
}
