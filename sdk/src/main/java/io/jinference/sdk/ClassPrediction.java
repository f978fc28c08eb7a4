package io.jinference.sdk;

/**
 * A class and its score. For single-label models the list holds the classes at or above the threshold, most
 * confident first; for multi-label models every class, and {@link ClassificationResult#predictedClasses()} names
 * those above the threshold.
 *
 * <pre>{@code
 * ClassificationResult r = client.classify(InferenceImage.file(path), "my-classifier/1");
 * for (ClassPrediction c : r.predictions()) {
 *   System.out.println(c.className() + " " + c.confidence());
 * }
 * }</pre>
 */
public final class ClassPrediction {
  private final String className;
  private final int classId;
  private final double confidence;

  ClassPrediction(String className, int classId, double confidence) {
    this.className = className;
    this.classId = classId;
    this.confidence = confidence;
  }

  public String className() {
    return className;
  }

  public int classId() {
    return classId;
  }

  public double confidence() {
    return confidence;
  }

  @Override
  public String toString() {
    return className + " " + confidence;
  }
}
