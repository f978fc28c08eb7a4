package io.jinference.server.http;

import io.jinference.server.error.InvalidRequestException;
import io.jinference.server.http.model.InferenceResponseImage;
import io.jinference.server.http.model.ObjectDetectionInferenceResponse;
import io.jinference.server.http.model.ObjectDetectionPrediction;
import io.jinference.server.image.DecodedImage;
import io.jinference.server.inference.Detection;
import io.jinference.server.inference.DetectionParams;
import io.jinference.server.inference.ObjectDetector;
import io.jinference.server.model.LoadedModel;
import io.jinference.server.model.ModelManager;
import io.jinference.server.visualization.Visualizer;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Runs a {@link DetectionJob} and builds Roboflow's response objects: model first (an unknown model is a 404
 * before any image is fetched), then each image in order. As in Roboflow, {@code time} is the whole request's
 * time in seconds, the same on every response of a batch.
 */
@Singleton
final class ObjectDetectionHandler {
  static final float DEFAULT_CONFIDENCE = 0.4f;
  static final float DEFAULT_IOU = 0.3f;
  static final int DEFAULT_MAX_DETECTIONS = 300;
  private static final int MAX_DETECTIONS_LIMIT = 10_000;
  private static final int MAX_CLASS_FILTER = 1_000;

  private final ModelManager models;
  private final ObjectDetector detector;
  private final Visualizer visualizer;

  ObjectDetectionHandler(ModelManager models, ObjectDetector detector, Visualizer visualizer) {
    this.models = models;
    this.detector = detector;
    this.visualizer = visualizer;
  }

  List<ObjectDetectionInferenceResponse> run(DetectionJob job) {
    long start = System.nanoTime();
    LoadedModel model = models.get(job.modelId());
    boolean autoOrient = job.autoOrient() && model.modelPackage().autoOrient();
    List<ObjectDetectionInferenceResponse> responses = new ArrayList<>(job.images().size());
    for (DetectionJob.ImageSource source : job.images()) {
      try (DecodedImage image = source.open(autoOrient)) {
        List<Detection> detections = detector.detect(model, image, job.params());
        ObjectDetectionInferenceResponse response = new ObjectDetectionInferenceResponse(
            new InferenceResponseImage(image.width(), image.height()), predictions(detections));
        response.setInferenceId(job.inferenceId() != null ? job.inferenceId() : UUID.randomUUID().toString());
        if (job.visualize()) {
          byte[] jpeg = visualizer.draw(image, detections, job.labels(), job.stroke(), model.modelPackage().colors());
          response.setVisualization(Base64.getEncoder().encodeToString(jpeg));
        }
        responses.add(response);
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    responses.forEach(r -> r.setTime(seconds));
    return responses;
  }

  private static List<ObjectDetectionPrediction> predictions(List<Detection> detections) {
    List<ObjectDetectionPrediction> list = new ArrayList<>(detections.size());
    for (Detection d : detections) {
      list.add(new ObjectDetectionPrediction((d.x1() + d.x2()) / 2, (d.y1() + d.y2()) / 2, d.x2() - d.x1(),
          d.y2() - d.y1(), d.confidence(), d.className(), d.classId(), UUID.randomUUID().toString()));
    }
    return list;
  }

  /** Request values to detection parameters, with Roboflow's defaults and clear errors for impossible values. */
  static DetectionParams params(Float confidence, Float iou, Boolean classAgnostic, List<String> classFilter,
      Integer maxDetections) {
    float c = confidence == null ? DEFAULT_CONFIDENCE : confidence;
    float i = iou == null ? DEFAULT_IOU : iou;
    int m = maxDetections == null ? DEFAULT_MAX_DETECTIONS : maxDetections;
    if (!(c >= 0 && c <= 1)) {
      throw new InvalidRequestException("InvalidParameterError", "confidence must be between 0 and 1, got " + c + ".");
    }
    if (!(i >= 0 && i <= 1)) {
      throw new InvalidRequestException("InvalidParameterError",
          "iou_threshold must be between 0 and 1, got " + i + ".");
    }
    if (m < 0 || m > MAX_DETECTIONS_LIMIT) {
      throw new InvalidRequestException("InvalidParameterError",
          "max_detections must be between 0 and " + MAX_DETECTIONS_LIMIT + ", got " + m + ".");
    }
    if (classFilter != null && classFilter.size() > MAX_CLASS_FILTER) {
      throw new InvalidRequestException("InvalidParameterError",
          "class_filter may list at most " + MAX_CLASS_FILTER + " classes.");
    }
    // An empty class_filter filters nothing (Roboflow tests it for truthiness).
    List<String> filter = classFilter == null || classFilter.isEmpty() ? null : List.copyOf(classFilter);
    return new DetectionParams(c, i, Boolean.TRUE.equals(classAgnostic), filter, m);
  }
}
