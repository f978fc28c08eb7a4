package io.jinference.sdk;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The parts every task's answer for one image has: the request's id and time, the image's size, the
 * predictions (kept as an unmodifiable copy) and the drawn visualisation.
 *
 * @param <P> the task's prediction type
 */
abstract class AbstractResult<P> extends Value {
  private static final String[] NAMES = {
    "inferenceId", "time", "imageWidth", "imageHeight", "predictions", "visualization"
  };

  private final @Nullable String inferenceId;
  private final @Nullable Double time;
  private final int imageWidth;
  private final int imageHeight;
  private final List<P> predictions;
  private final @Nullable String visualization;

  AbstractResult(
      @Nullable String inferenceId,
      @Nullable Double time,
      int imageWidth,
      int imageHeight,
      List<P> predictions,
      @Nullable String visualization) {
    this.inferenceId = inferenceId;
    this.time = time;
    this.imageWidth = imageWidth;
    this.imageHeight = imageHeight;
    this.predictions = List.copyOf(predictions);
    this.visualization = visualization;
  }

  /**
   * The server's id of the request (the same on every result of one batch), or null.
   *
   * @return the inference id
   */
  public @Nullable String inferenceId() {
    return inferenceId;
  }

  /**
   * The server's time for the whole request, in seconds, or null when it gave none.
   *
   * @return the time
   */
  public @Nullable Double time() {
    return time;
  }

  /**
   * Width of the image the predictions are measured in (the original image).
   *
   * @return the image width
   */
  public int imageWidth() {
    return imageWidth;
  }

  /**
   * The image's height in pixels.
   *
   * @return the image height
   */
  public int imageHeight() {
    return imageHeight;
  }

  /**
   * The predictions, most confident first.
   *
   * @return the predictions
   */
  public List<P> predictions() {
    return predictions;
  }

  /**
   * The predictions drawn on the image, base64 JPEG, when visualisation was asked for.
   *
   * @return the visualization
   */
  public @Nullable String visualization() {
    return visualization;
  }

  @Override
  Object[] parts() {
    return new Object[] {inferenceId, time, imageWidth, imageHeight, predictions, visualization};
  }

  @Override
  String[] partNames() {
    return NAMES;
  }
}
