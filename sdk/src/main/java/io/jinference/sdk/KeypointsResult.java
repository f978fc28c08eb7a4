package io.jinference.sdk;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A keypoint model's answer for one image: each object's box and keypoints.
 *
 * <pre>{@code
 * KeypointsResult poses = client.detectKeypoints(ImageSource.path(Path.of("people.jpg")), "coco-movenet/1");
 * poses.predictions().forEach(p -> System.out.println(p.detection() + " " + p.keypoints()));
 * }</pre>
 */
public final class KeypointsResult extends AbstractResult<KeypointsPrediction>
    implements InferenceResult {
  /**
   * Keeps unmodifiable copies of the lists.
   *
   * @param inferenceId the server's id of the request, or null
   * @param time the server's time for the whole request in seconds, or null
   * @param imageWidth width of the original image
   * @param imageHeight height of the original image
   * @param predictions the objects with their keypoints
   * @param visualization the drawn predictions (base64 JPEG), or null
   */
  public KeypointsResult(
      @Nullable String inferenceId,
      @Nullable Double time,
      int imageWidth,
      int imageHeight,
      List<KeypointsPrediction> predictions,
      @Nullable String visualization) {
    super(inferenceId, time, imageWidth, imageHeight, predictions, visualization);
  }
}
