package io.jinference.sdk;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * The answer for one image of a segmentation, keypoint or classification model: the image size, the task's
 * predictions and, when asked for, the visualisation.
 *
 * <pre>{@code
 * TaskResult<KeypointsPrediction> poses = client.detectKeypoints(InferenceImage.file(path), "coco-movenet/1");
 * poses.predictions().forEach(p -> System.out.println(p.detection() + " " + p.keypoints()));
 * poses.visualizationImage().ifPresent(img -> ImageIO.write(img, "jpg", new File("poses.jpg")));
 * }</pre>
 *
 * @param <P> the prediction type of the task
 */
public class TaskResult<P> {
  private final String inferenceId;
  private final Double time;
  private final int imageWidth;
  private final int imageHeight;
  private final List<P> predictions;
  private final String visualization;

  TaskResult(String inferenceId, Double time, int imageWidth, int imageHeight, List<P> predictions,
      String visualization) {
    this.inferenceId = inferenceId;
    this.time = time;
    this.imageWidth = imageWidth;
    this.imageHeight = imageHeight;
    this.predictions = Collections.unmodifiableList(predictions);
    this.visualization = visualization;
  }

  public String inferenceId() {
    return inferenceId;
  }

  public Double time() {
    return time;
  }

  public int imageWidth() {
    return imageWidth;
  }

  public int imageHeight() {
    return imageHeight;
  }

  public List<P> predictions() {
    return predictions;
  }

  public Optional<byte[]> visualizationJpeg() {
    return Optional.ofNullable(visualization).map(v -> Base64.getDecoder().decode(v));
  }

  /** The visualisation decoded, when {@code visualizePredictions} was set. */
  public Optional<BufferedImage> visualizationImage() {
    return visualizationJpeg().map(TaskResult::decode);
  }

  static BufferedImage decode(byte[] jpeg) {
    try {
      return ImageIO.read(new ByteArrayInputStream(jpeg));
    } catch (IOException e) {
      throw new InferenceException("The visualization is not a readable image", e);
    }
  }

  @Override
  public String toString() {
    return "TaskResult[" + imageWidth + "x" + imageHeight + ", " + predictions + "]";
  }
}
