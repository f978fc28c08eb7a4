package io.jinference.server.http;

import io.jinference.server.http.api.WorkflowsApi;
import io.jinference.server.http.model.PredefinedWorkflowInferenceRequest;
import io.jinference.server.http.model.WorkflowInferenceResponse;
import io.jinference.server.http.model.WorkflowSpecificationInferenceRequest;
import io.jinference.server.workflow.Workflows;
import io.micronaut.http.annotation.Controller;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/** Workflow routes: by specification ({@code /workflows/run}) or by saved id, with their deprecated aliases. */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
class WorkflowsController implements WorkflowsApi {
  private final Workflows workflows;

  WorkflowsController(Workflows workflows) {
    this.workflows = workflows;
  }

  @Override
  public WorkflowInferenceResponse runWorkflow(WorkflowSpecificationInferenceRequest request) {
    return new WorkflowInferenceResponse(workflows.run(request.getSpecification(), request.getInputs(),
        request.getExcludedFields(), ApiKeys.resolve(null, request.getApiKey())));
  }

  @Override
  public WorkflowInferenceResponse runWorkflowAlias(WorkflowSpecificationInferenceRequest request) {
    return runWorkflow(request);
  }

  @Override
  public WorkflowInferenceResponse runPredefinedWorkflow(String workspaceName, String workflowId,
      PredefinedWorkflowInferenceRequest request) {
    return new WorkflowInferenceResponse(workflows.runPredefined(workspaceName, workflowId,
        request.getWorkflowVersionId(), request.getInputs(), request.getExcludedFields(),
        ApiKeys.resolve(null, request.getApiKey())));
  }

  @Override
  public WorkflowInferenceResponse runPredefinedWorkflowAlias(String workspaceName, String workflowId,
      PredefinedWorkflowInferenceRequest request) {
    return runPredefinedWorkflow(workspaceName, workflowId, request);
  }
}
