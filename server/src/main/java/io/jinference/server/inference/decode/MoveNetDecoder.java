package io.jinference.server.inference.decode;

import java.util.ArrayList;
import java.util.List;

/**
 * MoveNet multi-pose: output {@code [B, 6, 56]}, per person 17 x {@code (y, x, score)} normalised
 * to the input, then {@code ymin, xmin, ymax, xmax, score}. The network does its own non-maximum
 * suppression, so people with a score strictly above the threshold are kept as they come; keypoints
 * become {@code (x, y, score)} extras in input pixels, as the YOLOv8-pose layout gives them.
 */
final class MoveNetDecoder implements OutputDecoder {
  private static final int KEYPOINTS = 17;

  private final int inputWidth;
  private final int inputHeight;

  MoveNetDecoder(int inputWidth, int inputHeight) {
    this.inputWidth = inputWidth;
    this.inputHeight = inputHeight;
  }

  @Override
  public List<Candidate> decode(RawOutputs outputs, int b, float minConfidence, int maxDetections) {
    RawOutputs.Tensor t = outputs.get(0);
    int people = t.dim(1);
    int width = t.dim(2);
    if (width < KEYPOINTS * 3 + 5) {
      throw new IllegalStateException("MoveNet output must be [B, 6, 56], got " + t);
    }
    List<Candidate> out = new ArrayList<>();
    for (int p = 0; p < people; p++) {
      int r = (b * people + p) * width;
      int box = r + KEYPOINTS * 3;
      float score = t.data[box + 4];
      if (!(score > minConfidence)) {
        continue;
      }
      float[] keypoints = new float[KEYPOINTS * 3];
      for (int k = 0; k < KEYPOINTS; k++) {
        keypoints[3 * k] = t.data[r + 3 * k + 1] * inputWidth;
        keypoints[3 * k + 1] = t.data[r + 3 * k] * inputHeight;
        keypoints[3 * k + 2] = t.data[r + 3 * k + 2];
      }
      out.add(
          new Candidate(
              t.data[box + 1] * inputWidth,
              t.data[box] * inputHeight,
              t.data[box + 3] * inputWidth,
              t.data[box + 2] * inputHeight,
              score,
              score,
              0,
              keypoints));
    }
    return out;
  }

  @Override
  public boolean nmsFree() {
    return true;
  }
}
