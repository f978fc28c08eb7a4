package io.jinference.server.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A model's files in Roboflow's cache layout, parsed: {@code weights.onnx}, {@code environment.json},
 * {@code class_names.txt} and {@code model_type.json}.
 *
 * @param id the model id
 * @param weights path of the ONNX file
 * @param taskType e.g. {@code object-detection}
 * @param modelType e.g. {@code yolov8n}, {@code nanodet}; selects the output decoder
 * @param classNames class names by class id
 * @param resize the PREPROCESSING resize step, or null when absent
 * @param autoOrient whether PREPROCESSING has an {@code auto-orient} key (its value is not checked, as Roboflow)
 * @param colors class colours from environment.json {@code COLORS}
 */
public record ModelPackage(
    ModelId id,
    Path weights,
    String taskType,
    String modelType,
    List<String> classNames,
    ResizeSpec resize,
    boolean autoOrient,
    Map<String, String> colors) {}
