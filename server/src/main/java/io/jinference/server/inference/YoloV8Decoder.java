package io.jinference.server.inference;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * YOLOv8 / YOLO11 / YOLOv9 / YOLOv12 detection: one output {@code [B, 4 + C, N]} of {@code cx, cy, w, h} and C
 * class scores per candidate; the confidence is the highest class score (reference §7.2).
 */
final class YoloV8Decoder implements OutputDecoder {
  @Override
  public List<float[]> decode(OrtSession.Result outputs, int batchIndex, float minConfidence) throws OrtException {
    OnnxTensor t = (OnnxTensor) outputs.get(0);
    long[] shape = t.getInfo().getShape();
    if (shape.length != 3 || shape[1] < 5) {
      throw new IllegalStateException("YOLOv8 output must be [B, 4+C, N], got " + java.util.Arrays.toString(shape));
    }
    int rows = (int) shape[1];
    int n = (int) shape[2];
    int classes = rows - 4;
    FloatBuffer all = t.getFloatBuffer();
    int base = batchIndex * rows * n;
    List<float[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      float best = Float.NEGATIVE_INFINITY;
      for (int c = 0; c < classes; c++) {
        best = Math.max(best, all.get(base + (4 + c) * n + i));
      }
      if (best < minConfidence) {
        continue;
      }
      float cx = all.get(base + i);
      float cy = all.get(base + n + i);
      float w = all.get(base + 2 * n + i);
      float h = all.get(base + 3 * n + i);
      float[] row = new float[5 + classes];
      row[0] = cx - w / 2;
      row[1] = cy - h / 2;
      row[2] = cx + w / 2;
      row[3] = cy + h / 2;
      row[4] = best;
      for (int c = 0; c < classes; c++) {
        row[5 + c] = all.get(base + (4 + c) * n + i);
      }
      out.add(row);
    }
    return out;
  }
}
