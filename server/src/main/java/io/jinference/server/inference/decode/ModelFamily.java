package io.jinference.server.inference.decode;

import io.jinference.server.error.ModelConfigurationException;
import io.jinference.server.inference.task.Task;
import io.jinference.server.model.ModelPackage;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;
import java.util.regex.Pattern;

/**
 * The model-type table (as Roboflow's registry, reference §6.1): which {@code (task, model_type)}
 * pairs this server runs, with their output decoder and input normalisation. Adding a family is one
 * decoder class and one line here.
 */
public enum ModelFamily {
  YOLOV8(
      Task.OBJECT_DETECTION,
      "^yolov(8|9|11|12)[a-z0-9-]*$|^yolo11[a-z0-9-]*$",
      Normalization.RGB_UNIT),
  YOLOV5(Task.OBJECT_DETECTION, "^yolov5[a-z0-9-]*$|^yolov7[a-z0-9-]*$", Normalization.RGB_UNIT),
  YOLOV10(Task.OBJECT_DETECTION, "^yolov10[a-z0-9-]*$|^yolo26[a-z0-9-]*$", Normalization.RGB_UNIT),
  YOLONAS(Task.OBJECT_DETECTION, "^yolo_?nas[a-z0-9_-]*$", Normalization.RGB_UNIT),
  RFDETR(
      Task.OBJECT_DETECTION, "^rfdetr-[a-z0-9-]*$|^rf-detr[a-z0-9-]*$", Normalization.RGB_IMAGENET),
  NANODET(Task.OBJECT_DETECTION, "^nanodet[a-z0-9-]*$", Normalization.NANODET),
  YOLOV8_SEG(
      Task.INSTANCE_SEGMENTATION,
      "^yolov(8|11)[a-z0-9-]*$|^yolo11[a-z0-9-]*$",
      Normalization.RGB_UNIT),
  YOLOV5_SEG(Task.INSTANCE_SEGMENTATION, "^yolov(5|7)[a-z0-9-]*$", Normalization.RGB_UNIT),
  YOLOV8_POSE(
      Task.KEYPOINT_DETECTION,
      "^yolov(8|11)[a-z0-9-]*$|^yolo11[a-z0-9-]*$",
      Normalization.RGB_UNIT),
  /** Google's MoveNet multi-pose: NHWC int32 input, RGB 0..255. */
  MOVENET(Task.KEYPOINT_DETECTION, "^movenet[a-z0-9-]*$", Normalization.RGB_RAW),
  VIT(Task.CLASSIFICATION, "^vit[a-z0-9_-]*$", Normalization.RGB_HALF),
  YOLOV8_CLS(
      Task.CLASSIFICATION, "^yolov(8|11)[a-z0-9-]*$|^yolo11[a-z0-9-]*$", Normalization.RGB_HALF),
  RESNET(Task.CLASSIFICATION, "^resnet[0-9]*$|^dinov3[a-z0-9-]*$", Normalization.RGB_IMAGENET);

  private final Task task;
  private final Pattern modelTypes;
  private final Normalization normalization;

  ModelFamily(Task task, String modelTypes, Normalization normalization) {
    this.task = task;
    this.modelTypes = Pattern.compile(modelTypes);
    this.normalization = normalization;
  }

  public Task task() {
    return task;
  }

  public Normalization normalization() {
    return normalization;
  }

  /**
   * Whether the network takes {@code [B, H, W, 3]} int32 pixels instead of {@code [B, 3, H, W]}
   * floats.
   */
  public boolean nhwcInt32() {
    return this == MOVENET;
  }

  /**
   * The family's task head for one model: its layout's decoder, its class names, and the task's
   * last steps. The one place where the task chooses the decoding.
   */
  public TaskHead head(ModelPackage pkg, int inputWidth, int inputHeight) {
    OutputDecoder decoder = decoder(pkg, inputWidth, inputHeight);
    IntFunction<String> className = classNames(pkg);
    switch (task) {
      case INSTANCE_SEGMENTATION:
        return new SegmentationHead(decoder, className);
      case KEYPOINT_DETECTION:
        return new PoseHead(decoder, className, pkg.keypointNames());
      case CLASSIFICATION:
        return new ClassificationHead(pkg.classNames(), pkg.multiclass());
      default:
        return new DetectionHead(decoder, className);
    }
  }

  /** Names of decoded class ids (RF-DETR ids already skip Roboflow's background class). */
  private IntFunction<String> classNames(ModelPackage pkg) {
    List<String> names = pkg.classNames();
    int background = this == RFDETR ? names.indexOf(RfDetrDecoder.BACKGROUND) : -1;
    if (background < 0) {
      return pkg::className;
    }
    return classId -> pkg.className(classId >= background ? classId + 1 : classId);
  }

  /** The decoder for this family's layout, or null for classifiers (their output needs none). */
  private OutputDecoder decoder(ModelPackage pkg, int inputWidth, int inputHeight) {
    int classes = pkg.classNames().size();
    switch (this) {
      case YOLOV8:
      case YOLOV8_SEG:
      case YOLOV8_POSE:
        return new YoloV8Decoder(classes);
      case YOLOV5:
      case YOLOV5_SEG:
        return new YoloV5Decoder(classes);
      case YOLOV10:
        return new EndToEndDecoder();
      case YOLONAS:
        return new YoloNasDecoder();
      case RFDETR:
        {
          int background = pkg.classNames().indexOf(RfDetrDecoder.BACKGROUND);
          return new RfDetrDecoder(
              inputWidth, inputHeight, background, background >= 0 ? classes - 1 : classes);
        }
      case NANODET:
        return new NanoDetDecoder(inputWidth);
      case MOVENET:
        return new MoveNetDecoder(inputWidth, inputHeight);
      default:
        return null;
    }
  }

  /**
   * The family of a model package's task and model type; unknown ones are a model configuration
   * error.
   */
  public static ModelFamily of(String taskType, String modelType) {
    Task task = Task.ofTaskType(taskType);
    String t = modelType == null ? "" : modelType.toLowerCase(Locale.ROOT);
    for (ModelFamily f : values()) {
      if (f.task == task && f.modelTypes.matcher(t).matches()) {
        return f;
      }
    }
    throw new ModelConfigurationException(
        "Unknown model type '"
            + modelType
            + "' for task "
            + taskType
            + "; see docs/models.md for the model types this server runs.");
  }
}
