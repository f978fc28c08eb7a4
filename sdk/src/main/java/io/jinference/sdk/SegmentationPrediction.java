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
 */
public final class SegmentationPrediction extends Value {
  private static final String[] NAMES = {"detection", "polygon", "rleCounts"};

  private final Detection detection;
  private final List<Point> polygon;
  private final @Nullable String rleCounts;

  /**
   * Keeps unmodifiable copies of the lists.
   *
   * @param detection the object's box, class and confidence
   * @param polygon the mask's outline (empty with RLE masks)
   * @param rleCounts COCO's compressed RLE counts over the original image, or null with polygons
   */
  public SegmentationPrediction(
      Detection detection, List<Point> polygon, @Nullable String rleCounts) {
    this.detection = detection;
    this.polygon = List.copyOf(polygon);
    this.rleCounts = rleCounts;
  }

  /**
   * The object's box, class and confidence.
   *
   * @return the object's box, class and confidence
   */
  public Detection detection() {
    return detection;
  }

  /**
   * The mask's outline (empty with RLE masks).
   *
   * @return the mask's outline (empty with RLE masks)
   */
  public List<Point> polygon() {
    return polygon;
  }

  /**
   * COCO's compressed RLE counts over the original image, or null with polygons.
   *
   * @return COCO's compressed RLE counts over the original image, or null with polygons
   */
  public @Nullable String rleCounts() {
    return rleCounts;
  }

  @Override
  Object[] parts() {
    return new Object[] {detection, polygon, rleCounts};
  }

  @Override
  String[] partNames() {
    return NAMES;
  }
}
