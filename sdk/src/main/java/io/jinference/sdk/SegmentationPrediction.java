package io.jinference.sdk;

import java.util.Collections;
import java.util.List;

/**
 * One segmented object: its box and its mask as a polygon ({@code mask_format} polygon) or COCO RLE.
 *
 * <pre>{@code
 * for (SegmentationPrediction p : result.predictions()) {
 *   System.out.println(p.detection().className() + ": " + p.polygon().size() + " vertices");
 * }
 * }</pre>
 */
public final class SegmentationPrediction {
  private final Detection detection;
  private final List<double[]> polygon;
  private final String rleCounts;

  SegmentationPrediction(Detection detection, List<double[]> polygon, String rleCounts) {
    this.detection = detection;
    this.polygon = Collections.unmodifiableList(polygon);
    this.rleCounts = rleCounts;
  }

  public Detection detection() {
    return detection;
  }

  /** Vertices {@code [x, y]} of the mask's outline; empty when the mask came as RLE. */
  public List<double[]> polygon() {
    return polygon;
  }

  /** COCO RLE counts (column-major, at the original resolution), or null when the mask came as a polygon. */
  public String rleCounts() {
    return rleCounts;
  }
}
