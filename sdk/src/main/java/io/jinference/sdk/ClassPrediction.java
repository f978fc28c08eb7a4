package io.jinference.sdk;

/** One class's score in a classification. */
public final class ClassPrediction {
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
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ClassPrediction)) {
      return false;
    }
    ClassPrediction that = (ClassPrediction) o;
    return java.util.Objects.equals(className, that.className)
        && classId == that.classId
        && Double.compare(confidence, that.confidence) == 0;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(className, classId, confidence);
  }

  @Override
  public String toString() {
    return "ClassPrediction[className="
        + className
        + ", classId="
        + classId
        + ", confidence="
        + confidence
        + "]";
  }
}
