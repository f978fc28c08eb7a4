package io.jinference.server.inference.decode;

import java.util.List;

/**
 * Turns one output layout's raw values into candidates in network-input pixels. One implementation
 * per layout; NMS and back-projection are shared.
 */
interface OutputDecoder {
  /**
   * @param outputs the session's outputs for the whole batch
   * @param batchIndex which image of the batch
   * @param minConfidence candidates below this are dropped here (NMS would drop them anyway)
   * @param maxDetections the request's limit (NMS-free layouts select their top candidates with it)
   */
  List<Candidate> decode(
      RawOutputs outputs, int batchIndex, float minConfidence, int maxDetections);

  /**
   * NMS-free layouts (YOLOv10, YOLO26, RF-DETR) keep confidence {@code >} the threshold and skip
   * NMS.
   */
  default boolean nmsFree() {
    return false;
  }
}
