package io.jinference.server.error;

/** A model id that cannot name a model, e.g. with more than one '/' (400). */
public final class InvalidModelIdException extends ApiException {
  private final String detail;

  public InvalidModelIdException(String detail) {
    super(400, "InvalidModelIDError", "Invalid Model ID sent in request.");
    this.detail = detail;
  }

  /** Why the id was refused, for logs (the client gets Roboflow's fixed message). */
  public String detail() {
    return detail;
  }
}
