package io.jinference.server.workflow.blocks;

import io.jinference.server.workflow.engine.Block;
import io.jinference.server.workflow.engine.BlockManifest;
import io.jinference.server.workflow.engine.Kind;
import io.jinference.server.workflow.query.QueryLanguage;
import jakarta.inject.Singleton;
import java.util.Map;

/**
 * {@code roboflow_core/property_definition@v1}: a value computed from {@code data} by a list of
 * query-language {@code operations} (for example the number of detections, their classes, a
 * classifier's top class).
 */
@Singleton
final class PropertyDefinitionBlock implements Block {
  private static final BlockManifest MANIFEST =
      BlockManifest.of(
              "roboflow_core/property_definition@v1", "PropertyDefinition", "PropertyExtraction")
          .required("data", Kind.ANY)
          .required("operations", Kind.LIST)
          .output("output", Kind.ANY)
          .build();

  @Override
  public BlockManifest manifest() {
    return MANIFEST;
  }

  @Override
  public Map<String, Object> run(Map<String, Object> in, StepContext context) {
    Object output = QueryLanguage.apply(in.get("operations"), in.get("data"), Map.of());
    return java.util.Collections.singletonMap("output", output);
  }
}
