package io.jinference.sdk;

import io.jinference.sdk.internal.model.InitialisePipelinePayload;
import io.jinference.sdk.internal.model.PipelineCommandRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * Inference pipelines ({@code /inference_pipelines/*}): a saved workflow run on every frame of a
 * video stream, with the method names of Roboflow's Python client. Answers are Roboflow's JSON as
 * maps. Experimental: jinference answers these routes with 501 until its pipelines are built, and
 * the answers will become typed values then.
 *
 * <pre>{@code
 * Map<String, Object> started = client.pipelines().startInferencePipelineWithWorkflow(
 *     "rtsp://camera.local/stream", "my-workspace", "count-people", Map.of());
 * }</pre>
 */
@Experimental
public final class PipelinesService {
  private final Transport transport;
  private final @Nullable String apiKey;

  PipelinesService(Transport transport, @Nullable String apiKey) {
    this.transport = transport;
    this.apiKey = apiKey;
  }

  /**
   * {@code POST /inference_pipelines/initialise}. Answers Roboflow's command response ({@code
   * status}, {@code context.pipeline_id}).
   */
  public Map<String, Object> startInferencePipelineWithWorkflow(
      String videoReference,
      String workspace,
      String workflowId,
      @Nullable Map<String, Object> workflowParameters) {
    return Calls.await(
        startInferencePipelineWithWorkflowAsync(
            videoReference, workspace, workflowId, workflowParameters));
  }

  public CompletableFuture<Map<String, Object>> startInferencePipelineWithWorkflowAsync(
      String videoReference,
      String workspace,
      String workflowId,
      @Nullable Map<String, Object> workflowParameters) {
    Map<String, Object> video = new LinkedHashMap<>();
    video.put("type", "VideoConfiguration");
    video.put("video_reference", videoReference);
    Map<String, Object> processing = new LinkedHashMap<>();
    processing.put("type", "WorkflowConfiguration");
    processing.put("workspace_name", workspace);
    processing.put("workflow_id", workflowId);
    processing.put("image_input_name", "image");
    if (workflowParameters != null) {
      processing.put("workflows_parameters", workflowParameters);
    }
    Map<String, Object> sink = new LinkedHashMap<>();
    sink.put("type", "MemorySinkConfiguration");
    sink.put("results_buffer_size", 64);
    InitialisePipelinePayload payload =
        new InitialisePipelinePayload()
            .apiKey(apiKey)
            .videoConfiguration(video)
            .processingConfiguration(processing)
            .sinkConfiguration(sink);
    return map(
        transport.pipelines.initialisePipeline(payload), "POST /inference_pipelines/initialise");
  }

  /** {@code GET /inference_pipelines/list}: ids of the running pipelines. */
  public List<String> listInferencePipelines() {
    return Calls.await(listInferencePipelinesAsync());
  }

  public CompletableFuture<List<String>> listInferencePipelinesAsync() {
    return transport
        .calls
        .enqueue(
            transport.pipelines.listInferencePipelines(apiKey), "GET /inference_pipelines/list")
        .thenApply(r -> List.copyOf(r.getPipelines()));
  }

  public Map<String, Object> getInferencePipelineStatus(String pipelineId) {
    return Calls.await(getInferencePipelineStatusAsync(pipelineId));
  }

  public CompletableFuture<Map<String, Object>> getInferencePipelineStatusAsync(String pipelineId) {
    return map(
        transport.pipelines.getInferencePipelineStatus(pipelineId, apiKey),
        "GET /inference_pipelines/" + pipelineId + "/status");
  }

  public Map<String, Object> pauseInferencePipeline(String pipelineId) {
    return Calls.await(pauseInferencePipelineAsync(pipelineId));
  }

  public CompletableFuture<Map<String, Object>> pauseInferencePipelineAsync(String pipelineId) {
    return map(
        transport.pipelines.pauseInferencePipeline(pipelineId, keyBody()),
        "POST /inference_pipelines/" + pipelineId + "/pause");
  }

  public Map<String, Object> resumeInferencePipeline(String pipelineId) {
    return Calls.await(resumeInferencePipelineAsync(pipelineId));
  }

  public CompletableFuture<Map<String, Object>> resumeInferencePipelineAsync(String pipelineId) {
    return map(
        transport.pipelines.resumeInferencePipeline(pipelineId, keyBody()),
        "POST /inference_pipelines/" + pipelineId + "/resume");
  }

  public Map<String, Object> terminateInferencePipeline(String pipelineId) {
    return Calls.await(terminateInferencePipelineAsync(pipelineId));
  }

  public CompletableFuture<Map<String, Object>> terminateInferencePipelineAsync(String pipelineId) {
    return map(
        transport.pipelines.terminateInferencePipeline(pipelineId, keyBody()),
        "POST /inference_pipelines/" + pipelineId + "/terminate");
  }

  /**
   * Results buffered since the last call, without {@code excludedFields}. Roboflow's Python client
   * asks the server to drop them with a JSON body on this GET; OkHttp sends no body on a GET, so
   * they are dropped here instead.
   */
  public Map<String, Object> consumeInferencePipelineResult(
      String pipelineId, @Nullable List<String> excludedFields) {
    return Calls.await(consumeInferencePipelineResultAsync(pipelineId, excludedFields));
  }

  @SuppressWarnings("unchecked")
  public CompletableFuture<Map<String, Object>> consumeInferencePipelineResultAsync(
      String pipelineId, @Nullable List<String> excludedFields) {
    return map(
            transport.pipelines.consumeInferencePipelineResult(pipelineId, apiKey),
            "GET /inference_pipelines/" + pipelineId + "/consume")
        .thenApply(
            answer -> {
              if (excludedFields == null
                  || excludedFields.isEmpty()
                  || !(answer.get("outputs") instanceof List)) {
                return answer;
              }
              Map<String, Object> result = new LinkedHashMap<>(answer);
              List<Object> outputs = new ArrayList<>();
              for (Object o : (List<Object>) answer.get("outputs")) {
                if (o instanceof Map) {
                  Map<String, Object> kept = new LinkedHashMap<>((Map<String, Object>) o);
                  excludedFields.forEach(kept::remove);
                  outputs.add(Collections.unmodifiableMap(kept));
                } else {
                  outputs.add(o);
                }
              }
              result.put("outputs", Collections.unmodifiableList(outputs));
              return Collections.unmodifiableMap(result);
            });
  }

  /**
   * The key on a pipeline command, as Roboflow's Python client sends it ({@code {"api_key": ...}});
   * on the GET calls it travels as the {@code api_key} query parameter, since OkHttp sends no body
   * on a GET.
   */
  private PipelineCommandRequest keyBody() {
    return new PipelineCommandRequest().apiKey(apiKey);
  }

  @SuppressWarnings("unchecked")
  private <T> CompletableFuture<Map<String, Object>> map(retrofit2.Call<T> call, String what) {
    return transport
        .calls
        .enqueue(call, what)
        .thenApply(
            generated ->
                Collections.unmodifiableMap(transport.mapper.convertValue(generated, Map.class)));
  }
}
