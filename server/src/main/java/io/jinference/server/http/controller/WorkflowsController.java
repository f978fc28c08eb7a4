package io.jinference.server.http.controller;

import io.jinference.server.http.api.WorkflowsApi;
import io.jinference.server.http.auth.RequestKeys;
import io.jinference.server.http.model.DescribeInterfaceRequest;
import io.jinference.server.http.model.DescribeInterfaceResponse;
import io.jinference.server.http.model.ExecutionEngineVersions;
import io.jinference.server.http.model.PredefinedWorkflowByNameRequest;
import io.jinference.server.http.model.PredefinedWorkflowInferenceRequest;
import io.jinference.server.http.model.WorkflowBlockDescription;
import io.jinference.server.http.model.WorkflowInferenceResponse;
import io.jinference.server.http.model.WorkflowSpecificationInferenceRequest;
import io.jinference.server.http.model.WorkflowValidationStatus;
import io.jinference.server.http.model.WorkflowsBlocksDescription;
import io.jinference.server.http.model.WorkflowsBlocksSchemaDescription;
import io.jinference.server.workflow.engine.Workflows;
import io.micronaut.http.annotation.Controller;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Workflow routes: by specification ({@code /workflows/run}) or by saved id, with their deprecated
 * aliases.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
class WorkflowsController implements WorkflowsApi {
  private final Workflows workflows;

  WorkflowsController(Workflows workflows) {
    this.workflows = workflows;
  }

  @Override
  public WorkflowInferenceResponse runWorkflow(
      WorkflowSpecificationInferenceRequest request, RequestKeys keys) {
    return new WorkflowInferenceResponse(
        workflows.run(
            request.getSpecification(),
            request.getInputs(),
            request.getExcludedFields(),
            keys.roboflowKey(request.getApiKey())));
  }

  @Override
  public ExecutionEngineVersions getExecutionEngineVersions() {
    return new ExecutionEngineVersions(Workflows.VERSIONS);
  }

  @Override
  public WorkflowValidationStatus validateWorkflow(
      Map<String, Object> definition, RequestKeys keys) {
    keys.roboflowKey(); // the body is the definition: a key must come in the query or header (401)
    workflows.validate(definition);
    return new WorkflowValidationStatus("ok");
  }

  @Override
  public WorkflowsBlocksDescription describeBlocks() {
    List<WorkflowBlockDescription> blocks = new ArrayList<>();
    for (Map<String, Object> d : workflows.describeBlocks()) {
      @SuppressWarnings("unchecked")
      WorkflowBlockDescription b =
          new WorkflowBlockDescription(
              (String) d.get("manifest_type_identifier"),
              (Map<String, Object>) d.get("block_schema"),
              (List<Map<String, Object>>) d.get("outputs_manifest"));
      @SuppressWarnings("unchecked")
      List<String> aliases = (List<String>) d.get("manifest_type_identifier_aliases");
      b.setManifestTypeIdentifierAliases(aliases);
      b.setHumanFriendlyBlockName((String) d.get("human_friendly_block_name"));
      blocks.add(b);
    }
    return new WorkflowsBlocksDescription(blocks, workflows.declaredKinds());
  }

  @Override
  public WorkflowsBlocksDescription describeBlocksPost(Map<String, Object> body) {
    return describeBlocks();
  }

  @Override
  public WorkflowInferenceResponse runWorkflowAlias(
      WorkflowSpecificationInferenceRequest request, RequestKeys keys) {
    return runWorkflow(request, keys);
  }

  @Override
  public WorkflowInferenceResponse runPredefinedWorkflow(
      String workspaceName,
      String workflowId,
      PredefinedWorkflowInferenceRequest request,
      RequestKeys keys) {
    return new WorkflowInferenceResponse(
        workflows.runPredefined(
            workspaceName,
            workflowId,
            request.getWorkflowVersionId(),
            useCache(request.getUseCache()),
            request.getInputs(),
            request.getExcludedFields(),
            keys.roboflowKey(request.getApiKey())));
  }

  @Override
  public WorkflowInferenceResponse runPredefinedWorkflowAlias(
      String workspaceName,
      String workflowId,
      PredefinedWorkflowInferenceRequest request,
      RequestKeys keys) {
    return runPredefinedWorkflow(workspaceName, workflowId, request, keys);
  }

  @Override
  public WorkflowInferenceResponse runWorkflowSpecificationSeedAlias(
      WorkflowSpecificationInferenceRequest request, RequestKeys keys) {
    return runWorkflow(request, keys);
  }

  @Override
  public WorkflowInferenceResponse runPredefinedWorkflowSeedAlias(
      PredefinedWorkflowByNameRequest request, RequestKeys keys) {
    return new WorkflowInferenceResponse(
        workflows.runPredefined(
            request.getWorkspaceName(),
            request.getWorkflowId(),
            request.getWorkflowVersionId(),
            useCache(request.getUseCache()),
            request.getInputs(),
            request.getExcludedFields(),
            keys.roboflowKey(request.getApiKey())));
  }

  @Override
  public DescribeInterfaceResponse describeWorkflowInterface(DescribeInterfaceRequest request) {
    return interfaceResponse(workflows.describeInterface(request.getSpecification()));
  }

  @Override
  public DescribeInterfaceResponse describePredefinedWorkflowInterface(
      String workspaceName,
      String workflowId,
      RequestKeys keys,
      PredefinedWorkflowInferenceRequest request) {
    PredefinedWorkflowInferenceRequest r =
        request == null ? new PredefinedWorkflowInferenceRequest() : request;
    return interfaceResponse(
        workflows.describePredefinedInterface(
            workspaceName,
            workflowId,
            r.getWorkflowVersionId(),
            useCache(r.getUseCache()),
            keys.roboflowKey(r.getApiKey())));
  }

  @Override
  public WorkflowsBlocksSchemaDescription getWorkflowDefinitionSchema() {
    return new WorkflowsBlocksSchemaDescription(workflows.definitionSchema());
  }

  /** Roboflow's default is to use the cache; only an explicit false skips it. */
  private static boolean useCache(Boolean requested) {
    return !Boolean.FALSE.equals(requested);
  }

  @SuppressWarnings("unchecked")
  private static DescribeInterfaceResponse interfaceResponse(Map<String, Object> described) {
    return new DescribeInterfaceResponse(
        (Map<String, List<String>>) described.get("inputs"),
        (Map<String, Object>) described.get("outputs"),
        (Map<String, String>) described.get("typing_hints"),
        (Map<String, Object>) described.get("kinds_schemas"));
  }
}
