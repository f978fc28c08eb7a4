package io.jinference.server.workflow.blocks;

import io.jinference.server.workflow.engine.Block;
import io.jinference.server.workflow.engine.BlockManifest;
import io.jinference.server.workflow.engine.Kind;
import io.jinference.server.workflow.engine.WorkflowException;
import io.jinference.server.workflow.query.QueryLanguage;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code roboflow_core/expression@v1}: named {@code data} (selectors or literals), each optionally
 * transformed by its {@code data_operations}, then a {@code switch} ({@code CasesDefinition}): the
 * result of the first {@code CaseDefinition} whose {@code condition} holds, else the {@code
 * default}. A result is a {@code StaticCaseResult} ({@code value}) or a {@code DynamicCaseResult}
 * ({@code parameter_name}, optional {@code operations}).
 */
@Singleton
final class ExpressionBlock implements Block {
  private static final BlockManifest MANIFEST =
      BlockManifest.of("roboflow_core/expression@v1", "Expression")
          .required("data", Kind.ANY)
          .optional("data_operations", Kind.ANY, Map.of())
          .required("switch", Kind.ANY)
          .output("output", Kind.ANY)
          .build();

  @Override
  public BlockManifest manifest() {
    return MANIFEST;
  }

  @Override
  @SuppressWarnings("unchecked")
  public Map<String, Object> run(Map<String, Object> in, StepContext context) {
    if (!(in.get("data") instanceof Map)
        || !(in.get("data_operations") instanceof Map)
        || !(in.get("switch") instanceof Map)) {
      throw WorkflowException.definition(
          "expression needs objects for data, data_operations and switch.");
    }
    Map<String, Object> parameters = new HashMap<>((Map<String, Object>) in.get("data"));
    ((Map<String, Object>) in.get("data_operations"))
        .forEach(
            (name, operations) ->
                parameters.put(
                    name, QueryLanguage.apply(operations, parameters.get(name), parameters)));
    Map<String, Object> cases = (Map<String, Object>) in.get("switch");
    Object chosen = cases.get("default");
    Object listed = cases.get("cases") == null ? List.of() : cases.get("cases");
    for (Object c : QueryLanguage.list(listed, "switch.cases")) {
      Map<?, ?> definition = QueryLanguage.map(c, "case");
      if (QueryLanguage.evaluate(definition.get("condition"), parameters, null)) {
        chosen = definition.get("result");
        break;
      }
    }
    return java.util.Collections.singletonMap("output", result(chosen, parameters));
  }

  private static Object result(Object result, Map<String, Object> parameters) {
    if (!(result instanceof Map)) {
      throw WorkflowException.definition(
          "expression needs a default result (StaticCaseResult or " + "DynamicCaseResult).");
    }
    Map<?, ?> r = (Map<?, ?>) result;
    switch (String.valueOf(r.get("type"))) {
      case "StaticCaseResult":
        return r.get("value");
      case "DynamicCaseResult":
        {
          Object value = parameters.get(String.valueOf(r.get("parameter_name")));
          return r.get("operations") == null
              ? value
              : QueryLanguage.apply(r.get("operations"), value, parameters);
        }
      default:
        throw WorkflowException.definition("Unsupported expression result type: " + r.get("type"));
    }
  }
}
