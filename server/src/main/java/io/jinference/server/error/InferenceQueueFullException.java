package io.jinference.server.error;

/**
 * A model's run queue is full, or a request waited its whole deadline for a run slot: 429 with
 * {@code Retry-After}, never an unbounded wait.
 */
public final class InferenceQueueFullException extends ApiException {
  public InferenceQueueFullException(String modelId, String why) {
    super(
        429,
        "TooManyRequests",
        "Model "
            + modelId
            + " is busy: "
            + why
            + ". Retry later, or add capacity "
            + "(INFERENCE_CONCURRENT_RUNS, replicas).");
  }
}
