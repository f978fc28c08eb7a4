package io.jinference.server.inference.decode;

/**
 * One candidate object in network-input pixels, in Roboflow's common row format: corners,
 * confidence, the best class and its score, and the layout's extra values (32 mask coefficients, or
 * 3 values per keypoint).
 *
 * @param x1 left
 * @param y1 top
 * @param x2 right
 * @param y2 bottom
 * @param confidence the row's confidence (column 4: objectness for YOLOv5, best class score
 *     otherwise)
 * @param classConfidence the best class score
 * @param classId the best class
 * @param extras mask coefficients or keypoint triplets; empty for plain detection
 */
record Candidate(
    float x1,
    float y1,
    float x2,
    float y2,
    float confidence,
    float classConfidence,
    int classId,
    float[] extras) {
  static final float[] NONE = new float[0];
}
