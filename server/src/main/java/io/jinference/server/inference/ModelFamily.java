package io.jinference.server.inference;

import io.jinference.server.error.ModelConfigurationException;
import io.jinference.server.error.TaskNotSupportedException;
import java.util.Locale;
import java.util.function.IntFunction;
import java.util.regex.Pattern;

/**
 * The model-type table: which {@code model_type} values (from {@code model_type.json}) this server runs, with
 * their output decoder and input normalisation. Adding a family is one decoder class and one line here.
 */
enum ModelFamily {
  /** Ultralytics YOLOv8, YOLO11, YOLOv9 and YOLOv12 detectors share one output layout. */
  YOLOV8("object-detection", Pattern.compile("^yolov(8|9|11|12)[a-z0-9-]*$|^yolo11[a-z0-9-]*$"),
      Normalization.RGB_UNIT, w -> new YoloV8Decoder()),
  /** NanoDet (legacy GFL head): the embedded default model. */
  NANODET("object-detection", Pattern.compile("^nanodet[a-z0-9-]*$"), Normalization.NANODET, NanoDetDecoder::new);

  private final String taskType;
  private final Pattern modelTypes;
  private final Normalization normalization;
  private final IntFunction<OutputDecoder> decoder;

  ModelFamily(String taskType, Pattern modelTypes, Normalization normalization, IntFunction<OutputDecoder> decoder) {
    this.taskType = taskType;
    this.modelTypes = modelTypes;
    this.normalization = normalization;
    this.decoder = decoder;
  }

  Normalization normalization() {
    return normalization;
  }

  OutputDecoder decoder(int inputWidth) {
    return decoder.apply(inputWidth);
  }

  static ModelFamily of(String taskType, String modelType) {
    if (!"object-detection".equals(taskType)) {
      throw new TaskNotSupportedException(taskType);
    }
    String t = modelType == null ? "" : modelType.toLowerCase(Locale.ROOT);
    for (ModelFamily f : values()) {
      if (f.taskType.equals(taskType) && f.modelTypes.matcher(t).matches()) {
        return f;
      }
    }
    throw new ModelConfigurationException("Unknown model type '" + modelType + "' for task " + taskType
        + "; this server runs yolov8*, yolov9*, yolo11*/yolov11*, yolov12* and nanodet detectors.");
  }
}
