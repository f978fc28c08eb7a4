package io.jinference.server.workflow.blocks;

import io.jinference.server.workflow.engine.Block;
import io.jinference.server.workflow.engine.BlockManifest;
import io.jinference.server.workflow.engine.Kind;
import io.jinference.server.workflow.engine.WorkflowException;
import io.jinference.server.workflow.query.QueryLanguage;
import java.util.Map;
import java.util.Set;

/**
 * Detections through query-language {@code operations} with named {@code operations_parameters},
 * giving detections: the shared body of {@code detections_filter} (filter operations only) and
 * {@code detections_transformation} (filter, sort, select).
 */
abstract class DetectionsOperationsBlock implements Block {
  private final BlockManifest manifest;
  private final Set<String> allowed;

  DetectionsOperationsBlock(String identifier, String alias, Set<String> allowed) {
    this.manifest =
        BlockManifest.of(identifier, alias)
            .required("predictions", Kind.OBJECT_DETECTION)
            .required("operations", Kind.LIST)
            .optional("operations_parameters", Kind.ANY, Map.of())
            .output("predictions", Kind.OBJECT_DETECTION)
            .build();
    this.allowed = allowed;
  }

  @Override
  public BlockManifest manifest() {
    return manifest;
  }

  @Override
  @SuppressWarnings("unchecked")
  public Map<String, Object> run(Map<String, Object> in, StepContext context) {
    for (Object op : QueryLanguage.list(in.get("operations"), "operations")) {
      Object type = QueryLanguage.map(op, "operation").get("type");
      if (!allowed.contains(String.valueOf(type))) {
        throw WorkflowException.definition(
            manifest.identifier()
                + " supports operations of type "
                + new java.util.TreeSet<>(allowed)
                + ", not "
                + type);
      }
    }
    if (!(in.get("operations_parameters") instanceof Map)) {
      throw WorkflowException.definition("operations_parameters must be an object.");
    }
    return Map.of(
        "predictions",
        QueryLanguage.apply(
            in.get("operations"),
            in.get("predictions"),
            (Map<String, Object>) in.get("operations_parameters")));
  }
}
