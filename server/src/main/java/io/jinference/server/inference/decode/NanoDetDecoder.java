package io.jinference.server.inference.decode;

import java.util.ArrayList;
import java.util.List;

/**
 * NanoDet with the legacy GFL head (the embedded default model): per stride s in 8/16/32, class
 * scores {@code cls_s [B, N, C]} (sigmoid applied) and box distributions {@code box_s [B, N, 4 *
 * bins]}. Each side's distance is the expectation of the softmax over bins, times the stride,
 * measured from the cell centre {@code ((col + 0.5) s, (row + 0.5) s)}.
 */
final class NanoDetDecoder implements OutputDecoder {
  private static final int[] STRIDES = {8, 16, 32};

  private final int inputWidth;

  NanoDetDecoder(int inputWidth) {
    this.inputWidth = inputWidth;
  }

  @Override
  public List<Candidate> decode(RawOutputs outputs, int b, float minConfidence, int maxDetections) {
    List<Candidate> out = new ArrayList<>();
    for (int stride : STRIDES) {
      RawOutputs.Tensor cls = outputs.get("cls_" + stride);
      RawOutputs.Tensor box = outputs.get("box_" + stride);
      int n = cls.dim(1);
      int classes = cls.dim(2);
      int sides = box.dim(2);
      int bins = sides / 4;
      int columns = (int) Math.ceil((double) inputWidth / stride);
      int scoreBase = b * n * classes;
      int distBase = b * n * sides;
      for (int i = 0; i < n; i++) {
        int best = 0;
        for (int c = 1; c < classes; c++) {
          if (cls.data[scoreBase + i * classes + c] > cls.data[scoreBase + i * classes + best]) {
            best = c;
          }
        }
        float score = cls.data[scoreBase + i * classes + best];
        if (score < minConfidence) {
          continue;
        }
        float cx = (i % columns + 0.5f) * stride;
        float cy = (i / columns + 0.5f) * stride;
        int d = distBase + i * sides;
        out.add(
            new Candidate(
                cx - expectation(box.data, d, bins) * stride,
                cy - expectation(box.data, d + bins, bins) * stride,
                cx + expectation(box.data, d + 2 * bins, bins) * stride,
                cy + expectation(box.data, d + 3 * bins, bins) * stride,
                score,
                score,
                best,
                Candidate.NONE));
      }
    }
    return out;
  }

  /** Σ softmax(logits)·k for k = 0..bins-1. */
  private static float expectation(float[] b, int offset, int bins) {
    float max = Float.NEGATIVE_INFINITY;
    for (int k = 0; k < bins; k++) {
      max = Math.max(max, b[offset + k]);
    }
    double sum = 0;
    double weighted = 0;
    for (int k = 0; k < bins; k++) {
      double e = Math.exp(b[offset + k] - max);
      sum += e;
      weighted += e * k;
    }
    return (float) (weighted / sum);
  }
}
