package io.jinference.server.workflow;

import io.jinference.server.inference.Detection;
import io.jinference.server.inference.DetectionParams;
import io.jinference.server.inference.ObjectDetector;
import io.jinference.server.inference.PreprocessFlags;
import io.jinference.server.model.LoadedModel;
import io.jinference.server.model.ModelManager;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code roboflow_core/roboflow_object_detection_model} v1 and v2: runs a detector through the model manager
 * (in-process, never over HTTP). Fields and defaults as Roboflow's manifest (reference §8.4).
 */
class ObjectDetectionModelBlock implements Block {
  private final BlockManifest manifest;
  private final ModelManager models;
  private final ObjectDetector detector;

  ObjectDetectionModelBlock(String version, List<String> aliases, ModelManager models, ObjectDetector detector) {
    this.models = models;
    this.detector = detector;
    this.manifest = BlockManifest.of("roboflow_core/roboflow_object_detection_model@" + version,
            aliases.toArray(new String[0]))
        .required("images", Kind.IMAGE).required("model_id", Kind.STRING)
        .optional("confidence", Kind.FLOAT, 0.4).optional("iou_threshold", Kind.FLOAT, 0.3)
        .optional("max_detections", Kind.INTEGER, 300).optional("class_filter", Kind.LIST, null)
        .optional("class_agnostic_nms", Kind.BOOLEAN, false).optional("max_candidates", Kind.INTEGER, 3000)
        .optional("disable_active_learning", Kind.BOOLEAN, true)
        .optional("active_learning_target_dataset", Kind.STRING, null)
        .output("inference_id", Kind.STRING).output("predictions", Kind.OBJECT_DETECTION)
        .build();
  }

  @Override
  public BlockManifest manifest() {
    return manifest;
  }

  @Override
  @SuppressWarnings("unchecked")
  public Map<String, Object> run(Map<String, Object> in, StepContext context) {
    Values.Image image = (Values.Image) in.get("images");
    LoadedModel model = models.get((String) in.get("model_id"), context.apiKey());
    List<String> filter = (List<String>) in.get("class_filter");
    DetectionParams params = new DetectionParams(number(in, "confidence").floatValue(),
        number(in, "iou_threshold").floatValue(), Boolean.TRUE.equals(in.get("class_agnostic_nms")),
        filter == null || filter.isEmpty() ? null : filter, number(in, "max_detections").intValue());
    List<Detection> detections = detector.detect(model, List.of(image.image()), params, PreprocessFlags.NONE).get(0);
    return Map.of("inference_id", UUID.randomUUID().toString(),
        "predictions", new Values.Detections(image.image().width(), image.image().height(), detections));
  }

  private static Number number(Map<String, Object> in, String key) {
    Object v = in.get(key);
    if (!(v instanceof Number)) {
      throw WorkflowException.runtimeInput("'" + key + "' must be a number, got " + v);
    }
    return (Number) v;
  }
}
