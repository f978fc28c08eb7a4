package io.jinference.server.workflow;

import io.jinference.server.inference.Classification;
import io.jinference.server.inference.Classifier;
import io.jinference.server.inference.Detection;
import io.jinference.server.inference.DetectionParams;
import io.jinference.server.inference.InstanceSegmenter;
import io.jinference.server.inference.Keypoint;
import io.jinference.server.inference.KeypointDetector;
import io.jinference.server.inference.MaskParams;
import io.jinference.server.inference.ObjectDetector;
import io.jinference.server.inference.PoseDetection;
import io.jinference.server.inference.PreprocessFlags;
import io.jinference.server.inference.SegmentedDetection;
import io.jinference.server.image.DecodedImage;
import io.jinference.server.model.LoadedModel;
import io.jinference.server.model.ModelManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Roboflow's model blocks (reference §8.4): object detection, instance segmentation, keypoint detection,
 * classification and multi-label classification, each in the versions that differ only in defaults. Models run
 * in-process through the model manager, never over HTTP.
 */
final class ModelBlock implements Block {
  /** The five model block families and their identifiers. */
  enum Task {
    OBJECT_DETECTION("roboflow_object_detection_model", Kind.OBJECT_DETECTION),
    INSTANCE_SEGMENTATION("roboflow_instance_segmentation_model", Kind.INSTANCE_SEGMENTATION),
    KEYPOINT_DETECTION("roboflow_keypoint_detection_model", Kind.KEYPOINT_DETECTION),
    CLASSIFICATION("roboflow_classification_model", Kind.CLASSIFICATION),
    MULTI_LABEL_CLASSIFICATION("roboflow_multi_label_classification_model", Kind.CLASSIFICATION);

    final String name;
    final Kind kind;

    Task(String name, Kind kind) {
      this.name = name;
      this.kind = kind;
    }
  }

  /** What the block runs models with. */
  record Engines(ModelManager models, ObjectDetector detector, InstanceSegmenter segmenter,
      KeypointDetector keypoints, Classifier classifier) {}

  private final Task task;
  private final BlockManifest manifest;
  private final Engines engines;

  ModelBlock(Task task, String version, List<String> aliases, Engines engines) {
    this.task = task;
    this.engines = engines;
    BlockManifest.Builder m = BlockManifest.of("roboflow_core/" + task.name + "@" + version,
            aliases.toArray(new String[0]))
        .required("images", Kind.IMAGE).required("model_id", Kind.STRING)
        .optional("confidence", Kind.FLOAT, 0.4)
        .optional("disable_active_learning", Kind.BOOLEAN, true)
        .optional("active_learning_target_dataset", Kind.STRING, null);
    if (task.kind != Kind.CLASSIFICATION) {
      m.optional("iou_threshold", Kind.FLOAT, 0.3).optional("max_detections", Kind.INTEGER, 300)
          .optional("class_filter", Kind.LIST, null).optional("class_agnostic_nms", Kind.BOOLEAN, false)
          .optional("max_candidates", Kind.INTEGER, 3000);
    }
    if (task == Task.INSTANCE_SEGMENTATION) {
      m.optional("mask_decode_mode", Kind.STRING, "accurate").optional("tradeoff_factor", Kind.FLOAT, 0.0);
    }
    if (task == Task.KEYPOINT_DETECTION) {
      m.optional("keypoint_confidence", Kind.FLOAT, 0.0);
    }
    this.manifest = m.output("inference_id", Kind.STRING).output("predictions", task.kind).build();
  }

  @Override
  public BlockManifest manifest() {
    return manifest;
  }

  @Override
  @SuppressWarnings("unchecked")
  public Map<String, Object> run(Map<String, Object> in, StepContext context) {
    Values.Image input = (Values.Image) in.get("images");
    DecodedImage image = input.image();
    LoadedModel model = engines.models().get((String) in.get("model_id"), context.apiKey());
    float confidence = number(in, "confidence").floatValue();
    Object predictions;
    if (task.kind == Kind.CLASSIFICATION) {
      Classification c = engines.classifier().classify(model, List.of(image), confidence, PreprocessFlags.NONE)
          .get(0);
      predictions = new Values.Classes(image.width(), image.height(), c);
    } else {
      List<String> filter = (List<String>) in.get("class_filter");
      DetectionParams params = new DetectionParams(confidence, number(in, "iou_threshold").floatValue(),
          Boolean.TRUE.equals(in.get("class_agnostic_nms")), filter == null || filter.isEmpty() ? null : filter,
          number(in, "max_detections").intValue());
      predictions = detect(model, input, params, in);
    }
    return Map.of("inference_id", UUID.randomUUID().toString(), "predictions", predictions);
  }

  private Values.Detections detect(LoadedModel model, Values.Image input, DetectionParams params,
      Map<String, Object> in) {
    DecodedImage image = input.image();
    List<DecodedImage> one = List.of(image);
    switch (task) {
      case INSTANCE_SEGMENTATION: {
        MaskParams mask = new MaskParams(String.valueOf(in.get("mask_decode_mode")),
            number(in, "tradeoff_factor").floatValue(), false);
        List<Detection> boxes = new ArrayList<>();
        List<List<double[]>> polygons = new ArrayList<>();
        for (SegmentedDetection s : engines.segmenter().segment(model, one, params, mask, PreprocessFlags.NONE)
            .get(0)) {
          boxes.add(s.box());
          polygons.add(s.polygon());
        }
        return new Values.Detections(image.width(), image.height(), boxes, polygons, null, input.origin());
      }
      case KEYPOINT_DETECTION: {
        List<Detection> boxes = new ArrayList<>();
        List<List<Keypoint>> points = new ArrayList<>();
        for (PoseDetection p : engines.keypoints().detect(model, one, params,
            number(in, "keypoint_confidence").floatValue(), PreprocessFlags.NONE).get(0)) {
          boxes.add(p.box());
          points.add(p.keypoints());
        }
        return new Values.Detections(image.width(), image.height(), boxes, null, points, input.origin());
      }
      default:
        return new Values.Detections(image.width(), image.height(),
            engines.detector().detect(model, one, params, PreprocessFlags.NONE).get(0), null, null, input.origin());
    }
  }

  private static Number number(Map<String, Object> in, String key) {
    Object v = in.get(key);
    if (!(v instanceof Number)) {
      throw WorkflowException.runtimeInput("'" + key + "' must be a number, got " + v);
    }
    return (Number) v;
  }
}
