package io.jinference.sdk;

import io.jinference.sdk.internal.Calls;
import io.jinference.sdk.internal.ImageEncoder;
import io.jinference.sdk.internal.Transport;
import io.jinference.sdk.internal.model.PredefinedWorkflowInferenceRequest;
import io.jinference.sdk.internal.model.WorkflowInferenceResponse;
import io.jinference.sdk.internal.model.WorkflowSpecificationInferenceRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * Runs workflows: saved ones ({@code POST /{workspace}/workflows/{id}}) and specifications ({@code
 * POST /workflows/run}). {@link #runWorkflowAsync} waits on no thread.
 *
 * <pre>{@code
 * WorkflowResult r = client.workflows().runWorkflow(WorkflowRequest.builder()
 *     .workspace("my-workspace").workflowId("count-people")
 *     .image("image", ImageSource.path(Path.of("crowd.jpg")))
 *     .build());
 * System.out.println(r.outputs().get(0).get("count"));
 * }</pre>
 */
public final class WorkflowsService {
  private final Transport transport;
  private final ImageEncoder images;
  private final InferenceConfiguration configuration;
  private final @Nullable String apiKey;

  WorkflowsService(
      Transport transport,
      ImageEncoder images,
      InferenceConfiguration configuration,
      @Nullable String apiKey) {
    this.transport = transport;
    this.images = images;
    this.configuration = configuration;
    this.apiKey = apiKey;
  }

  /**
   * Images are sent as base64 (URLs too, unless the configuration lets the server fetch them).
   *
   * @param request what to run
   * @return the workflow's outputs
   */
  public WorkflowResult runWorkflow(WorkflowRequest request) {
    return Calls.await(runWorkflowAsync(request));
  }

  /**
   * Like {@link #runWorkflow(WorkflowRequest)}, without blocking the caller.
   *
   * @param request what to run
   * @return a future of the answer, failed with an {@link InferenceException} if the call fails
   */
  public CompletableFuture<WorkflowResult> runWorkflowAsync(WorkflowRequest request) {
    return images.offThread(() -> inputs(request)).thenCompose(inputs -> send(request, inputs));
  }

  private Map<String, Object> inputs(WorkflowRequest request) {
    Map<String, Object> inputs = new LinkedHashMap<>(request.parameters());
    for (Map.Entry<String, ImageSource> e : request.images().entrySet()) {
      ImageEncoder.Encoded encoded =
          images.encode(e.getValue().data(), configuration.urlImagesFetchedByServer());
      Map<String, Object> image = new LinkedHashMap<>();
      image.put("type", encoded.type);
      image.put("value", encoded.value);
      inputs.put(e.getKey(), image);
    }
    return inputs;
  }

  private CompletableFuture<WorkflowResult> send(
      WorkflowRequest request, Map<String, Object> inputs) {
    List<String> excluded = request.excludedFields().isEmpty() ? null : request.excludedFields();
    CompletableFuture<WorkflowInferenceResponse> response;
    if (request.specification() != null) {
      WorkflowSpecificationInferenceRequest body =
          new WorkflowSpecificationInferenceRequest()
              .apiKey(apiKey)
              .inputs(inputs)
              .excludedFields(excluded)
              .specification(request.specification());
      response =
          transport.calls.enqueue(
              transport.workflows.runWorkflow(body, null /* key in the body */),
              "POST /workflows/run");
    } else {
      PredefinedWorkflowInferenceRequest body =
          new PredefinedWorkflowInferenceRequest()
              .apiKey(apiKey)
              .inputs(inputs)
              .excludedFields(excluded)
              .useCache(request.useCache())
              .workflowVersionId(request.workflowVersionId());
      response =
          transport.calls.enqueue(
              transport.workflows.runPredefinedWorkflow(
                  request.workspace(), request.workflowId(), body, null /* key in the body */),
              "POST /" + request.workspace() + "/workflows/" + request.workflowId());
    }
    return response.thenApply(r -> new WorkflowResult(r.getOutputs()));
  }
}
