package io.jinference.server.model;

import io.jinference.server.config.Setting;
import io.jinference.server.config.Settings;
import io.jinference.server.error.ModelArtefactException;
import io.jinference.server.error.ModelNotCachedException;
import io.jinference.server.inference.task.Task;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local model store, in Roboflow's cache layout: {@code MODEL_CACHE_DIR/<dataset>/<version>/}
 * with {@code weights.onnx}, {@code environment.json}, {@code class_names.txt} and {@code
 * model_type.json}. Models bundled in the server jar (the default detector) are unpacked into it on
 * first use, atomically (a temporary directory renamed into place), so a crash never leaves a
 * half-written model.
 */
@Singleton
public final class ModelStore {
  private static final Logger LOG = LoggerFactory.getLogger(ModelStore.class);
  private static final List<String> WEIGHT_FILES =
      List.of("weights.onnx", "yolov5s_weights.onnx", "best.onnx");
  private static final List<String> BUNDLED_FILES =
      List.of(
          "weights.onnx",
          "environment.json",
          "class_names.txt",
          "model_type.json",
          "keypoints_metadata.json");

  private final Path root;
  private final JsonMapper json;
  private final ModelDownloader downloader;
  private final boolean offline;

  public ModelStore(Settings settings, JsonMapper json, ModelDownloader downloader) {
    this.root = settings.path(Setting.MODEL_CACHE_DIR).toAbsolutePath().normalize();
    this.json = json;
    this.downloader = downloader;
    this.offline = settings.flag(Setting.OFFLINE_MODE);
    // A download is cut off at its deadline, so leftovers older than that (and a minute) belong to
    // none running.
    removeLeftovers(
        Duration.ofMillis(settings.number(Setting.ROBOFLOW_API_REQUEST_TIMEOUT_MS)).plusMinutes(1));
  }

  /**
   * Removes what a crashed or killed server left in the cache: temporary download and unpack
   * folders, partial weight files and lock files, when they are older than {@code staleAfter}
   * (another server sharing the cache may be writing younger ones).
   */
  void removeLeftovers(Duration staleAfter) {
    if (!Files.isDirectory(root)) {
      return;
    }
    long before = System.currentTimeMillis() - staleAfter.toMillis();
    List<Path> stale = new java.util.ArrayList<>();
    try (java.util.stream.Stream<Path> walk = Files.walk(root, 3)) {
      walk.filter(p -> !p.equals(root))
          .forEach(
              p -> {
                String name = p.getFileName().toString();
                boolean leftover =
                    (Files.isDirectory(p)
                            && (name.startsWith(".download-") || name.startsWith(".unpack-")))
                        || (Files.isRegularFile(p) && name.endsWith(".part"))
                        || (Files.isRegularFile(p)
                            && name.endsWith(".lock")
                            && p.getParent().getFileName().toString().equals("_file_locks"));
                try {
                  if (leftover && Files.getLastModifiedTime(p).toMillis() < before) {
                    stale.add(p);
                  }
                } catch (IOException e) {
                  // gone meanwhile
                }
              });
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("Could not look for leftovers in the model cache {}: {}", root, e.getMessage());
      return;
    }
    for (Path p : stale) {
      try {
        if (Files.isDirectory(p)) {
          deleteTree(p);
        } else {
          Files.deleteIfExists(p);
        }
        LOG.info(
            "Removed a leftover of an interrupted download from the model cache: {}",
            root.relativize(p));
      } catch (IOException e) {
        LOG.warn("Could not remove {} from the model cache: {}", p, e.getMessage());
      }
    }
  }

  /**
   * The parsed package of a model: from the cache, from the models bundled in the jar, or
   * downloaded from Roboflow's API with {@code apiKey} (not in OFFLINE_MODE).
   */
  public ModelPackage open(ModelId id, String apiKey) {
    Path dir = directoryOf(id);
    if (!Files.isRegularFile(dir.resolve("model_type.json")) && !unpackBundled(id, dir)) {
      if (offline) {
        throw new ModelNotCachedException(id.toString());
      }
      downloader.fetch(id, apiKey, dir, root);
    }
    return parse(id, dir);
  }

  /** Whether the jar carries this model (it then needs no API key and no Roboflow access check). */
  public boolean isBundled(ModelId id) {
    return ModelStore.class.getClassLoader().getResource("models/" + id + "/model_type.json")
        != null;
  }

  /** Deletes a model's files (broken packages, and evictions under DISK_CACHE_CLEANUP). */
  public void delete(ModelId id) {
    try {
      Path dir = directoryOf(id);
      if (Files.isDirectory(dir)) {
        deleteTree(dir);
      }
    } catch (IOException e) {
      LOG.warn("Could not delete the cached files of {}: {}", id, e.getMessage());
    }
  }

  Path directoryOf(ModelId id) {
    Path dir =
        (id.version() == null
                ? root.resolve(id.dataset())
                : root.resolve(id.dataset()).resolve(id.version()))
            .normalize();
    if (!dir.startsWith(root)) {
      throw new IllegalStateException("model id escapes the cache root: " + id);
    }
    return dir;
  }

  private boolean unpackBundled(ModelId id, Path dir) {
    String base = "models/" + id + "/";
    ClassLoader cl = ModelStore.class.getClassLoader();
    if (cl.getResource(base + "model_type.json") == null) {
      return false;
    }
    try {
      Files.createDirectories(dir.getParent());
      Path tmp = Files.createTempDirectory(dir.getParent(), ".unpack-");
      for (String f : BUNDLED_FILES) {
        try (InputStream in = cl.getResourceAsStream(base + f)) {
          if (in != null) {
            Files.copy(in, tmp.resolve(f));
          }
        }
      }
      try {
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        LOG.info("Unpacked bundled model {} into {}", id, dir);
      } catch (FileAlreadyExistsException
          | DirectoryNotEmptyException
          | AtomicMoveNotSupportedException raced) {
        deleteTree(tmp); // another request or process unpacked it first
      }
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not unpack bundled model " + id + " into " + dir, e);
    }
  }

  private ModelPackage parse(ModelId id, Path dir) {
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

  static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
