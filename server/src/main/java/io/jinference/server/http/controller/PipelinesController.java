package io.jinference.server.http.controller;

import io.jinference.server.error.NotServedException;
import io.jinference.server.http.api.PipelinesApi;
import io.jinference.server.http.auth.RequestKeys;
import io.jinference.server.http.model.CommandResponse;
import io.jinference.server.http.model.ConsumePipelineResponse;
import io.jinference.server.http.model.InferencePipelineStatusResponse;
import io.jinference.server.http.model.InitialisePipelinePayload;
import io.jinference.server.http.model.ListPipelinesResponse;
import io.jinference.server.http.model.PipelineCommandRequest;
import io.micronaut.http.annotation.Controller;

/**
 * InferencePipeline routes: declared for clients; video pipelines are not served by this server
 * (501).
 */
@Controller
class PipelinesController implements PipelinesApi {
  private static final String FEATURE = "Inference pipelines";

  @Override
  public ListPipelinesResponse listInferencePipelines(RequestKeys keys) {
    throw new NotServedException(FEATURE);
  }

  @Override
  public CommandResponse initialisePipeline(InitialisePipelinePayload payload) {
    throw new NotServedException(FEATURE);
  }

  @Override
  public InferencePipelineStatusResponse getInferencePipelineStatus(
      String pipelineId, RequestKeys keys) {
    throw new NotServedException(FEATURE);
  }

  @Override
  public CommandResponse pauseInferencePipeline(String pipelineId, PipelineCommandRequest request) {
    throw new NotServedException(FEATURE);
  }

  @Override
  public CommandResponse resumeInferencePipeline(
      String pipelineId, PipelineCommandRequest request) {
    throw new NotServedException(FEATURE);
  }

  @Override
  public CommandResponse terminateInferencePipeline(
      String pipelineId, PipelineCommandRequest request) {
    throw new NotServedException(FEATURE);
  }

  @Override
  public ConsumePipelineResponse consumeInferencePipelineResult(
      String pipelineId, RequestKeys keys) {
    throw new NotServedException(FEATURE);
  }
}
