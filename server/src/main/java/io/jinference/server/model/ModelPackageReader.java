package io.jinference.server.model;

import io.jinference.server.error.ModelArtefactException;
import io.jinference.server.inference.task.Task;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a model's files in Roboflow's layout into a {@link ModelPackage}: the weights file, {@code
 * model_type.json} (task and model type), {@code environment.json} (PREPROCESSING, class names,
 * colours, MULTICLASS), {@code class_names.txt} and {@code keypoints_metadata.json}. A missing or
 * malformed file is a {@link ModelArtefactException}. Where the files are is {@link ModelStore}'s
 * business.
 */
@Singleton
final class ModelPackageReader {
  private static final List<String> WEIGHT_FILES =
      List.of("weights.onnx", "yolov5s_weights.onnx", "best.onnx");

  private final JsonMapper json;

  ModelPackageReader(JsonMapper json) {
    this.json = json;
  }

  /** The package whose files are in {@code dir}. */
  ModelPackage read(ModelId id, Path dir) {
    Path weights =
        WEIGHT_FILES.stream()
            .map(dir::resolve)
            .filter(Files::isRegularFile)
            .findFirst()
            .orElseThrow(() -> new ModelArtefactException("no weights file in " + dir, null));
    JsonNode modelType = readJson(dir.resolve("model_type.json"));
    JsonNode environment = readJson(dir.resolve("environment.json"));
    JsonNode pre = environment.get("PREPROCESSING");
    if (pre != null && pre.isString()) {
      pre = readJson(pre.getStringValue().getBytes(StandardCharsets.UTF_8), "PREPROCESSING");
    }
    if (pre == null || !pre.isObject()) {
      throw new ModelArtefactException(
          "environment.json has no PREPROCESSING object in " + dir, null);
    }
    JsonNode multiclass = environment.get("MULTICLASS");
    return new ModelPackage(
        id,
        weights,
        text(modelType, "project_task_type", Task.OBJECT_DETECTION.taskType()),
        text(modelType, "model_type", null),
        classNames(dir, environment),
        new Preprocessing(
            pre.get("auto-orient") != null,
            staticCrop(pre.get("static-crop")),
            contrast(pre.get("contrast")),
            enabled(pre.get("grayscale")),
            resize(pre.get("resize"))),
        colors(environment.get("COLORS")),
        multiclass != null
            && (multiclass.isBoolean()
                ? multiclass.getBooleanValue()
                : multiclass.isString() && Boolean.parseBoolean(multiclass.getStringValue())),
        keypointNames(dir));
  }

  private static boolean enabled(JsonNode step) {
    return step != null && step.isObject() && bool(step.get("enabled"));
  }

  private static Preprocessing.StaticCrop staticCrop(JsonNode c) {
    if (!enabled(c)) {
      return null;
    }
    return new Preprocessing.StaticCrop(
        number(c, "x_min", 0),
        number(c, "y_min", 0),
        number(c, "x_max", 100),
        number(c, "y_max", 100));
  }

  private static double number(JsonNode node, String field, double fallback) {
    JsonNode v = node.get(field);
    return v != null && v.isNumber() ? v.getNumberValue().doubleValue() : fallback;
  }

  private static String contrast(JsonNode c) {
    if (!enabled(c)) {
      return null;
    }
    JsonNode type = c.get("type");
    return type != null && type.isString() ? type.getStringValue() : null;
  }

  /** {@code [{"object_class_id": 0, "keypoints": {"0": "nose", ...}}, ...]}. */
  private Map<Integer, List<String>> keypointNames(Path dir) {
    Path file = dir.resolve("keypoints_metadata.json");
    if (!Files.isRegularFile(file)) {
      return Map.of();
    }
    JsonNode list;
    try {
      list = json.readValue(Files.readAllBytes(file), JsonNode.class);
    } catch (IOException e) {
      throw new ModelArtefactException("keypoints_metadata.json is not valid JSON in " + dir, e);
    }
    Map<Integer, List<String>> byClass = new LinkedHashMap<>();
    if (list != null && list.isArray()) {
      for (JsonNode entry : list.values()) {
        JsonNode points = entry.get("keypoints");
        JsonNode classId = entry.get("object_class_id");
        if (points == null || !points.isObject() || classId == null || !classId.isNumber()) {
          continue;
        }
        String[] names = new String[points.size()];
        for (Map.Entry<String, JsonNode> p : points.entries()) {
          int i = Integer.parseInt(p.getKey());
          if (i >= 0 && i < names.length) {
            names[i] = p.getValue().getStringValue();
          }
        }
        byClass.put(classId.getIntValue(), List.of(names));
      }
    }
    return Map.copyOf(byClass);
  }

  private static ResizeSpec resize(JsonNode r) {
    if (r == null || !r.isObject() || !bool(r.get("enabled"))) {
      return null;
    }
    JsonNode w = r.get("width");
    JsonNode h = r.get("height");
    if (w == null || h == null || !w.isNumber() || !h.isNumber()) {
      return null;
    }
    JsonNode f = r.get("format");
    return new ResizeSpec(
        w.getIntValue(),
        h.getIntValue(),
        ResizeSpec.Mode.of(f != null && f.isString() ? f.getStringValue() : null));
  }

  private static boolean bool(JsonNode n) {
    return n != null && n.isBoolean() && n.getBooleanValue();
  }

  private List<String> classNames(Path dir, JsonNode environment) {
    Path names = dir.resolve("class_names.txt");
    try {
      if (Files.isRegularFile(names)) {
        List<String> list = new ArrayList<>();
        for (String line : Files.readAllLines(names, StandardCharsets.UTF_8)) {
          if (!line.isBlank()) {
            list.add(line.strip());
          }
        }
        return List.copyOf(list);
      }
    } catch (IOException e) {
      throw new ModelArtefactException("unreadable class_names.txt in " + dir, e);
    }
    JsonNode map = environment.get("CLASS_MAP");
    if (map == null || !map.isObject()) {
      throw new ModelArtefactException("neither class_names.txt nor CLASS_MAP in " + dir, null);
    }
    String[] byId = new String[map.size()];
    for (Map.Entry<String, JsonNode> e : map.entries()) {
      int i = Integer.parseInt(e.getKey());
      if (i < 0 || i >= byId.length) {
        throw new ModelArtefactException("CLASS_MAP ids are not 0..n-1 in " + dir, null);
      }
      byId[i] = e.getValue().getStringValue();
    }
    return List.of(byId);
  }

  private static Map<String, String> colors(JsonNode c) {
    Map<String, String> map = new LinkedHashMap<>();
    if (c != null && c.isObject()) {
      for (Map.Entry<String, JsonNode> e : c.entries()) {
        if (e.getValue().isString()) {
          map.put(e.getKey(), e.getValue().getStringValue());
        }
      }
    }
    return Map.copyOf(map);
  }

  private static String text(JsonNode node, String field, String fallback) {
    JsonNode v = node.get(field);
    return v != null && v.isString() ? v.getStringValue() : fallback;
  }

  private JsonNode readJson(Path file) {
    try {
      return readJson(Files.readAllBytes(file), file.getFileName().toString());
    } catch (IOException e) {
      throw new ModelArtefactException("missing or unreadable " + file, e);
    }
  }

  private JsonNode readJson(byte[] bytes, String what) {
    try {
      JsonNode node = json.readValue(bytes, JsonNode.class);
      if (node == null || !node.isObject()) {
        throw new ModelArtefactException(what + " is not a JSON object", null);
      }
      return node;
    } catch (IOException e) {
      throw new ModelArtefactException(what + " is not valid JSON", e);
    }
  }
}
