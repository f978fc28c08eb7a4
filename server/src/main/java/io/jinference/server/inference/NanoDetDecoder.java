package io.jinference.server.inference;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * NanoDet with the legacy GFL head (the embedded default model): per stride s in 8/16/32, class scores
 * {@code cls_s [B, N, C]} (sigmoid applied) and box distributions {@code box_s [B, N, 4 * bins]}. Each side's
 * distance is the expectation of the softmax over bins, times the stride, measured from the cell centre
 * {@code ((col + 0.5) s, (row + 0.5) s)}.
 */
final class NanoDetDecoder implements OutputDecoder {
  private static final int[] STRIDES = {8, 16, 32};

  private final int inputWidth;

  NanoDetDecoder(int inputWidth) {
    this.inputWidth = inputWidth;
  }

  @Override
  public List<float[]> decode(OrtSession.Result outputs, int batchIndex, float minConfidence) throws OrtException {
    List<float[]> out = new ArrayList<>();
    for (int stride : STRIDES) {
      OnnxTensor cls = tensor(outputs, "cls_" + stride);
      OnnxTensor box = tensor(outputs, "box_" + stride);
      long[] cs = cls.getInfo().getShape();
      int n = (int) cs[1];
      int classes = (int) cs[2];
      int sides = (int) box.getInfo().getShape()[2];
      int bins = sides / 4;
      int columns = (int) Math.ceil((double) inputWidth / stride);
      FloatBuffer scores = cls.getFloatBuffer();
      FloatBuffer dist = box.getFloatBuffer();
      int scoreBase = batchIndex * n * classes;
      int distBase = batchIndex * n * sides;
      for (int i = 0; i < n; i++) {
        float best = Float.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
          best = Math.max(best, scores.get(scoreBase + i * classes + c));
        }
        if (best < minConfidence) {
          continue;
        }
        float cx = (i % columns + 0.5f) * stride;
        float cy = (i / columns + 0.5f) * stride;
        int d = distBase + i * sides;
        float[] row = new float[5 + classes];
        row[0] = cx - expectation(dist, d, bins) * stride;
        row[1] = cy - expectation(dist, d + bins, bins) * stride;
        row[2] = cx + expectation(dist, d + 2 * bins, bins) * stride;
        row[3] = cy + expectation(dist, d + 3 * bins, bins) * stride;
        row[4] = best;
        for (int c = 0; c < classes; c++) {
          row[5 + c] = scores.get(scoreBase + i * classes + c);
        }
        out.add(row);
      }
    }
    return out;
  }

  /** Σ softmax(logits)·k for k = 0..bins-1. */
  private static float expectation(FloatBuffer b, int offset, int bins) {
    float max = Float.NEGATIVE_INFINITY;
    for (int k = 0; k < bins; k++) {
      max = Math.max(max, b.get(offset + k));
    }
    double sum = 0;
    double weighted = 0;
    for (int k = 0; k < bins; k++) {
      double e = Math.exp(b.get(offset + k) - max);
      sum += e;
      weighted += e * k;
    }
    return (float) (weighted / sum);
  }

  private static OnnxTensor tensor(OrtSession.Result outputs, String name) {
    for (Map.Entry<String, OnnxValue> e : outputs) {
      if (e.getKey().equals(name)) {
        return (OnnxTensor) e.getValue();
      }
    }
    throw new IllegalStateException("NanoDet model has no output named " + name);
  }
}
