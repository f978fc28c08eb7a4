package io.jinference.sdk;

import io.jinference.sdk.internal.Calls;
import io.jinference.sdk.internal.Transport;
import io.jinference.sdk.internal.model.CommandResponse;
import io.jinference.sdk.internal.model.ConsumePipelineResponse;
import io.jinference.sdk.internal.model.InitialisePipelinePayload;
import io.jinference.sdk.internal.model.PipelineCommandRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * Inference pipelines ({@code /inference_pipelines/*}): a workflow run by the server on every frame
 * of a video file, a stream or a camera, its results collected with {@link Pipeline#consume()}.
 *
 * <pre>{@code
 * Pipeline pipeline = client.pipelines().start(PipelineRequest.builder()
 *     .videoReference("rtsp://camera.local/stream")
 *     .workflow("my-workspace", "count-people")
 *     .build());
 * PipelineResults results = pipeline.consume();
 * }</pre>
 */
public final class PipelinesService {
  private final Transport transport;
  private final @Nullable String apiKey;

  PipelinesService(Transport transport, @Nullable String apiKey) {
    this.transport = transport;
    this.apiKey = apiKey;
  }

  /**
   * Starts a pipeline ({@code POST /inference_pipelines/initialise}).
   *
   * @param request what to run
   * @return a handle on the started pipeline
   */
  public Pipeline start(PipelineRequest request) {
    return Calls.await(startAsync(request));
  }

  /**
   * Like {@link #start(PipelineRequest)}, without blocking the caller.
   *
   * @param request what to run
   * @return a future of the answer, failed with an {@link InferenceException} if the call fails
   */
  public CompletableFuture<Pipeline> startAsync(PipelineRequest request) {
    InitialisePipelinePayload payload =
        new InitialisePipelinePayload()
            .apiKey(apiKey)
            .videoConfiguration(request.videoConfiguration())
            .processingConfiguration(request.processingConfiguration())
            .sinkConfiguration(request.sinkConfiguration())
            .consumptionTimeout(request.consumptionTimeoutSeconds());
    return transport
        .calls
        .enqueue(
            transport.pipelines.initialisePipeline(payload, null),
            "POST /inference_pipelines/initialise")
        .thenApply(r -> new Pipeline(this, pipelineId(r)));
  }

  /**
   * A handle on a pipeline started earlier (no call is made).
   *
   * @param pipelineId the pipeline's id, as {@link Pipeline#id()} gives it
   * @return a handle on the pipeline
   */
  public Pipeline get(String pipelineId) {
    return new Pipeline(this, pipelineId);
  }

  /**
   * Ids of the server's pipelines ({@code GET /inference_pipelines/list}).
   *
   * @return the pipelines' ids
   */
  public List<String> list() {
    return Calls.await(listAsync());
  }

  /**
   * Like {@link #list()}, without blocking the caller.
   *
   * @return a future of the answer, failed with an {@link InferenceException} if the call fails
   */
  public CompletableFuture<List<String>> listAsync() {
    return transport
        .calls
        .enqueue(
            transport.pipelines.listInferencePipelines(apiKey), "GET /inference_pipelines/list")
        .thenApply(r -> List.copyOf(r.getPipelines()));
  }

  CompletableFuture<PipelineStatus> statusAsync(String id) {
    return transport
        .calls
        .enqueue(
            transport.pipelines.getInferencePipelineStatus(id, apiKey),
            "GET /inference_pipelines/" + id + "/status")
        .thenApply(r -> PipelineStatus.of(r.getReport() == null ? Map.of() : r.getReport()));
  }

  CompletableFuture<Void> commandAsync(String id, String command) {
    // the key travels in the body, as Roboflow's Python client sends it
    PipelineCommandRequest body = new PipelineCommandRequest().apiKey(apiKey);
    retrofit2.Call<CommandResponse> call;
    if (command.equals("pause")) {
      call = transport.pipelines.pauseInferencePipeline(id, null, body);
    } else if (command.equals("resume")) {
      call = transport.pipelines.resumeInferencePipeline(id, null, body);
    } else {
      call = transport.pipelines.terminateInferencePipeline(id, null, body);
    }
    return transport
        .calls
        .enqueue(call, "POST /inference_pipelines/" + id + "/" + command)
        .thenApply(r -> null);
  }

  CompletableFuture<PipelineResults> consumeAsync(String id, List<String> excludedFields) {
    return transport
        .calls
        .enqueue(
            transport.pipelines.consumeInferencePipelineResult(
                id, apiKey, excludedFields.isEmpty() ? null : excludedFields),
            "GET /inference_pipelines/" + id + "/consume")
        .thenApply(PipelinesService::results);
  }

  private static PipelineResults results(ConsumePipelineResponse r) {
    List<PipelineFrame> frames = new ArrayList<>();
    if (r.getFramesMetadata() != null) {
      for (Map<String, Object> m : r.getFramesMetadata()) {
        frames.add(
            new PipelineFrame(
                m.get("frame_id") instanceof Number ? ((Number) m.get("frame_id")).longValue() : 0,
                m.get("source_id") instanceof Number ? ((Number) m.get("source_id")).intValue() : 0,
                String.valueOf(m.get("frame_timestamp"))));
      }
    }
    return new PipelineResults(r.getOutputs() == null ? List.of() : r.getOutputs(), frames);
  }

  private static String pipelineId(CommandResponse r) {
    if (r.getContext() == null || r.getContext().getPipelineId() == null) {
      throw new InferenceException("the server started a pipeline but sent no pipeline_id");
    }
    return r.getContext().getPipelineId();
  }
}
