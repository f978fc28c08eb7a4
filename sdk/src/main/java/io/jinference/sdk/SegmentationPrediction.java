package io.jinference.sdk;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One object found by an instance-segmentation model: its box and its mask, as a polygon (the
 * default) or as COCO run-length encoding ({@code response_mask_format = rle}).
 *
 * <pre>{@code
 * for (SegmentationPrediction p : client.segment(ImageSource.path(photo), "my-seg/1").predictions()) {
 *   System.out.println(p.detection().className() + ": " + p.polygon().size() + " vertices");
 * }
 * }</pre>
 *
 * @param detection the object's box, class and confidence
 * @param polygon the mask's outline (empty with RLE masks)
 * @param rleCounts COCO's compressed RLE counts over the original image, or null with polygons
 */
public record SegmentationPrediction(
    Detection detection, List<Point> polygon, @Nullable String rleCounts) {
  /**
   * Checks the components and keeps unmodifiable copies of the lists.
   *
   * @param detection the object's box, class and confidence
   * @param polygon the mask's outline (empty with RLE masks)
   * @param rleCounts COCO's compressed RLE counts over the original image, or null with polygons
   */
  public SegmentationPrediction {
    polygon = List.copyOf(polygon);
  }
}
