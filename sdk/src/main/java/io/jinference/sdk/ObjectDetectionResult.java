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
public final class ObjectDetectionResult extends AbstractResult<Detection>
    implements InferenceResult {
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
    super(inferenceId, time, imageWidth, imageHeight, predictions, visualization);
  }
}
