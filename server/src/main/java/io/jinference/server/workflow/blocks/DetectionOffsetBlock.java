package io.jinference.server.workflow.blocks;

import io.jinference.server.workflow.engine.Block;
import io.jinference.server.workflow.engine.BlockManifest;
import io.jinference.server.workflow.engine.Kind;
import io.jinference.server.workflow.engine.Values;
import io.jinference.server.workflow.engine.WorkflowException;
import jakarta.inject.Singleton;
import java.util.Map;

/**
 * {@code roboflow_core/detection_offset@v1}: grows every box by {@code offset_width} and {@code
 * offset_height} in all (half on each side, Python's floor division as Roboflow), clipped to the
 * image. {@code units} is {@code Pixels} (default) or {@code Percent (%)} of the image's width and
 * height, rounded up. Masks and keypoints stay as they are, as in Roboflow.
 */
@Singleton
final class DetectionOffsetBlock implements Block {
  static final String PIXELS = "Pixels";
  static final String PERCENT = "Percent (%)";

  private static final BlockManifest MANIFEST =
      BlockManifest.of("roboflow_core/detection_offset@v1", "DetectionOffset")
          .required("predictions", Kind.OBJECT_DETECTION)
          .required("offset_width", Kind.INTEGER)
          .required("offset_height", Kind.INTEGER)
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
      throw WorkflowException.definition(
          "detection_offset units must be '"
              + PIXELS
              + "' or '"
              + PERCENT
              + "', not '"
              + units
              + "'.");
    }
    long width = positive(in.get("offset_width"), "offset_width");
    long height = positive(in.get("offset_height"), "offset_height");
    if (units.equals(PERCENT)) {
      width = (long) Math.ceil(d.width() * width / 100.0);
      height = (long) Math.ceil(d.height() * height / 100.0);
    }
    return Map.of("predictions", d.grown(width, height));
  }

  private static long positive(Object value, String field) {
    if (value instanceof Number
        && ((Number) value).doubleValue() == Math.rint(((Number) value).doubleValue())
        && ((Number) value).longValue() > 0
        && ((Number) value).longValue() <= 1_000_000) {
      return ((Number) value).longValue();
    }
    throw WorkflowException.definition(
        "detection_offset " + field + " must be a positive integer, not " + value + ".");
  }
}
