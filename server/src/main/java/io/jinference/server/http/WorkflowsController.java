package io.jinference.server.http;

import io.jinference.server.error.NotServedException;
import io.jinference.server.http.api.WorkflowsApi;
import io.jinference.server.http.model.PredefinedWorkflowInferenceRequest;
import io.jinference.server.http.model.WorkflowInferenceResponse;
import io.jinference.server.http.model.WorkflowSpecificationInferenceRequest;
import io.micronaut.http.annotation.Controller;

/** Workflow routes: declared so clients can be built against them; the execution engine is not built yet (501). */
@Controller
class WorkflowsController implements WorkflowsApi {
  private static final String FEATURE = "Workflows";

  @Override
  public WorkflowInferenceResponse runWorkflow(WorkflowSpecificationInferenceRequest request) {
    throw new NotServedException(FEATURE);
  }

  @Override
  public WorkflowInferenceResponse runWorkflowAlias(WorkflowSpecificationInferenceRequest request) {
    throw new NotServedException(FEATURE);
  }

  @Override
  public WorkflowInferenceResponse runPredefinedWorkflow(String workspaceName, String workflowId,
      PredefinedWorkflowInferenceRequest request) {
    throw new NotServedException(FEATURE);
  }

  @Override
  public WorkflowInferenceResponse runPredefinedWorkflowAlias(String workspaceName, String workflowId,
      PredefinedWorkflowInferenceRequest request) {
    throw new NotServedException(FEATURE);
  }
}
