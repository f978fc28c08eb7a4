package io.jinference.server.error;

/** No model with this id in the model store (404, Roboflow's message). */
public final class ModelNotFoundException extends ApiException {
  public ModelNotFoundException() {
    super(404, "ModelNotFoundError", "Requested Roboflow resource not found. Make sure that workspace, project or"
        + " model you referred in request exists.");
  }
}
