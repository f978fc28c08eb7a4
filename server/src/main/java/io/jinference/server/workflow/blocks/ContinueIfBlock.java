package io.jinference.server.workflow.blocks;

import io.jinference.server.workflow.engine.Block;
import io.jinference.server.workflow.engine.BlockManifest;
import io.jinference.server.workflow.engine.Kind;
import io.jinference.server.workflow.query.QueryLanguage;
import jakarta.inject.Singleton;
import java.util.Map;

/**
 * {@code roboflow_core/continue_if@v1}: flow control. When {@code condition_statement} (query
 * language over the named {@code evaluation_parameters}) is false, the steps in {@code next_steps},
 * and everything that depends on them, do not run and their outputs are null.
 */
@Singleton
final class ContinueIfBlock implements Block {
  private static final BlockManifest MANIFEST =
      BlockManifest.of("roboflow_core/continue_if@v1", "ContinueIf")
          .required("condition_statement", Kind.ANY)
          .optional("evaluation_parameters", Kind.ANY, Map.of())
          .required("next_steps", Kind.LIST)
          .build();

  @Override
  public BlockManifest manifest() {
    return MANIFEST;
  }

  @Override
  @SuppressWarnings("unchecked")
  public Map<String, Object> run(Map<String, Object> in, StepContext context) {
    boolean go =
        QueryLanguage.evaluate(
            in.get("condition_statement"),
            (Map<String, Object>)
                QueryLanguage.map(in.get("evaluation_parameters"), "evaluation_parameters"),
            null);
    return Map.of(CONTINUE, go);
  }
}
