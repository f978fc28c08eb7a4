package io.jinference.sdk;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An instance-segmentation model's answer for one image: each object's box and mask.
 *
 * <pre>{@code
 * SegmentationResult result = client.segment(ImageSource.path(Path.of("street.jpg")), "my-seg/1");
 * result.predictions().forEach(p -> System.out.println(p.detection().className() + " " + p.polygon().size()));
 * }</pre>
 */
public final class SegmentationResult implements InferenceResult {
  private final @Nullable String inferenceId;
  private final @Nullable Double time;
  private final int imageWidth;
  private final int imageHeight;
  private final List<SegmentationPrediction> predictions;
  private final @Nullable String visualization;

  /**
   * Keeps unmodifiable copies of the lists.
   *
   * @param inferenceId the server's id of the request, or null
   * @param time the server's time for the whole request in seconds, or null
   * @param imageWidth width of the original image
   * @param imageHeight height of the original image
   * @param predictions the objects with their masks
   * @param visualization the drawn predictions (base64 JPEG), or null
   */
  public SegmentationResult(
      @Nullable String inferenceId,
      @Nullable Double time,
      int imageWidth,
      int imageHeight,
      List<SegmentationPrediction> predictions,
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
   * The objects with their masks.
   *
   * @return the objects with their masks
   */
  public List<SegmentationPrediction> predictions() {
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
    if (!(o instanceof SegmentationResult)) {
      return false;
    }
    SegmentationResult that = (SegmentationResult) o;
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
    return "SegmentationResult[inferenceId="
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
