package io.jinference.sdk;

import java.util.List;

/**
 * SAM 2's mask for one prompt: its outline as polygons (every outer contour) and the model's
 * predicted quality of it.
 *
 * <pre>{@code
 * SamMask mask = client.sam2().segment(image, List.of(prompt)).get(0);
 * List<Point> outline = mask.polygons().get(0);
 * }</pre>
 *
 * @param polygons the mask's outer contours, in the image's pixels (none for an empty mask)
 * @param confidence the predicted IoU of the mask, in [0, 1] ({@code NaN} from SAM 1's route, which
 *     answers none)
 */
public record SamMask(List<List<Point>> polygons, double confidence) {
  /**
   * Copies the lists: a mask is immutable.
   *
   * @param polygons the mask's outer contours
   * @param confidence the predicted IoU
   */
  public SamMask {
    polygons = polygons.stream().map(List::copyOf).toList();
  }
}
