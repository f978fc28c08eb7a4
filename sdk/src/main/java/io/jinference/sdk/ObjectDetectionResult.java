package io.jinference.sdk;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An object-detection model's answer for one image: the detections, most confident first.
 *
 * <pre>{@code
 * ObjectDetectionResult result = client.detect(ImageSource.url("https://example.com/dog.jpg"), "coco/3");
 * System.out.println(result.imageWidth() + "x" + result.imageHeight() + ": " + result.predictions());
 * }</pre>
 */
public final class ObjectDetectionResult implements InferenceResult {
  private final @Nullable String inferenceId;
  private final @Nullable Double time;
  private final int imageWidth;
  private final int imageHeight;
  private final List<Detection> predictions;
  private final @Nullable String visualization;

  /**
   * Keeps unmodifiable copies of the lists.
   *
   * @param inferenceId the server's id of the request, or null
   * @param time the server's time for the whole request in seconds, or null
   * @param imageWidth width of the original image
   * @param imageHeight height of the original image
   * @param predictions the detections
   * @param visualization the drawn predictions (base64 JPEG), or null
   */
  public ObjectDetectionResult(
      @Nullable String inferenceId,
      @Nullable Double time,
      int imageWidth,
      int imageHeight,
      List<Detection> predictions,
      @Nullable String visualization) {
    this.inferenceId = inferenceId;
    this.time = time;
    this.imageWidth = imageWidth;
    this.imageHeight = imageHeight;
    this.predictions = List.copyOf(predictions);
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
   * The detections.
   *
   * @return the detections
   */
  public List<Detection> predictions() {
    return predictions;
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
    if (!(o instanceof ObjectDetectionResult)) {
      return false;
    }
    ObjectDetectionResult that = (ObjectDetectionResult) o;
    return java.util.Objects.equals(inferenceId, that.inferenceId)
        && java.util.Objects.equals(time, that.time)
        && imageWidth == that.imageWidth
        && imageHeight == that.imageHeight
        && java.util.Objects.equals(predictions, that.predictions)
        && java.util.Objects.equals(visualization, that.visualization);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(
        inferenceId, time, imageWidth, imageHeight, predictions, visualization);
  }

  @Override
  public String toString() {
    return "ObjectDetectionResult[inferenceId="
        + inferenceId
        + ", time="
        + time
        + ", imageWidth="
        + imageWidth
        + ", imageHeight="
        + imageHeight
        + ", predictions="
        + predictions
        + ", visualization="
        + visualization
        + "]";
  }
}
