package io.jinference.server.workflow;

import io.jinference.server.inference.Detection;
import io.jinference.server.inference.Keypoint;
import jakarta.inject.Singleton;
import java.util.ArrayList;
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
    Values.Detections d = (Values.Detections) in.get("predictions");
    Map<String, Object> parameters = (Map<String, Object>) in.get("operations_parameters");
    for (Object op : (List<Object>) in.get("operations")) {
      Map<?, ?> operation = (Map<?, ?>) op;
      if (!"DetectionsFilter".equals(operation.get("type"))) {
        throw WorkflowException.definition("detections_filter supports operations of type DetectionsFilter, not "
            + operation.get("type"));
      }
      List<Detection> kept = new ArrayList<>();
      List<List<double[]>> polygons = d.polygons() == null ? null : new ArrayList<>();
      List<List<Keypoint>> keypoints = d.keypoints() == null ? null : new ArrayList<>();
      for (int i = 0; i < d.detections().size(); i++) {
        if (QueryLanguage.evaluate(operation.get("filter_operation"), parameters, d.detections().get(i))) {
          kept.add(d.detections().get(i));
          if (polygons != null) {
            polygons.add(d.polygons().get(i));
          }
          if (keypoints != null) {
            keypoints.add(d.keypoints().get(i));
          }
        }
      }
      d = new Values.Detections(d.width(), d.height(), kept, polygons, keypoints);
    }
    return Map.of("predictions", d);
  }
}
