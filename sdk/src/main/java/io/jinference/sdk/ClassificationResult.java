package io.jinference.sdk;

import java.util.Collections;
import java.util.List;

/**
 * A classifier's answer for one image, single- or multi-label.
 *
 * <pre>{@code
 * ClassificationResult r = client.classify(InferenceImage.file(Path.of("cat.jpg")), "my-classifier/1");
 * System.out.println(r.multiLabel() ? r.predictedClasses() : r.top() + " " + r.confidence());
 * }</pre>
 */
public final class ClassificationResult {
  private final boolean multiLabel;
  private final List<ClassPrediction> predictions;
  private final String top;
  private final double confidence;
  private final List<String> predictedClasses;
  private final int imageWidth;
  private final int imageHeight;

  ClassificationResult(boolean multiLabel, List<ClassPrediction> predictions, String top, double confidence,
      List<String> predictedClasses, int imageWidth, int imageHeight) {
    this.multiLabel = multiLabel;
    this.predictions = Collections.unmodifiableList(predictions);
    this.top = top;
    this.confidence = confidence;
    this.predictedClasses = Collections.unmodifiableList(predictedClasses);
    this.imageWidth = imageWidth;
    this.imageHeight = imageHeight;
  }

  public boolean multiLabel() {
    return multiLabel;
  }

  public List<ClassPrediction> predictions() {
    return predictions;
  }

  /** Single-label: the best class, or "" when none passed the threshold. */
  public String top() {
    return top;
  }

  /** Single-label: the best score. */
  public double confidence() {
    return confidence;
  }

  /** Multi-label: the classes above the threshold. */
  public List<String> predictedClasses() {
    return predictedClasses;
  }

  public int imageWidth() {
    return imageWidth;
  }

  public int imageHeight() {
    return imageHeight;
  }

  @Override
  public String toString() {
    return multiLabel ? "ClassificationResult" + predictedClasses : "ClassificationResult[" + top + " " + confidence + "]";
  }
}
