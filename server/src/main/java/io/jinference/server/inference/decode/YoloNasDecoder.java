package io.jinference.server.inference.decode;

import java.util.ArrayList;
import java.util.List;

/**
 * YOLO-NAS: two outputs, boxes {@code [B, N, 4]} as {@code x1, y1, x2, y2} and class scores {@code
 * [B, N, C]}; the confidence is the best score (reference §7.2).
 */
final class YoloNasDecoder implements OutputDecoder {
  @Override
  public List<Candidate> decode(RawOutputs outputs, int b, float minConfidence, int maxDetections) {
    RawOutputs.Tensor boxes = outputs.get(0);
    RawOutputs.Tensor scores = outputs.get(1);
    if (boxes.dim(2) != 4) { // some exports list the outputs the other way round
      RawOutputs.Tensor swap = boxes;
      boxes = scores;
      scores = swap;
    }
    int n = boxes.dim(1);
    int classes = scores.dim(2);
    List<Candidate> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int s = (b * n + i) * classes;
      int best = 0;
      for (int c = 1; c < classes; c++) {
        if (scores.data[s + c] > scores.data[s + best]) {
          best = c;
        }
      }
      float conf = scores.data[s + best];
      if (conf < minConfidence) {
        continue;
      }
      int r = (b * n + i) * 4;
      out.add(
          new Candidate(
              boxes.data[r],
              boxes.data[r + 1],
              boxes.data[r + 2],
              boxes.data[r + 3],
              conf,
              conf,
              best,
              Candidate.NONE));
    }
    return out;
  }
}
