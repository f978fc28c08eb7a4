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
public final class ClassificationResult extends AbstractResult<ClassPrediction>
    implements InferenceResult {
  private static final String[] NAMES = {
    "inferenceId",
    "time",
    "imageWidth",
    "imageHeight",
    "multiLabel",
    "predictions",
    "top",
    "confidence",
    "predictedClasses",
    "visualization"
  };

  private final boolean multiLabel;
  private final String top;
  private final double confidence;
  private final List<String> predictedClasses;

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
    super(inferenceId, time, imageWidth, imageHeight, predictions, visualization);
    this.multiLabel = multiLabel;
    this.top = top;
    this.confidence = confidence;
    this.predictedClasses = List.copyOf(predictedClasses);
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
   * Single-label: the best class ("" when none passes the threshold); multi-label: "".
   *
   * @return the best class, or ""
   */
  public String top() {
    return top;
  }

  /**
   * Single-label: the best score; multi-label: 0.
   *
   * @return the best score, or 0
   */
  public double confidence() {
    return confidence;
  }

  /**
   * Multi-label: the classes above the threshold; single-label: empty.
   *
   * @return the classes above the threshold
   */
  public List<String> predictedClasses() {
    return predictedClasses;
  }

  @Override
  Object[] parts() {
    return new Object[] {
      inferenceId(),
      time(),
      imageWidth(),
      imageHeight(),
      multiLabel,
      predictions(),
      top,
      confidence,
      predictedClasses,
      visualization()
    };
  }

  @Override
  String[] partNames() {
    return NAMES;
  }
}
