package io.jinference.server.inference.decode;

import java.util.ArrayList;
import java.util.List;

/**
 * YOLOv5 (and YOLOv7) heads, rows: output 0 is {@code [B, N, 5 + C + M]} of {@code cx, cy, w, h,
 * objectness}, C class scores and M extras (32 mask coefficients for segmentation). The confidence
 * is the objectness, as in Roboflow (reference §7.2), and the class is the best class score.
 */
final class YoloV5Decoder implements OutputDecoder {
  private final int classes;

  YoloV5Decoder(int classes) {
    this.classes = classes;
  }

  @Override
  public List<Candidate> decode(RawOutputs outputs, int b, float minConfidence, int maxDetections) {
    RawOutputs.Tensor t = outputs.get(0);
    if (t.shape.length != 3 || t.dim(2) < 5 + classes) {
      throw new IllegalStateException(
          "YOLOv5 output must be [B, N, 5+" + classes + "+M], got " + t);
    }
    int n = t.dim(1);
    int width = t.dim(2);
    int extras = width - 5 - classes;
    float[] d = t.data;
    List<Candidate> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int r = (b * n + i) * width;
      float objectness = d[r + 4];
      if (objectness < minConfidence) {
        continue;
      }
      int best = 0;
      for (int c = 1; c < classes; c++) {
        if (d[r + 5 + c] > d[r + 5 + best]) {
          best = c;
        }
      }
      float[] extra = extras == 0 ? Candidate.NONE : new float[extras];
      System.arraycopy(d, r + 5 + classes, extra, 0, extras);
      float cx = d[r];
      float cy = d[r + 1];
      float w = d[r + 2];
      float h = d[r + 3];
      out.add(
          new Candidate(
              cx - w / 2,
              cy - h / 2,
              cx + w / 2,
              cy + h / 2,
              objectness,
              d[r + 5 + best],
              best,
              extra));
    }
    return out;
  }
}
