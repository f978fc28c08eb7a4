package io.jinference.server.inference.task;

import java.util.List;

/**
 * A classifier's answer for one image.
 *
 * @param multilabel whether the model is multi-label (environment.json MULTICLASS)
 * @param scores single-label: classes at or above the threshold, most confident first; multi-label:
 *     every class in class-id order
 * @param top single-label: the best class, or "" when none passes the threshold
 * @param confidence single-label: the best score, or 0
 * @param predictedClasses multi-label: classes whose score is above the threshold
 */
public record Classification(
    boolean multilabel,
    List<ClassScore> scores,
    String top,
    double confidence,
    List<String> predictedClasses) {

  /**
   * One class's score.
   *
   * @param className name
   * @param classId index
   * @param confidence score (softmax for single-label, rounded to 4 decimals as Roboflow; raw for
   *     multi-label)
   */
  public record ClassScore(String className, int classId, double confidence) {}
}
