package io.jinference.server.workflow;

import io.jinference.server.inference.task.Detection;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code roboflow_core/detection_offset@v1}: grows every box by {@code offset_width} and {@code offset_height} in
 * all (half on each side, Python's floor division as Roboflow), clipped to the image. {@code units} is
 * {@code Pixels} (default) or {@code Percent (%)} of the image's width and height, rounded up. Masks and
 * keypoints stay as they are, as in Roboflow.
 */
@Singleton
final class DetectionOffsetBlock implements Block {
  static final String PIXELS = "Pixels";
  static final String PERCENT = "Percent (%)";

  private static final BlockManifest MANIFEST = BlockManifest.of("roboflow_core/detection_offset@v1",
          "DetectionOffset")
      .required("predictions", Kind.OBJECT_DETECTION)
      .required("offset_width", Kind.INTEGER).required("offset_height", Kind.INTEGER)
      .optional("units", Kind.STRING, PIXELS)
      .output("predictions", Kind.OBJECT_DETECTION)
      .build();

  @Override
  public BlockManifest manifest() {
    return MANIFEST;
  }

  @Override
  public Map<String, Object> run(Map<String, Object> in, StepContext context) {
    Values.Detections d = (Values.Detections) in.get("predictions");
    String units = String.valueOf(in.get("units"));
    if (!units.equals(PIXELS) && !units.equals(PERCENT)) {
      throw WorkflowException.definition("detection_offset units must be '" + PIXELS + "' or '" + PERCENT
          + "', not '" + units + "'.");
    }
    long width = positive(in.get("offset_width"), "offset_width");
    long height = positive(in.get("offset_height"), "offset_height");
    if (units.equals(PERCENT)) {
      width = (long) Math.ceil(d.width() * width / 100.0);
      height = (long) Math.ceil(d.height() * height / 100.0);
    }
    return Map.of("predictions", grow(d, width, height));
  }

  /** Every box grown by {@code width} and {@code height} pixels in all, clipped to the image. */
  static Values.Detections grow(Values.Detections d, long width, long height) {
    long dx = Math.floorDiv(width, 2);
    long dy = Math.floorDiv(height, 2);
    List<Detection> grown = new ArrayList<>(d.detections().size());
    for (Detection det : d.detections()) {
      grown.add(new Detection(Math.max(0, det.x1() - dx), Math.max(0, det.y1() - dy),
          Math.min(d.width(), det.x2() + dx), Math.min(d.height(), det.y2() + dy), det.confidence(),
          det.classConfidence(), det.classId(), det.className()));
    }
    return d.with(grown, d.polygons(), d.keypoints());
  }

  private static long positive(Object value, String field) {
    if (value instanceof Number && ((Number) value).doubleValue() == Math.rint(((Number) value).doubleValue())
        && ((Number) value).longValue() > 0 && ((Number) value).longValue() <= 1_000_000) {
      return ((Number) value).longValue();
    }
    throw WorkflowException.definition("detection_offset " + field + " must be a positive integer, not " + value
        + ".");
  }
}
