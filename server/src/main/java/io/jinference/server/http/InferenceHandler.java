package io.jinference.server.http;

import io.jinference.server.http.model.ResolvedModel;
import io.jinference.server.image.DecodedImage;
import io.jinference.server.inference.Classification;
import io.jinference.server.inference.Classifier;
import io.jinference.server.inference.Detection;
import io.jinference.server.inference.InstanceSegmenter;
import io.jinference.server.inference.KeypointDetector;
import io.jinference.server.inference.ObjectDetector;
import io.jinference.server.inference.PoseDetection;
import io.jinference.server.inference.SegmentedDetection;
import io.jinference.server.model.LoadedModel;
import io.jinference.server.model.ModelManager;
import io.jinference.server.visualization.Visualizer;
import io.micronaut.core.beans.BeanWrapper;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Runs an {@link InferenceJob} for a task and builds Roboflow's response objects: model first (an unknown model
 * is a 404 before any image is fetched), then the images in chunks of the model's batch size (decoded images of
 * one chunk at a time). As in Roboflow, {@code time} is the whole request's time in seconds and
 * {@code inference_id} the request's id, the same on every response of a batch.
 */
@Singleton
final class InferenceHandler {
  private final ModelManager models;
  private final ObjectDetector detector;
  private final InstanceSegmenter segmenter;
  private final KeypointDetector keypoints;
  private final Classifier classifier;
  private final Visualizer visualizer;

  InferenceHandler(ModelManager models, ObjectDetector detector, InstanceSegmenter segmenter,
      KeypointDetector keypoints, Classifier classifier, Visualizer visualizer) {
    this.models = models;
    this.detector = detector;
    this.segmenter = segmenter;
    this.keypoints = keypoints;
    this.classifier = classifier;
    this.visualizer = visualizer;
  }

  /**
   * @param task the route's task, or null to serve the model's own task (the legacy route)
   */
  List<Object> run(InferenceJob job, String task) {
    long start = System.nanoTime();
    LoadedModel model = models.get(job.modelId(), job.apiKey());
    String t = task != null ? task : model.modelPackage().taskType();
    boolean autoOrient = job.autoOrient() && model.modelPackage().preprocessing().autoOrient();
    int chunk = model.batchSize() == null ? job.images().size() : Math.max(1, model.batchSize());
    List<Object> responses = new ArrayList<>(job.images().size());
    for (int from = 0; from < job.images().size(); from += chunk) {
      List<DecodedImage> images = new ArrayList<>(chunk);
      try {
        for (InferenceJob.ImageSource source : job.images().subList(from, Math.min(job.images().size(), from + chunk))) {
          images.add(source.open(autoOrient));
        }
        responses.addAll(infer(model, t, job, images));
      } finally {
        images.forEach(DecodedImage::close);
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    // One id for the request, on every response of a batch: Roboflow's is the request's id (a new uuid4 per request).
    String inferenceId = job.inferenceId() != null ? job.inferenceId() : UUID.randomUUID().toString();
    ResolvedModel resolved = new ResolvedModel(model.modelPackage().id().toString());
    for (Object r : responses) {
      common(r, inferenceId, null, seconds);
      BeanWrapper.getWrapper(r).setProperty("resolvedModel", resolved);
    }
    return responses;
  }

  private List<Object> infer(LoadedModel model, String task, InferenceJob job, List<DecodedImage> images) {
    List<Object> out = new ArrayList<>(images.size());
    var colors = model.modelPackage().colors();
    switch (task) {
      case "instance-segmentation": {
        List<List<SegmentedDetection>> all = segmenter.segment(model, images, job.params(), job.mask(), job.flags());
        for (int i = 0; i < images.size(); i++) {
          DecodedImage image = images.get(i);
          List<Detection> boxes = new ArrayList<>();
          List<List<double[]>> polygons = new ArrayList<>();
          for (SegmentedDetection s : all.get(i)) {
            boxes.add(s.box());
            polygons.add(s.polygon());
          }
          out.add(finish(job, ResponseBuilder.segmentation(images.get(i), all.get(i)),
              () -> visualizer.draw(image, boxes, polygons, null, job.labels(), job.stroke(), colors)));
        }
        return out;
      }
      case "keypoint-detection": {
        List<List<PoseDetection>> all = keypoints.detect(model, images, job.params(), job.keypointConfidence(),
            job.flags());
        for (int i = 0; i < images.size(); i++) {
          DecodedImage image = images.get(i);
          List<Detection> boxes = new ArrayList<>();
          List<List<double[]>> points = new ArrayList<>();
          for (PoseDetection p : all.get(i)) {
            boxes.add(p.box());
            List<double[]> xy = new ArrayList<>();
            p.keypoints().forEach(k -> xy.add(new double[] {k.x(), k.y()}));
            points.add(xy);
          }
          out.add(finish(job, ResponseBuilder.keypoints(images.get(i), all.get(i)),
              () -> visualizer.draw(image, boxes, null, points, job.labels(), job.stroke(), colors)));
        }
        return out;
      }
      case "classification": {
        List<Classification> all = classifier.classify(model, images, job.params().confidence(), job.flags());
        for (int i = 0; i < images.size(); i++) {
          DecodedImage image = images.get(i);
          Classification c = all.get(i);
          out.add(finish(job, ResponseBuilder.classification(images.get(i), c),
              () -> visualizer.drawClassification(image, c, job.stroke())));
        }
        return out;
      }
      default: {
        List<List<Detection>> all = detector.detect(model, images, job.params(), job.flags());
        for (int i = 0; i < images.size(); i++) {
          DecodedImage image = images.get(i);
          List<Detection> d = all.get(i);
          out.add(finish(job, ResponseBuilder.objectDetection(images.get(i), d),
              () -> visualizer.draw(image, d, null, null, job.labels(), job.stroke(), colors)));
        }
        return out;
      }
    }
  }

  private interface Drawing {
    byte[] jpeg();
  }

  private static Object finish(InferenceJob job, Object response, Drawing drawing) {
    String visualization = job.visualize() ? Base64.getEncoder().encodeToString(drawing.jpeg()) : null;
    common(response, null, visualization, null);
    return response;
  }

  /**
   * Sets the fields every response model shares (a null leaves the field as it is). The generated models are
   * introspected beans, so one property write serves all of them.
   */
  private static void common(Object r, String id, String visualization, Double time) {
    BeanWrapper<Object> bean = BeanWrapper.getWrapper(r);
    if (id != null) {
      bean.setProperty("inferenceId", id);
    }
    if (visualization != null) {
      bean.setProperty("visualization", visualization);
    }
    if (time != null) {
      bean.setProperty("time", time);
    }
  }
}
