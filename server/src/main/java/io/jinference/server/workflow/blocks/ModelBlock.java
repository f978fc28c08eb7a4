package io.jinference.server.workflow.blocks;

import io.jinference.server.inference.task.DetectionParams;
import io.jinference.server.inference.task.MaskParams;
import io.jinference.server.inference.task.Prediction;
import io.jinference.server.inference.task.PreprocessFlags;
import io.jinference.server.inference.task.Task;
import io.jinference.server.inference.task.TaskOptions;
import io.jinference.server.model.LoadedModel;
import io.jinference.server.model.ModelManager;
import io.jinference.server.workflow.engine.Block;
import io.jinference.server.workflow.engine.BlockManifest;
import io.jinference.server.workflow.engine.Kind;
import io.jinference.server.workflow.engine.Values;
import io.jinference.server.workflow.engine.WorkflowException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Roboflow's model blocks (reference §8.4): object detection, instance segmentation, keypoint
 * detection, classification and multi-label classification, each in the versions that differ only
 * in defaults. Models run in-process through the model manager, never over HTTP.
 */
final class ModelBlock implements Block {
  /**
   * The five model block families: their identifiers, the kind of their predictions, the task they
   * run.
   */
  enum Family {
    OBJECT_DETECTION(
        "roboflow_object_detection_model", Kind.OBJECT_DETECTION, Task.OBJECT_DETECTION),
    INSTANCE_SEGMENTATION(
        "roboflow_instance_segmentation_model",
        Kind.INSTANCE_SEGMENTATION,
        Task.INSTANCE_SEGMENTATION),
    KEYPOINT_DETECTION(
        "roboflow_keypoint_detection_model", Kind.KEYPOINT_DETECTION, Task.KEYPOINT_DETECTION),
    CLASSIFICATION("roboflow_classification_model", Kind.CLASSIFICATION, Task.CLASSIFICATION),
    MULTI_LABEL_CLASSIFICATION(
        "roboflow_multi_label_classification_model", Kind.CLASSIFICATION, Task.CLASSIFICATION);

    final String name;
    final Kind kind;
    final Task task;

    Family(String name, Kind kind, Task task) {
      this.name = name;
      this.kind = kind;
      this.task = task;
    }
  }

  private final Family family;
  private final BlockManifest manifest;
  private final ModelManager models;

  ModelBlock(Family family, String version, List<String> aliases, ModelManager models) {
    this.family = family;
    this.models = models;
    BlockManifest.Builder m =
        BlockManifest.of(
                "roboflow_core/" + family.name + "@" + version, aliases.toArray(new String[0]))
            .required("images", Kind.IMAGE)
            .required("model_id", Kind.STRING)
            .optional("confidence", Kind.FLOAT, 0.4)
            .optional("disable_active_learning", Kind.BOOLEAN, true)
            .optional("active_learning_target_dataset", Kind.STRING, null);
    if (family.kind != Kind.CLASSIFICATION) {
      m.optional("iou_threshold", Kind.FLOAT, 0.3)
          .optional("max_detections", Kind.INTEGER, 300)
          .optional("class_filter", Kind.LIST, null)
          .optional("class_agnostic_nms", Kind.BOOLEAN, false)
          .optional("max_candidates", Kind.INTEGER, 3000);
    }
    if (family == Family.INSTANCE_SEGMENTATION) {
      m.optional("mask_decode_mode", Kind.STRING, "accurate")
          .optional("tradeoff_factor", Kind.FLOAT, 0.0);
    }
    if (family == Family.KEYPOINT_DETECTION) {
      m.optional("keypoint_confidence", Kind.FLOAT, 0.0);
    }
    this.manifest =
        m.output("inference_id", Kind.STRING).output("predictions", family.kind).build();
  }

  @Override
  public BlockManifest manifest() {
    return manifest;
  }

  @Override
  public Map<String, Object> run(Map<String, Object> in, StepContext context) {
    Values.Image input = (Values.Image) in.get("images");
    LoadedModel model = models.get((String) in.get("model_id"), context.apiKey());
    Prediction prediction = model.infer(family.task, List.of(input.image()), options(in)).get(0);
    return Map.of(
        "inference_id",
        UUID.randomUUID().toString(),
        "predictions",
        prediction.accept(new PredictionValues(input.origin())));
  }

  /**
   * The block's inputs as task options (parameters a family does not declare keep their defaults).
   */
  @SuppressWarnings("unchecked")
  private TaskOptions options(Map<String, Object> in) {
    float confidence = number(in, "confidence").floatValue();
    if (family.kind == Kind.CLASSIFICATION) {
      return new TaskOptions(
          new DetectionParams(confidence, 0f, false, null, 0), null, 0f, PreprocessFlags.NONE);
    }
    List<String> filter = (List<String>) in.get("class_filter");
    DetectionParams params =
        new DetectionParams(
            confidence,
            number(in, "iou_threshold").floatValue(),
            Boolean.TRUE.equals(in.get("class_agnostic_nms")),
            filter == null || filter.isEmpty() ? null : filter,
            number(in, "max_detections").intValue());
    MaskParams mask =
        family == Family.INSTANCE_SEGMENTATION
            ? new MaskParams(
                String.valueOf(in.get("mask_decode_mode")),
                number(in, "tradeoff_factor").floatValue(),
                false)
            : null;
    float keypointConfidence =
        family == Family.KEYPOINT_DETECTION ? number(in, "keypoint_confidence").floatValue() : 0f;
    return new TaskOptions(params, mask, keypointConfidence, PreprocessFlags.NONE);
  }

  /** A prediction as the workflow value of its kind. */
  private static final class PredictionValues implements Prediction.Cases<Object> {
    private final Values.Origin origin;

    PredictionValues(Values.Origin origin) {
      this.origin = origin;
    }

    @Override
    public Object detections(Prediction.Detections d) {
      return new Values.Detections(
          d.imageWidth(), d.imageHeight(), d.objects(), null, null, origin);
    }

    @Override
    public Object segmentations(Prediction.Segmentations s) {
      return new Values.Detections(
          s.imageWidth(), s.imageHeight(), s.boxes(), s.polygons(), null, origin);
    }

    @Override
    public Object poses(Prediction.Poses p) {
      return new Values.Detections(
          p.imageWidth(), p.imageHeight(), p.boxes(), null, p.keypoints(), origin);
    }

    @Override
    public Object classes(Prediction.Classes c) {
      return new Values.Classes(c.imageWidth(), c.imageHeight(), c.result());
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
