package io.jinference.server.pipeline;

import io.jinference.server.error.ApiException;

/** Refusals of the pipeline routes, with the status and error names of Roboflow's manager. */
public final class PipelineException extends ApiException {
  private PipelineException(int status, String errorType, String message) {
    super(status, errorType, message);
  }

  static PipelineException invalidPayload(String message) {
    return new PipelineException(
        400,
        "ProcessesManagerInvalidPayload",
        "Could not decode InferencePipeline initialisation command payload: " + message);
  }

  static PipelineException notFound(String pipelineId) {
    return new PipelineException(
        404,
        "ProcessesManagerNotFoundError",
        "No InferencePipeline with id " + pipelineId + " (never started, or terminated).");
  }

  static PipelineException tooMany(int limit) {
    return new PipelineException(
        429,
        "TooManyPipelinesError",
        "This server already holds "
            + limit
            + " inference pipelines (MAX_ACTIVE_PIPELINES): terminate one first.");
  }
}
