package io.jinference.server.workflow;

import jakarta.inject.Singleton;
import java.util.Map;

/**
 * {@code roboflow_core/detections_transformation@v1}: detections through a list of query-language operations that
 * give detections ({@code DetectionsFilter}, {@code SortDetections}, {@code DetectionsSelection}), with named
 * {@code operations_parameters}.
 */
@Singleton
final class DetectionsTransformationBlock implements Block {
  private static final BlockManifest MANIFEST = BlockManifest.of("roboflow_core/detections_transformation@v1",
          "DetectionsTransformation")
      .required("predictions", Kind.OBJECT_DETECTION).required("operations", Kind.LIST)
      .optional("operations_parameters", Kind.ANY, Map.of())
      .output("predictions", Kind.OBJECT_DETECTION)
      .build();

  @Override
  public BlockManifest manifest() {
    return MANIFEST;
  }

  @Override
  @SuppressWarnings("unchecked")
  public Map<String, Object> run(Map<String, Object> in, StepContext context) {
    Object out = QueryLanguage.apply(in.get("operations"), in.get("predictions"),
        (Map<String, Object>) in.get("operations_parameters"));
    if (!(out instanceof Values.Detections)) {
      throw WorkflowException.definition("detections_transformation operations must give detections (filter, sort,"
          + " select), not " + (out == null ? "null" : out.getClass().getSimpleName()) + ".");
    }
    return Map.of("predictions", out);
  }
}
