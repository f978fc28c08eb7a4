package io.jinference.server.error;

/**
 * The model is being unloaded or reloaded; the client should retry (503 with {@code Retry-After:
 * 1}, Roboflow's {@code InferenceModelNotFound}).
 */
public final class ModelNotReadyException extends ApiException {
  public ModelNotReadyException() {
    super(503, "ModelNotReadyError", "Model is temporarily not ready - retry request.");
  }
}
