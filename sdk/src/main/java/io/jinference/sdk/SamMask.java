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
public final class SamMask {
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
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof SamMask)) {
      return false;
    }
    SamMask that = (SamMask) o;
    return java.util.Objects.equals(polygons, that.polygons)
        && Double.compare(confidence, that.confidence) == 0;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(polygons, confidence);
  }

  @Override
  public String toString() {
    return "SamMask[polygons=" + polygons + ", confidence=" + confidence + "]";
  }
}
