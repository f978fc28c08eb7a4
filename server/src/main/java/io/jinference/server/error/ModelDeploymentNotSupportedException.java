package io.jinference.server.error;

/** 501: a foundation model (Roboflow's core models) this server does not serve. */
public final class ModelDeploymentNotSupportedException extends ApiException {
  public ModelDeploymentNotSupportedException(String coreModel) {
    super(
        501,
        "ModelDeploymentNotSupportedError",
        "The foundation model '"
            + coreModel
            + "' is not served by jinference; it serves object detection, instance segmentation,"
            + " keypoint detection and classification models, PP-OCR on POST /ocr/pp-ocr, depth"
            + " estimation on POST /infer/depth-estimation, CLIP on POST /clip/* and SAM and SAM 2 on POST /sam/* and /sam2/*.");
  }
}
