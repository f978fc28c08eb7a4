package io.jinference.server.http.controller;

import io.jinference.server.error.InvalidRequestException;
import io.jinference.server.inference.task.DetectionParams;
import io.jinference.server.inference.task.MaskParams;
import java.util.List;
import java.util.Locale;

/**
 * Request values to validated parameters, with Roboflow's defaults and clear errors for impossible
 * values.
 */
final class RequestParams {
  static final float DEFAULT_CONFIDENCE = 0.4f;
  static final float DEFAULT_IOU = 0.3f;
  static final int DEFAULT_MAX_DETECTIONS = 300;
  private static final int MAX_DETECTIONS_LIMIT = 10_000;
  private static final int MAX_CLASS_FILTER = 1_000;

  private RequestParams() {}

  static DetectionParams detection(
      Float confidence,
      Float iou,
      Boolean classAgnostic,
      List<String> classFilter,
      Integer maxDetections) {
    float c = confidence == null ? DEFAULT_CONFIDENCE : confidence;
    float i = iou == null ? DEFAULT_IOU : iou;
    int m = maxDetections == null ? DEFAULT_MAX_DETECTIONS : maxDetections;
    unit("confidence", c);
    unit("iou_threshold", i);
    if (m < 0 || m > MAX_DETECTIONS_LIMIT) {
      throw invalid(
          "max_detections must be between 0 and " + MAX_DETECTIONS_LIMIT + ", got " + m + ".");
    }
    if (classFilter != null && classFilter.size() > MAX_CLASS_FILTER) {
      throw invalid("class_filter may list at most " + MAX_CLASS_FILTER + " classes.");
    }
    // An empty class_filter filters nothing (Roboflow tests it for truthiness).
    List<String> filter =
        classFilter == null || classFilter.isEmpty() ? null : List.copyOf(classFilter);
    return new DetectionParams(c, i, Boolean.TRUE.equals(classAgnostic), filter, m);
  }

  /** Roboflow's message and status (400 InvalidMaskDecodeArgument) for bad mask options. */
  static MaskParams mask(String mode, Float tradeoff, String format) {
    String m = mode == null ? "accurate" : mode.toLowerCase(Locale.ROOT);
    float t = tradeoff == null ? 0f : tradeoff;
    if (!List.of("accurate", "fast", "tradeoff").contains(m) || !(t >= 0 && t <= 1)) {
      throw new InvalidRequestException(
          "InvalidMaskDecodeArgument",
          "Invalid mask decode argument sent. "
              + "tradeoff_factor must be in [0.0, 1.0], mask_decode_mode: must be one of ['accurate', 'fast', 'tradeoff']");
    }
    String f = format == null ? "polygon" : format.toLowerCase(Locale.ROOT);
    if (!List.of("polygon", "rle").contains(f)) {
      throw invalid("response_mask_format must be polygon or rle, got '" + format + "'.");
    }
    return new MaskParams(m, t, f.equals("rle"));
  }

  static float keypointConfidence(Float value) {
    float k = value == null ? 0f : value;
    unit("keypoint_confidence", k);
    return k;
  }

  private static void unit(String name, float v) {
    if (!(v >= 0 && v <= 1)) {
      throw invalid(name + " must be between 0 and 1, got " + v + ".");
    }
  }

  private static InvalidRequestException invalid(String message) {
    return new InvalidRequestException("InvalidParameterError", message);
  }
}
