package io.jinference.server.workflow;

import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;

/**
 * {@code roboflow_core/detections_filter@v1}: keeps the detections for which a query-language statement holds
 * ({@code operations: [{"type": "DetectionsFilter", "filter_operation": ...}]}, with named
 * {@code operations_parameters}). Masks and keypoints stay with their detections.
 */
@Singleton
final class DetectionsFilterBlock implements Block {
  private static final BlockManifest MANIFEST = BlockManifest.of("roboflow_core/detections_filter@v1",
          "DetectionsFilter")
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
    for (Object op : (List<Object>) in.get("operations")) {
      if (!"DetectionsFilter".equals(((Map<?, ?>) op).get("type"))) {
        throw WorkflowException.definition("detections_filter supports operations of type DetectionsFilter, not "
            + ((Map<?, ?>) op).get("type"));
      }
    }
    return Map.of("predictions", QueryLanguage.apply(in.get("operations"), in.get("predictions"),
        (Map<String, Object>) in.get("operations_parameters")));
  }
}
