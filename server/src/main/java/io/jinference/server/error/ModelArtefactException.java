package io.jinference.server.error;

/** A model package on disk is missing files or holds unusable ones (500, Roboflow's message). */
public final class ModelArtefactException extends ApiException {
  public ModelArtefactException(String detail, Throwable cause) {
    super(500, "ModelArtefactError", "Model package is broken.", cause);
    this.detail = detail;
  }

  private final String detail;

  /** What exactly is broken, for logs. */
  public String detail() {
    return detail;
  }
}
