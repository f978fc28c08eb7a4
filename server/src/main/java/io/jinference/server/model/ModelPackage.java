package io.jinference.server.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A model's files in Roboflow's cache layout, parsed: {@code weights.onnx}, {@code
 * environment.json}, {@code class_names.txt}, {@code model_type.json} and, for keypoint models,
 * {@code keypoints_metadata.json}.
 *
 * @param id the model id
 * @param weights path of the ONNX file
 * @param taskType e.g. {@code object-detection}
 * @param modelType e.g. {@code yolov8n}, {@code nanodet}; selects the output decoder
 * @param classNames class names by class id
 * @param preprocessing the PREPROCESSING steps
 * @param colors class colours from environment.json {@code COLORS}
 * @param multiclass environment.json {@code MULTICLASS}: a multi-label classifier
 * @param keypointNames keypoint names by object class id, then keypoint index
 */
public record ModelPackage(
    ModelId id,
    Path weights,
    String taskType,
    String modelType,
    List<String> classNames,
    Preprocessing preprocessing,
    Map<String, String> colors,
    boolean multiclass,
    Map<Integer, List<String>> keypointNames) {

  /** The resize step, or null. */
  public ResizeSpec resize() {
    return preprocessing.resize();
  }

  public String className(int classId) {
    return classId >= 0 && classId < classNames.size()
        ? classNames.get(classId)
        : "class_" + classId;
  }
}
