package io.jinference.sdk;

import java.util.List;
import java.util.stream.Collectors;

/**
 * SAM 2's mask for one prompt: its outline as polygons (every outer contour) and the model's
 * predicted quality of it.
 *
 * <pre>{@code
 * SamMask mask = client.sam2().segment(image, List.of(prompt)).get(0);
 * List<Point> outline = mask.polygons().get(0);
 * }</pre>
 */
public final class SamMask extends Value {
  private static final String[] NAMES = {"polygons", "confidence"};

  private final List<List<Point>> polygons;
  private final double confidence;

  /**
   * Copies the lists: a mask is immutable.
   *
   * @param polygons the mask's outer contours
   * @param confidence the predicted IoU
   */
  public SamMask(List<List<Point>> polygons, double confidence) {
    this.polygons = polygons.stream().map(List::copyOf).collect(Collectors.toUnmodifiableList());
    this.confidence = confidence;
  }

  /**
   * The mask's outer contours, in the image's pixels (none for an empty mask).
   *
   * @return the mask's outer contours, in the image's pixels (none for an empty mask)
   */
  public List<List<Point>> polygons() {
    return polygons;
  }

  /**
   * Returns the predicted IoU of the mask, in [0, 1] ({@code NaN} from SAM 1's route, which answers
   * none).
   *
   * @return the predicted IoU of the mask, in [0, 1] ({@code NaN} from SAM 1's route, which answers
   *     none)
   */
  public double confidence() {
    return confidence;
  }

  @Override
  Object[] parts() {
    return new Object[] {polygons, confidence};
  }

  @Override
  String[] partNames() {
    return NAMES;
  }
}
