package io.jinference.server.http.controller;

import io.jinference.server.http.api.PipelinesApi;
import io.jinference.server.http.auth.RequestKeys;
import io.jinference.server.http.filter.ConsumeBodyFilter;
import io.jinference.server.http.filter.RequestIdFilter;
import io.jinference.server.http.model.CommandResponse;
import io.jinference.server.http.model.ConsumePipelineResponse;
import io.jinference.server.http.model.InferencePipelineStatusResponse;
import io.jinference.server.http.model.InitialisePipelinePayload;
import io.jinference.server.http.model.ListPipelinesResponse;
import io.jinference.server.http.model.PipelineCommandRequest;
import io.jinference.server.http.model.PipelineContext;
import io.jinference.server.pipeline.PipelineManager;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.context.ServerRequestContext;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Inference pipelines ({@code /inference_pipelines/*}, and the seed documents' {@code
 * /stream/pipelines}): thin mapping of Roboflow's command responses onto {@link PipelineManager}.
 * Initialise opens files and may fetch a saved workflow, so the routes run off the event loop.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
class PipelinesController implements PipelinesApi {
  private static final String SUCCESS = "success";
  private final PipelineManager pipelines;

  PipelinesController(PipelineManager pipelines) {
    this.pipelines = pipelines;
  }

  @Override
  public ListPipelinesResponse listInferencePipelines(RequestKeys keys) {
    return new ListPipelinesResponse(SUCCESS, pipelines.list()).context(context(null));
  }

  @Override
  public ListPipelinesResponse listStreamPipelines(RequestKeys keys) {
    return listInferencePipelines(keys);
  }

  @Override
  public CommandResponse initialisePipeline(InitialisePipelinePayload payload, RequestKeys keys) {
    String roboflowKey = keys.roboflowKey(payload.getApiKey());
    Map<String, Object> extra = new HashMap<>();
    if (payload.getDecodingBufferSize() != null) {
      extra.put("decoding_buffer_size", payload.getDecodingBufferSize());
    }
    String id =
        pipelines.initialise(
            payload.getVideoConfiguration(),
            payload.getProcessingConfiguration(),
            payload.getSinkConfiguration(),
            payload.getConsumptionTimeout(),
            extra,
            roboflowKey);
    return command(id);
  }

  @Override
  public CommandResponse createStreamPipeline(InitialisePipelinePayload payload, RequestKeys keys) {
    return initialisePipeline(payload, keys);
  }

  @Override
  public InferencePipelineStatusResponse getInferencePipelineStatus(
      String pipelineId, RequestKeys keys) {
    return new InferencePipelineStatusResponse(SUCCESS)
        .context(context(pipelineId))
        .report(pipelines.status(pipelineId));
  }

  @Override
  public InferencePipelineStatusResponse getStreamPipeline(String pipelineId, RequestKeys keys) {
    return getInferencePipelineStatus(pipelineId, keys);
  }

  @Override
  public CommandResponse pauseInferencePipeline(
      String pipelineId, RequestKeys keys, @Nullable PipelineCommandRequest request) {
    return command(pipelineId, keys, request, pipelines::pause);
  }

  @Override
  public CommandResponse resumeInferencePipeline(
      String pipelineId, RequestKeys keys, @Nullable PipelineCommandRequest request) {
    return command(pipelineId, keys, request, pipelines::resume);
  }

  @Override
  public CommandResponse terminateInferencePipeline(
      String pipelineId, RequestKeys keys, @Nullable PipelineCommandRequest request) {
    return command(pipelineId, keys, request, pipelines::terminate);
  }

  @Override
  public CommandResponse deleteStreamPipeline(String pipelineId, RequestKeys keys) {
    pipelines.terminate(pipelineId);
    return command(pipelineId);
  }

  @Override
  public ConsumePipelineResponse consumeInferencePipelineResult(
      String pipelineId, RequestKeys keys, @Nullable List<String> excludedFields) {
    List<String> excluded =
        excludedFields != null && !excludedFields.isEmpty()
            ? excludedFields
            : ConsumeBodyFilter.excludedFields(ServerRequestContext.currentRequest().orElse(null));
    PipelineManager.Results r = pipelines.consume(pipelineId, excluded);
    return new ConsumePipelineResponse(SUCCESS, r.outputs())
        .context(context(pipelineId))
        .framesMetadata(r.framesMetadata());
  }

  /** A command whose body may carry the key (Roboflow's Python client sends it there). */
  private static CommandResponse command(
      String pipelineId,
      RequestKeys keys,
      @Nullable PipelineCommandRequest request,
      java.util.function.Consumer<String> action) {
    keys.roboflowKey(request == null ? null : request.getApiKey());
    action.accept(pipelineId);
    return command(pipelineId);
  }

  private static CommandResponse command(String pipelineId) {
    return new CommandResponse(SUCCESS).context(context(pipelineId));
  }

  private static PipelineContext context(@Nullable String pipelineId) {
    PipelineContext c = new PipelineContext();
    ServerRequestContext.currentRequest().ifPresent(r -> c.requestId(RequestIdFilter.of(r)));
    return pipelineId == null ? c : c.pipelineId(pipelineId);
  }
}
