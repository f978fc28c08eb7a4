package io.jinference.sdk;

import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The answer for one image: its size, the detections (most confident first) and, when asked for, the
 * visualisation JPEG.
 *
 * <pre>{@code
 * ObjectDetectionResult result = client.infer("https://example.com/dog.jpg", "coco-nanodet/1");
 * System.out.println(result.imageWidth() + "x" + result.imageHeight() + ": " + result.predictions());
 * }</pre>
 */
public final class ObjectDetectionResult {
  private final String inferenceId;
  private final Double time;
  private final int imageWidth;
  private final int imageHeight;
  private final List<Detection> predictions;
  private final String visualization;

  ObjectDetectionResult(String inferenceId, Double time, int imageWidth, int imageHeight, List<Detection> predictions,
      String visualization) {
    this.inferenceId = inferenceId;
    this.time = time;
    this.imageWidth = imageWidth;
    this.imageHeight = imageHeight;
    this.predictions = Collections.unmodifiableList(predictions);
    this.visualization = visualization;
  }

  /** The server's id of this inference (the request's {@code id} when one was given). */
  public String inferenceId() {
    return inferenceId;
  }

  /** Seconds the server spent, or null when it did not say. */
  public Double time() {
    return time;
  }

  public int imageWidth() {
    return imageWidth;
  }

  public int imageHeight() {
    return imageHeight;
  }

  public List<Detection> predictions() {
    return predictions;
  }

  /** The JPEG with the detections drawn, when {@code visualizePredictions} was set. */
  public Optional<byte[]> visualizationJpeg() {
    return Optional.ofNullable(visualization).map(v -> Base64.getDecoder().decode(v));
  }

  @Override
  public String toString() {
    return "ObjectDetectionResult[" + imageWidth + "x" + imageHeight + ", " + predictions + "]";
  }
}
