package io.jinference.server.inference;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.List;

/**
 * Turns one model family's raw ONNX outputs into candidate rows in Roboflow's common format
 * {@code [x1, y1, x2, y2, confidence, score_0 .. score_{C-1}]}, in network-input pixels. One implementation per
 * output layout; NMS and back-projection are shared.
 */
interface OutputDecoder {
  /**
   * @param outputs the session's outputs for the whole batch
   * @param batchIndex which image of the batch
   * @param minConfidence rows whose confidence is below this are dropped here (NMS would drop them anyway)
   */
  List<float[]> decode(OrtSession.Result outputs, int batchIndex, float minConfidence) throws OrtException;
}
