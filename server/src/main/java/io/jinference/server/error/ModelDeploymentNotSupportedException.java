package io.jinference.server.error;

/**
 * One of Roboflow's foundation models (CLIP, SAM, OCR...), which this server does not serve (501).
 */
public final class ModelDeploymentNotSupportedException extends ApiException {
  public ModelDeploymentNotSupportedException(String coreModel) {
    super(
        501,
        "ModelDeploymentNotSupportedError",
        "The foundation model '"
            + coreModel
            + "' is not served by jinference; it serves object detection, instance segmentation, keypoint detection and"
            + " classification models.");
  }
}
