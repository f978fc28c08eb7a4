package io.jinference.server.inference.decode;

import java.util.ArrayList;
import java.util.List;

/**
 * NMS-free heads with decoded rows: YOLOv10 and YOLO26 output {@code [B, N, 6]} of {@code x1, y1,
 * x2, y2, confidence, class id}. Kept: confidence strictly above the threshold, the first {@code
 * max_detections} (reference §7.2).
 */
final class EndToEndDecoder implements OutputDecoder {
  @Override
  public List<Candidate> decode(RawOutputs outputs, int b, float minConfidence, int maxDetections) {
    RawOutputs.Tensor t = outputs.get(0);
    if (t.shape.length != 3 || t.dim(2) < 6) {
      throw new IllegalStateException("YOLOv10/YOLO26 output must be [B, N, 6], got " + t);
    }
    int n = t.dim(1);
    int width = t.dim(2);
    List<Candidate> out = new ArrayList<>();
    for (int i = 0; i < n && out.size() < maxDetections; i++) {
      int r = (b * n + i) * width;
      float conf = t.data[r + 4];
      if (conf > minConfidence) {
        out.add(
            new Candidate(
                t.data[r],
                t.data[r + 1],
                t.data[r + 2],
                t.data[r + 3],
                conf,
                conf,
                Math.round(t.data[r + 5]),
                Candidate.NONE));
      }
    }
    return out;
  }

  @Override
  public boolean nmsFree() {
    return true;
  }
}
