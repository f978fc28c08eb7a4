package io.jinference.server.error;

import java.util.Map;

/**
 * 400: the id of a foundation model this server serves on a route of its own (PP-OCR, depth, CLIP,
 * SAM 2) sent to a task route or the legacy route: the request is misdirected, and the answer names
 * the route.
 */
public final class ServedElsewhereException extends ApiException {
  private static final Map<String, String> ROUTES =
      Map.of(
          "pp_ocr", "POST /ocr/pp-ocr",
          "depth-anything-v2", "POST /infer/depth-estimation",
          "depth-anything-v3", "POST /infer/depth-estimation",
          "clip", "POST /clip/embed_image, /clip/embed_text and /clip/compare",
          "sam", "POST /sam/embed_image and /sam/segment_image",
          "sam2", "POST /sam2/embed_image and /sam2/segment_image");

  public ServedElsewhereException(String family) {
    super(
        400,
        "InvalidModelIDError",
        "The foundation model '"
            + family
            + "' is served by jinference on "
            + ROUTES.get(family)
            + " only, not as a model id here.");
  }

  /** Whether the family has a route of its own here. */
  public static boolean servesOnItsOwnRoute(String family) {
    return ROUTES.containsKey(family);
  }
}
