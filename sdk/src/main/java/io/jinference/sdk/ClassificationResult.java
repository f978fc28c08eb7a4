package io.jinference.sdk;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A classifier's answer for one image, single- or multi-label.
 *
 * <pre>{@code
 * ClassificationResult r = client.classify(ImageSource.path(Path.of("cat.jpg")), "my-classifier/1");
 * System.out.println(r.multiLabel() ? r.predictedClasses() : r.top() + " " + r.confidence());
 * }</pre>
 */
public final class ClassificationResult implements InferenceResult {
  private final @Nullable String inferenceId;
  private final @Nullable Double time;
  private final int imageWidth;
  private final int imageHeight;
  private final boolean multiLabel;
  private final List<ClassPrediction> predictions;
  private final String top;
  private final double confidence;
  private final List<String> predictedClasses;
  private final @Nullable String visualization;

  /**
   * Keeps unmodifiable copies of the lists.
   *
   * @param inferenceId the server's id of the request, or null
   * @param time the server's time for the whole request in seconds, or null
   * @param imageWidth width of the original image
   * @param imageHeight height of the original image
   * @param multiLabel whether the model is multi-label
   * @param predictions single-label: classes above the threshold, most confident first;
   *     multi-label: every class with its score
   * @param top single-label: the best class ("" when none passes the threshold); multi-label: ""
   * @param confidence single-label: the best score; multi-label: 0
   * @param predictedClasses multi-label: the classes above the threshold; single-label: empty
   * @param visualization the drawn predictions (base64 JPEG), or null
   */
  public ClassificationResult(
      @Nullable String inferenceId,
      @Nullable Double time,
      int imageWidth,
      int imageHeight,
      boolean multiLabel,
      List<ClassPrediction> predictions,
      String top,
      double confidence,
      List<String> predictedClasses,
      @Nullable String visualization) {
    this.inferenceId = inferenceId;
    this.time = time;
    this.imageWidth = imageWidth;
    this.imageHeight = imageHeight;
    this.multiLabel = multiLabel;
    this.predictions = List.copyOf(predictions);
    this.top = top;
    this.confidence = confidence;
    this.predictedClasses = List.copyOf(predictedClasses);
    this.visualization = visualization;
  }

  /**
   * The server's id of the request, or null.
   *
   * @return the server's id of the request, or null
   */
  @Override
  public @Nullable String inferenceId() {
    return inferenceId;
  }

  /**
   * The server's time for the whole request in seconds, or null.
   *
   * @return the server's time for the whole request in seconds, or null
   */
  @Override
  public @Nullable Double time() {
    return time;
  }

  /**
   * Width of the original image.
   *
   * @return width of the original image
   */
  @Override
  public int imageWidth() {
    return imageWidth;
  }

  /**
   * Height of the original image.
   *
   * @return height of the original image
   */
  @Override
  public int imageHeight() {
    return imageHeight;
  }

  /**
   * Whether the model is multi-label.
   *
   * @return whether the model is multi-label
   */
  public boolean multiLabel() {
    return multiLabel;
  }

  /**
   * Returns single-label: classes above the threshold, most confident first; multi-label: every
   * class with its score.
   *
   * @return single-label: classes above the threshold, most confident first; multi-label: every
   *     class with its score
   */
  public List<ClassPrediction> predictions() {
    return predictions;
  }

  /**
   * Single-label: the best class ("" when none passes the threshold); multi-label: "".
   *
   * @return single-label: the best class ("" when none passes the threshold); multi-label: ""
   */
  public String top() {
    return top;
  }

  /**
   * Single-label: the best score; multi-label: 0.
   *
   * @return single-label: the best score; multi-label: 0
   */
  public double confidence() {
    return confidence;
  }

  /**
   * Multi-label: the classes above the threshold; single-label: empty.
   *
   * @return multi-label: the classes above the threshold; single-label: empty
   */
  public List<String> predictedClasses() {
    return predictedClasses;
  }

  /**
   * The drawn predictions (base64 JPEG), or null.
   *
   * @return the drawn predictions (base64 JPEG), or null
   */
  @Override
  public @Nullable String visualization() {
    return visualization;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ClassificationResult)) {
      return false;
    }
    ClassificationResult that = (ClassificationResult) o;
    return java.util.Objects.equals(inferenceId, that.inferenceId)
        && java.util.Objects.equals(time, that.time)
        && imageWidth == that.imageWidth
        && imageHeight == that.imageHeight
        && multiLabel == that.multiLabel
        && java.util.Objects.equals(predictions, that.predictions)
        && java.util.Objects.equals(top, that.top)
        && Double.compare(confidence, that.confidence) == 0
        && java.util.Objects.equals(predictedClasses, that.predictedClasses)
        && java.util.Objects.equals(visualization, that.visualization);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(
        inferenceId,
        time,
        imageWidth,
        imageHeight,
        multiLabel,
        predictions,
        top,
        confidence,
        predictedClasses,
        visualization);
  }

  @Override
  public String toString() {
    return "ClassificationResult[inferenceId="
        + inferenceId
        + ", time="
        + time
        + ", imageWidth="
        + imageWidth
        + ", imageHeight="
        + imageHeight
        + ", multiLabel="
        + multiLabel
        + ", predictions="
        + predictions
        + ", top="
        + top
        + ", confidence="
        + confidence
        + ", predictedClasses="
        + predictedClasses
        + ", visualization="
        + visualization
        + "]";
  }
}
