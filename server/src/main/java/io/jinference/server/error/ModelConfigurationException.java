package io.jinference.server.error;

/** A model whose type or pre/post-processing configuration this server cannot run (500). */
public final class ModelConfigurationException extends ApiException {
  public ModelConfigurationException(String detail) {
    super(
        500,
        "ModelConfigurationError",
        "Model configuration related to pre- or post-processing is invalid. " + detail);
  }
}
