package io.jinference.server.http;

import io.jinference.server.config.Setting;
import io.jinference.server.config.Settings;
import io.jinference.server.error.InvalidRequestException;
import io.jinference.server.error.TaskNotSupportedException;
import io.jinference.server.http.api.InferenceApi;
import io.jinference.server.http.model.ClassificationInferenceRequest;
import io.jinference.server.http.model.InferenceRequestImage;
import io.jinference.server.http.model.InstanceSegmentationInferenceRequest;
import io.jinference.server.http.model.KeypointsDetectionInferenceRequest;
import io.jinference.server.http.model.ObjectDetectionInferenceRequest;
import io.jinference.server.http.wire.Confidence;
import io.jinference.server.http.wire.ImageInput;
import io.jinference.server.http.wire.InferenceResponses;
import io.jinference.server.image.ImageLoader;
import io.jinference.server.image.ImageReference;
import io.micronaut.http.annotation.Controller;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /infer/{task}} routes. Work runs on the blocking executor, never on a Netty event loop. The
 * hyphenated aliases of the seed documents answer exactly as the underscore routes.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
class InferenceController implements InferenceApi {
  private final ObjectDetectionHandler detection;
  private final ImageLoader images;
  private final int maxBatch;

  InferenceController(ObjectDetectionHandler detection, ImageLoader images, Settings settings) {
    this.detection = detection;
    this.images = images;
    this.maxBatch = settings.integer(Setting.MAX_BATCH_SIZE);
  }

  @Override
  public InferenceResponses inferObjectDetection(ObjectDetectionInferenceRequest request) {
    ObjectDetectionInferenceRequest r = request;
    DetectionJob job = new DetectionJob(r.getModelId(), sources(r.getImage()),
        ObjectDetectionHandler.params(threshold(r.getConfidence()), r.getIouThreshold(), r.getClassAgnosticNms(),
            r.getClassFilter(), r.getMaxDetections()),
        Boolean.TRUE.equals(r.getVisualizePredictions()), Boolean.TRUE.equals(r.getVisualizationLabels()),
        r.getVisualizationStrokeWidth() == null ? 1 : r.getVisualizationStrokeWidth(),
        !Boolean.TRUE.equals(r.getDisablePreprocAutoOrient()), r.getId());
    return new InferenceResponses(new ArrayList<>(detection.run(job)), r.getImage().batch());
  }

  @Override
  public InferenceResponses inferObjectDetectionAlias(ObjectDetectionInferenceRequest request) {
    return inferObjectDetection(request);
  }

  @Override
  public InferenceResponses inferInstanceSegmentation(InstanceSegmentationInferenceRequest request) {
    throw new TaskNotSupportedException("instance-segmentation");
  }

  @Override
  public InferenceResponses inferInstanceSegmentationAlias(InstanceSegmentationInferenceRequest request) {
    return inferInstanceSegmentation(request);
  }

  @Override
  public InferenceResponses inferClassification(ClassificationInferenceRequest request) {
    throw new TaskNotSupportedException("classification");
  }

  @Override
  public InferenceResponses inferKeypointsDetection(KeypointsDetectionInferenceRequest request) {
    throw new TaskNotSupportedException("keypoint-detection");
  }

  @Override
  public InferenceResponses inferKeypointsDetectionAlias(KeypointsDetectionInferenceRequest request) {
    return inferKeypointsDetection(request);
  }

  /** "best" and "default" mean the model's default threshold, as in Roboflow's classic ONNX path. */
  private static Float threshold(Confidence c) {
    return c == null || c.threshold() == null ? null : c.threshold();
  }

  private List<DetectionJob.ImageSource> sources(ImageInput input) {
    if (input.images().isEmpty()) {
      throw new InvalidRequestException("InvalidParameterError", "'image' is an empty list.");
    }
    if (input.images().size() > maxBatch) {
      throw new InvalidRequestException("InvalidParameterError", "'image' lists " + input.images().size()
          + " images; at most " + maxBatch + " are accepted in one request (MAX_BATCH_SIZE).");
    }
    List<DetectionJob.ImageSource> list = new ArrayList<>();
    for (InferenceRequestImage i : input.images()) {
      ImageReference ref = new ImageReference(i.getType(), i.getValue());
      list.add(autoOrient -> images.load(ref, autoOrient));
    }
    return list;
  }
}
