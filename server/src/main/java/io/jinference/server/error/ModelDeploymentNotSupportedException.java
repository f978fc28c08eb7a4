package io.jinference.server.error;

import java.util.Map;

/** 501: a foundation model (Roboflow's core models) where this server does not serve it. */
public final class ModelDeploymentNotSupportedException extends ApiException {
  /** Families served on a route of their own, not as a model id on the task routes. */
  private static final Map<String, String> OWN_ROUTES =
      Map.of(
          "pp_ocr", "POST /ocr/pp-ocr",
          "depth-anything-v2", "POST /infer/depth-estimation",
          "depth-anything-v3", "POST /infer/depth-estimation");

  public ModelDeploymentNotSupportedException(String coreModel) {
    super(501, "ModelDeploymentNotSupportedError", message(coreModel));
  }

  private static String message(String coreModel) {
    String route = OWN_ROUTES.get(coreModel);
    if (route != null) {
      return "The foundation model '"
          + coreModel
          + "' is served by jinference on "
          + route
          + " only, not as a model id here.";
    }
    return "The foundation model '"
        + coreModel
        + "' is not served by jinference; it serves object detection, instance segmentation,"
        + " keypoint detection and classification models, PP-OCR on POST /ocr/pp-ocr and depth"
        + " estimation on POST /infer/depth-estimation.";
  }
}
