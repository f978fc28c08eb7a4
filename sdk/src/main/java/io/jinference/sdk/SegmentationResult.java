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
public final class SegmentationResult extends AbstractResult<SegmentationPrediction>
    implements InferenceResult {
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
    super(inferenceId, time, imageWidth, imageHeight, predictions, visualization);
  }
}
