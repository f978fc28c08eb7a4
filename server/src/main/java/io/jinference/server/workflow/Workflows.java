package io.jinference.server.workflow;

import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;

/** The workflow feature's entry point for the HTTP layer: run by specification or by saved id. */
@Singleton
public final class Workflows {
  private final WorkflowRunner runner;
  private final PredefinedWorkflows predefined;

  Workflows(WorkflowRunner runner, PredefinedWorkflows predefined) {
    this.runner = runner;
    this.predefined = predefined;
  }

  public List<Map<String, Object>> run(Map<String, Object> specification, Map<String, Object> inputs,
      List<String> excludedFields, String apiKey) {
    return runner.run(specification, inputs, excludedFields, apiKey);
  }

  public List<Map<String, Object>> runPredefined(String workspace, String workflowId, String versionId,
      Map<String, Object> inputs, List<String> excludedFields, String apiKey) {
    return runner.run(predefined.specification(workspace, workflowId, versionId, apiKey), inputs, excludedFields,
        apiKey);
  }
}
