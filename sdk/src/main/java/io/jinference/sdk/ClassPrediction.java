package io.jinference.sdk;

/** One class's score in a classification. */
public final class ClassPrediction extends Value {
  private static final String[] NAMES = {"className", "classId", "confidence"};

  private final String className;
  private final int classId;
  private final double confidence;

  /**
   * Creates one from its parts.
   *
   * @param className the class's name
   * @param classId the class's index
   * @param confidence the score, 0 to 1
   */
  public ClassPrediction(String className, int classId, double confidence) {
    this.className = className;
    this.classId = classId;
    this.confidence = confidence;
  }

  /**
   * The class's name.
   *
   * @return the class's name
   */
  public String className() {
    return className;
  }

  /**
   * The class's index.
   *
   * @return the class's index
   */
  public int classId() {
    return classId;
  }

  /**
   * The score, 0 to 1.
   *
   * @return the score, 0 to 1
   */
  public double confidence() {
    return confidence;
  }

  @Override
  Object[] parts() {
    return new Object[] {className, classId, confidence};
  }

  @Override
  String[] partNames() {
    return NAMES;
  }
}
