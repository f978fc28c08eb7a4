package io.jinference.server.inference;

import io.jinference.server.error.ModelConfigurationException;
import io.jinference.server.model.ModelPackage;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The model-type table (as Roboflow's registry, reference §6.1): which {@code (task, model_type)} pairs this
 * server runs, with their output decoder and input normalisation. Adding a family is one decoder class and one
 * line here.
 */
enum ModelFamily {
  YOLOV8("object-detection", "^yolov(8|9|11|12)[a-z0-9-]*$|^yolo11[a-z0-9-]*$", Normalization.RGB_UNIT),
  YOLOV5("object-detection", "^yolov5[a-z0-9-]*$|^yolov7[a-z0-9-]*$", Normalization.RGB_UNIT),
  YOLOV10("object-detection", "^yolov10[a-z0-9-]*$|^yolo26[a-z0-9-]*$", Normalization.RGB_UNIT),
  YOLONAS("object-detection", "^yolo_?nas[a-z0-9_-]*$", Normalization.RGB_UNIT),
  RFDETR("object-detection", "^rfdetr-[a-z0-9-]*$|^rf-detr[a-z0-9-]*$", Normalization.RGB_IMAGENET),
  NANODET("object-detection", "^nanodet[a-z0-9-]*$", Normalization.NANODET),
  YOLOV8_SEG("instance-segmentation", "^yolov(8|11)[a-z0-9-]*$|^yolo11[a-z0-9-]*$", Normalization.RGB_UNIT),
  YOLOV5_SEG("instance-segmentation", "^yolov(5|7)[a-z0-9-]*$", Normalization.RGB_UNIT),
  YOLOV8_POSE("keypoint-detection", "^yolov(8|11)[a-z0-9-]*$|^yolo11[a-z0-9-]*$", Normalization.RGB_UNIT),
  /** Google's MoveNet multi-pose: NHWC int32 input, RGB 0..255. */
  MOVENET("keypoint-detection", "^movenet[a-z0-9-]*$", Normalization.RGB_RAW),
  VIT("classification", "^vit[a-z0-9_-]*$", Normalization.RGB_HALF),
  YOLOV8_CLS("classification", "^yolov(8|11)[a-z0-9-]*$|^yolo11[a-z0-9-]*$", Normalization.RGB_HALF),
  RESNET("classification", "^resnet[0-9]*$|^dinov3[a-z0-9-]*$", Normalization.RGB_IMAGENET);

  private final String taskType;
  private final Pattern modelTypes;
  private final Normalization normalization;

  ModelFamily(String taskType, String modelTypes, Normalization normalization) {
    this.taskType = taskType;
    this.modelTypes = Pattern.compile(modelTypes);
    this.normalization = normalization;
  }

  String taskType() {
    return taskType;
  }

  Normalization normalization() {
    return normalization;
  }

  /** Whether the network takes {@code [B, H, W, 3]} int32 pixels instead of {@code [B, 3, H, W]} floats. */
  boolean nhwcInt32() {
    return this == MOVENET;
  }

  /** The decoder for this family's layout, or null for classifiers (their output needs none). */
  OutputDecoder decoder(ModelPackage pkg, int inputWidth, int inputHeight) {
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
      case RFDETR: {
        int background = pkg.classNames().indexOf(RfDetrDecoder.BACKGROUND);
        return new RfDetrDecoder(inputWidth, inputHeight, background, background >= 0 ? classes - 1 : classes);
      }
      case NANODET:
        return new NanoDetDecoder(inputWidth);
      case MOVENET:
        return new MoveNetDecoder(inputWidth, inputHeight);
      default:
        return null;
    }
  }

  static ModelFamily of(String taskType, String modelType) {
    String t = modelType == null ? "" : modelType.toLowerCase(Locale.ROOT);
    boolean knownTask = false;
    for (ModelFamily f : values()) {
      if (f.taskType.equals(taskType)) {
        knownTask = true;
        if (f.modelTypes.matcher(t).matches()) {
          return f;
        }
      }
    }
    if (!knownTask) {
      throw new ModelConfigurationException("Unknown task type '" + taskType + "'; this server runs object-detection,"
          + " instance-segmentation, keypoint-detection and classification models.");
    }
    throw new ModelConfigurationException("Unknown model type '" + modelType + "' for task " + taskType
        + "; see docs/models.md for the model types this server runs.");
  }
}
