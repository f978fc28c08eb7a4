package io.jinference.server.inference.decode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Ultralytics YOLOv8 / YOLO11 / YOLOv9 / YOLOv12 heads, channels first: output 0 is {@code [B, 4 +
 * C + M, N]} of {@code cx, cy, w, h}, C class scores and M extra values per candidate (0 for
 * detection, 32 mask coefficients for segmentation, 3 per keypoint for pose). The confidence is the
 * best class score (reference §7.2).
 */
final class YoloV8Decoder implements OutputDecoder {
  private final int classes;

  /**
   * @param classes number of classes (the model's class names); the remaining rows are extras
   */
  YoloV8Decoder(int classes) {
    this.classes = classes;
  }

  @Override
  public List<Candidate> decode(RawOutputs outputs, int b, float minConfidence, int maxDetections) {
    RawOutputs.Tensor t = outputs.get(0);
    if (t.shape.length != 3 || t.dim(1) < 4 + classes) {
      throw new IllegalStateException(
          "YOLOv8 output must be [B, 4+" + classes + "+M, N], got " + t);
    }
    int rows = t.dim(1);
    int n = t.dim(2);
    int extras = rows - 4 - classes;
    float[] d = t.data;
    int base = b * rows * n;
    List<Candidate> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int best = 0;
      float bestScore = Float.NEGATIVE_INFINITY;
      for (int c = 0; c < classes; c++) {
        float s = d[base + (4 + c) * n + i];
        if (s > bestScore) {
          bestScore = s;
          best = c;
        }
      }
      if (bestScore < minConfidence) {
        continue;
      }
      float cx = d[base + i];
      float cy = d[base + n + i];
      float w = d[base + 2 * n + i];
      float h = d[base + 3 * n + i];
      float[] extra = extras == 0 ? Candidate.NONE : new float[extras];
      for (int e = 0; e < extras; e++) {
        extra[e] = d[base + (4 + classes + e) * n + i];
      }
      out.add(
          new Candidate(
              cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2, bestScore, bestScore, best, extra));
    }
    return out;
  }

  @Override
  public String toString() {
    return "YoloV8Decoder" + Arrays.asList(classes);
  }
}
