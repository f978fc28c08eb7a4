package io.jinference.sdk;

import java.util.List;

/**
 * The answer of an object-detection model for one image: its size, the detections (most confident first) and,
 * when asked for, the visualisation JPEG.
 *
 * <pre>{@code
 * ObjectDetectionResult result = client.infer("https://example.com/dog.jpg", "coco-nanodet/1");
 * System.out.println(result.imageWidth() + "x" + result.imageHeight() + ": " + result.predictions());
 * }</pre>
 */
public final class ObjectDetectionResult extends TaskResult<Detection> {
  ObjectDetectionResult(String inferenceId, Double time, int imageWidth, int imageHeight, List<Detection> predictions,
      String visualization) {
    super(inferenceId, time, imageWidth, imageHeight, predictions, visualization);
  }

  @Override
  public String toString() {
    return "ObjectDetectionResult[" + imageWidth() + "x" + imageHeight() + ", " + predictions() + "]";
  }
}
