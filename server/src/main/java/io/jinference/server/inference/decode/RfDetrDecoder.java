package io.jinference.server.inference.decode;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * RF-DETR: boxes {@code [B, Q, 4]} as normalised {@code cx, cy, w, h} and logits {@code [B, Q,
 * C']}. Scores are the sigmoid of every (query, class) pair; the top {@code max_detections} pairs
 * with score strictly above the threshold are kept, without NMS (reference §7.2). When the class
 * list has Roboflow's background class, that label is dropped and higher labels shift down by one;
 * labels past the class list are dropped.
 */
final class RfDetrDecoder implements OutputDecoder {
  static final String BACKGROUND = "background_class83422";

  private final int inputWidth;
  private final int inputHeight;
  private final int background;
  private final int classes;

  /**
   * @param background index of the background class in the model's class list, or -1
   * @param classes number of real classes (background excluded)
   */
  RfDetrDecoder(int inputWidth, int inputHeight, int background, int classes) {
    this.inputWidth = inputWidth;
    this.inputHeight = inputHeight;
    this.background = background;
    this.classes = classes;
  }

  @Override
  public List<Candidate> decode(RawOutputs outputs, int b, float minConfidence, int maxDetections) {
    RawOutputs.Tensor boxes = outputs.get(0);
    RawOutputs.Tensor logits = outputs.get(1);
    if (boxes.dim(2) != 4) {
      RawOutputs.Tensor swap = boxes;
      boxes = logits;
      logits = swap;
    }
    int q = logits.dim(1);
    int c = logits.dim(2);
    // top-k over all (query, class) pairs by score; ties keep the lower flat index, as a stable
    // sort would
    PriorityQueue<int[]> heap =
        new PriorityQueue<>(
            (x, y) ->
                x[1] != y[1]
                    ? Float.compare(Float.intBitsToFloat(x[1]), Float.intBitsToFloat(y[1]))
                    : Integer.compare(y[0], x[0]));
    int base = b * q * c;
    for (int i = 0; i < q * c; i++) {
      float score = sigmoid(logits.data[base + i]);
      heap.add(new int[] {i, Float.floatToIntBits(score)});
      if (heap.size() > maxDetections) {
        heap.poll();
      }
    }
    List<Candidate> out = new ArrayList<>();
    for (int[] e : heap) {
      float score = Float.intBitsToFloat(e[1]);
      if (!(score > minConfidence)) {
        continue;
      }
      int query = e[0] / c;
      int label = e[0] % c;
      if (label == background) {
        continue;
      }
      if (background >= 0 && label > background) {
        label--;
      }
      if (label >= classes) {
        continue;
      }
      int r = (b * boxes.dim(1) + query) * 4;
      float cx = boxes.data[r] * inputWidth;
      float cy = boxes.data[r + 1] * inputHeight;
      float w = boxes.data[r + 2] * inputWidth;
      float h = boxes.data[r + 3] * inputHeight;
      out.add(
          new Candidate(
              cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2, score, score, label, Candidate.NONE));
    }
    return Nms.top(out, maxDetections);
  }

  private static float sigmoid(float x) {
    return (float) (1 / (1 + Math.exp(-x)));
  }

  @Override
  public boolean nmsFree() {
    return true;
  }
}
