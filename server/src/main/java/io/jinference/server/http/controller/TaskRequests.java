package io.jinference.server.http.controller;

import io.jinference.server.config.Setting;
import io.jinference.server.config.Settings;
import io.jinference.server.error.InvalidRequestException;
import io.jinference.server.http.auth.RequestKeys;
import io.jinference.server.http.model.ClassificationInferenceRequest;
import io.jinference.server.http.model.InferenceRequestImage;
import io.jinference.server.http.model.InstanceSegmentationInferenceRequest;
import io.jinference.server.http.model.KeypointsDetectionInferenceRequest;
import io.jinference.server.http.model.ObjectDetectionInferenceRequest;
import io.jinference.server.http.wire.Confidence;
import io.jinference.server.http.wire.ImageInput;
import io.jinference.server.image.ImageReference;
import io.jinference.server.image.ImageSource;
import io.jinference.server.inference.task.DetectionParams;
import io.jinference.server.inference.task.MaskParams;
import io.jinference.server.inference.task.PreprocessFlags;
import io.jinference.server.inference.task.TaskOptions;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/**
 * The four task requests of the contract to {@link InferenceJob}s, field by field. The generated
 * request types share no Java supertype, so each task's mapper names its getters; what they share
 * is validated once, in {@link #job}.
 */
@Singleton
final class TaskRequests {
  private final int maxBatch;

  TaskRequests(Settings settings) {
    this.maxBatch = settings.integer(Setting.MAX_BATCH_SIZE);
  }

  /** The fields all four requests carry (nulls are the contract's defaults). */
  private record Shared(
      String modelId,
      String apiKey, // the caller's Roboflow key, already resolved
      String id,
      ImageInput image,
      Boolean autoOrientOff,
      Boolean contrastOff,
      Boolean grayscaleOff,
      Boolean staticCropOff,
      Boolean visualize,
      Boolean labels,
      Integer stroke) {}

  InferenceJob objectDetection(ObjectDetectionInferenceRequest r, RequestKeys keys) {
    return job(
        new Shared(
            r.getModelId(),
            keys.roboflowKey(r.getApiKey()),
            r.getId(),
            r.getImage(),
            r.getDisablePreprocAutoOrient(),
            r.getDisablePreprocContrast(),
            r.getDisablePreprocGrayscale(),
            r.getDisablePreprocStaticCrop(),
            r.getVisualizePredictions(),
            r.getVisualizationLabels(),
            r.getVisualizationStrokeWidth()),
        RequestParams.detection(
            threshold(r.getConfidence()),
            r.getIouThreshold(),
            r.getClassAgnosticNms(),
            r.getClassFilter(),
            r.getMaxDetections()),
        null,
        0f);
  }

  InferenceJob instanceSegmentation(InstanceSegmentationInferenceRequest r, RequestKeys keys) {
    return job(
        new Shared(
            r.getModelId(),
            keys.roboflowKey(r.getApiKey()),
            r.getId(),
            r.getImage(),
            r.getDisablePreprocAutoOrient(),
            r.getDisablePreprocContrast(),
            r.getDisablePreprocGrayscale(),
            r.getDisablePreprocStaticCrop(),
            r.getVisualizePredictions(),
            r.getVisualizationLabels(),
            r.getVisualizationStrokeWidth()),
        RequestParams.detection(
            threshold(r.getConfidence()),
            r.getIouThreshold(),
            r.getClassAgnosticNms(),
            r.getClassFilter(),
            r.getMaxDetections()),
        RequestParams.mask(r.getMaskDecodeMode(), r.getTradeoffFactor(), r.getResponseMaskFormat()),
        0f);
  }

  InferenceJob keypointsDetection(KeypointsDetectionInferenceRequest r, RequestKeys keys) {
    return job(
        new Shared(
            r.getModelId(),
            keys.roboflowKey(r.getApiKey()),
            r.getId(),
            r.getImage(),
            r.getDisablePreprocAutoOrient(),
            r.getDisablePreprocContrast(),
            r.getDisablePreprocGrayscale(),
            r.getDisablePreprocStaticCrop(),
            r.getVisualizePredictions(),
            r.getVisualizationLabels(),
            r.getVisualizationStrokeWidth()),
        RequestParams.detection(
            threshold(r.getConfidence()),
            r.getIouThreshold(),
            r.getClassAgnosticNms(),
            r.getClassFilter(),
            r.getMaxDetections()),
        null,
        RequestParams.keypointConfidence(r.getKeypointConfidence()));
  }

  /**
   * Classification reads only the confidence of the detection parameters; it has no label switch.
   */
  InferenceJob classification(ClassificationInferenceRequest r, RequestKeys keys) {
    return job(
        new Shared(
            r.getModelId(),
            keys.roboflowKey(r.getApiKey()),
            r.getId(),
            r.getImage(),
            r.getDisablePreprocAutoOrient(),
            r.getDisablePreprocContrast(),
            r.getDisablePreprocGrayscale(),
            r.getDisablePreprocStaticCrop(),
            r.getVisualizePredictions(),
            null,
            r.getVisualizationStrokeWidth()),
        RequestParams.detection(threshold(r.getConfidence()), null, null, null, null),
        null,
        0f);
  }

  private InferenceJob job(
      Shared r, DetectionParams detection, MaskParams mask, float keypointConfidence) {
    PreprocessFlags flags =
        new PreprocessFlags(on(r.contrastOff()), on(r.grayscaleOff()), on(r.staticCropOff()));
    return new InferenceJob(
        r.modelId(),
        r.apiKey(),
        sources(r.image()),
        new TaskOptions(detection, mask, keypointConfidence, flags),
        !on(r.autoOrientOff()),
        new InferenceJob.Visualization(
            on(r.visualize()), on(r.labels()), r.stroke() == null ? 1 : r.stroke()),
        r.id());
  }

  private static Float threshold(Confidence c) {
    return c == null ? null : c.threshold();
  }

  private static boolean on(Boolean flag) {
    return Boolean.TRUE.equals(flag);
  }

  /** The request's images, at most MAX_BATCH_SIZE of them. */
  List<ImageSource> sources(ImageInput input) {
    if (input.images().isEmpty()) {
      throw new InvalidRequestException("InvalidParameterError", "'image' is an empty list.");
    }
    if (input.images().size() > maxBatch) {
      throw new InvalidRequestException(
          "InvalidParameterError",
          "'image' lists "
              + input.images().size()
              + " images; at most "
              + maxBatch
              + " are accepted in one request (MAX_BATCH_SIZE).");
    }
    List<ImageSource> list = new ArrayList<>(input.images().size());
    for (InferenceRequestImage i : input.images()) {
      list.add(new ImageSource.Reference(new ImageReference(i.getType(), i.getValue())));
    }
    return list;
  }
}
