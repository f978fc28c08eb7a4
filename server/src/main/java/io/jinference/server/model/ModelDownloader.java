package io.jinference.server.model;

import io.jinference.server.config.Setting;
import io.jinference.server.config.Settings;
import io.jinference.server.error.RoboflowApiException;
import io.jinference.server.inference.task.Task;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches a model from Roboflow's API into the cache, writing the files Roboflow's server writes
 * (reference §6.4), so a cache filled by either server serves the other. Files land in a temporary
 * directory that is renamed into place, so a crash never leaves a half-written model; a file lock
 * under {@code _file_locks/} makes several server processes sharing one cache download a model
 * once.
 */
@Singleton
public class ModelDownloader {
  private static final Logger LOG = LoggerFactory.getLogger(ModelDownloader.class);
  private static final Map<String, String> DEFAULT_MODEL_TYPES =
      Map.of(
          Task.OBJECT_DETECTION.taskType(),
          "yolov5v2s",
          Task.INSTANCE_SEGMENTATION.taskType(),
          "yolact",
          Task.CLASSIFICATION.taskType(),
          "vit",
          Task.KEYPOINT_DETECTION.taskType(),
          "yolov8n");
  private static final long LOCK_WAIT_MS = 120_000;

  private final RoboflowApiClient api;
  private final JsonMapper json;
  private final long maxBytes;
  private final String device;

  public ModelDownloader(RoboflowApiClient api, JsonMapper json, Settings settings) {
    this.api = api;
    this.json = json;
    this.maxBytes = settings.number(Setting.MAX_MODEL_BYTES);
    String d = settings.optional(Setting.DEVICE_ID);
    this.device = d != null ? d : hostName();
  }

  /**
   * Downloads {@code id} into {@code dir} unless another process did so while this one waited for
   * the lock. The API is asked about the model first: an id it does not know, or a key it refuses,
   * leaves nothing on disk. The files are written under a temporary folder at the cache root and
   * moved into place whole; the lock file goes when the download ends (a process still waiting on
   * it then finds the model there, or downloads it again into a folder of its own: the move into
   * place lets one of them win).
   */
  public void fetch(ModelId id, String apiKey, Path dir, Path root) {
    Description description = describe(id, apiKey);
    Path locks = root.resolve("_file_locks");
    try {
      Files.createDirectories(locks);
      Path lockFile = locks.resolve(id.toString().replace('/', '_') + ".lock");
      try (FileChannel channel =
              FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock lock = acquire(channel)) {
        try {
          if (!Files.isRegularFile(dir.resolve("model_type.json"))) {
            download(id, description, dir, root);
          }
        } finally {
          Files.deleteIfExists(lockFile);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write model " + id + " into " + dir, e);
    }
  }

  private void download(ModelId id, Description description, Path dir, Path root)
      throws IOException {
    Path tmp = Files.createTempDirectory(root, ".download-");
    try {
      write(id, description, tmp);
      Files.createDirectories(dir.getParent());
      Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
      LOG.info("Downloaded model {} into {}", id, dir);
    } catch (FileAlreadyExistsException
        | DirectoryNotEmptyException
        | AtomicMoveNotSupportedException raced) {
      ModelStore.deleteTree(tmp);
    } catch (IOException | RuntimeException e) {
      ModelStore.deleteTree(tmp);
      throw e;
    }
  }

  /**
   * What the API says about a model: its task, architecture, environment and where its weights are.
   */
  private record Description(
      JsonNode info, String task, String modelType, JsonNode environment, String weightsUrl) {}

  private static FileLock acquire(FileChannel channel) throws IOException {
    long deadline = System.currentTimeMillis() + LOCK_WAIT_MS;
    while (true) {
      try {
        FileLock lock = channel.tryLock();
        if (lock != null) {
          return lock;
        }
      } catch (OverlappingFileLockException sameJvm) {
        // another thread of this process holds it; wait as for another process
      }
      if (System.currentTimeMillis() > deadline) {
        throw new IOException("timed out waiting for the model download lock");
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted waiting for the model download lock");
      }
    }
  }

  private Description describe(ModelId id, String apiKey) {
    JsonNode info;
    String task;
    String modelType;
    JsonNode environment;
    String weightsUrl;
    if (id.hasNumericVersion()) {
      Map<String, String> query = new LinkedHashMap<>();
      query.put("nocache", "true");
      query.put("device", device);
      query.put("dynamic", "true");
      query.put("api_key", apiKey);
      info = field(api.getJson("/ort/" + id.dataset() + "/" + id.version(), query), "ort");
      task = text(info, "type", Task.OBJECT_DETECTION.taskType());
      modelType = text(info, "modelType", null);
      String environmentUrl = text(info, "environment", null);
      if (environmentUrl == null) {
        throw RoboflowApiException.malformed();
      }
      environment = api.getJsonAt(environmentUrl);
      weightsUrl = text(info, "model", null);
    } else {
      Map<String, String> query = new LinkedHashMap<>();
      query.put("model", id.toString());
      query.put("api_key", apiKey);
      info = api.getJson("/getWeights", query);
      task = text(info, "taskType", Task.OBJECT_DETECTION.taskType());
      modelType = text(info, "modelType", null);
      environment = field(info, "environment");
      weightsUrl = text(field(field(info, "modelFiles"), "ort"), "model", null);
    }
    if (modelType == null || modelType.equals("ort")) {
      modelType = DEFAULT_MODEL_TYPES.getOrDefault(task, "yolov5v2s");
    }
    if (weightsUrl == null) {
      throw RoboflowApiException.malformed();
    }
    return new Description(info, task, modelType, environment, weightsUrl);
  }

  private void write(ModelId id, Description d, Path dir) throws IOException {
    JsonNode info = d.info();
    String task = d.task();
    String modelType = d.modelType();
    JsonNode environment = d.environment();
    String weightsUrl = d.weightsUrl();
    String weightsFile =
        modelType.toLowerCase(Locale.ROOT).startsWith("yolov5")
            ? "yolov5s_weights.onnx"
            : "vit".equals(modelType) ? "best.onnx" : "weights.onnx";
    api.download(weightsUrl, dir.resolve(weightsFile), maxBytes);
    Map<String, Object> env = json.readValue(json.writeValueAsBytes(environment), Map.class);
    JsonNode colors = info.get("colors");
    if (colors != null && colors.isObject()) {
      env.put("COLORS", json.readValue(json.writeValueAsBytes(colors), Map.class));
    }
    Files.write(dir.resolve("environment.json"), json.writeValueAsBytes(env));
    JsonNode classes = info.get("classes");
    if (classes != null && classes.isArray()) {
      StringBuilder names = new StringBuilder();
      for (JsonNode c : classes.values()) {
        names.append(c.getStringValue()).append('\n');
      }
      Files.writeString(dir.resolve("class_names.txt"), names.toString(), StandardCharsets.UTF_8);
    }
    JsonNode keypoints = info.get("keypoints_metadata");
    if (keypoints != null && keypoints.isArray()) {
      Files.write(dir.resolve("keypoints_metadata.json"), json.writeValueAsBytes(keypoints));
    }
    Map<String, String> type = new LinkedHashMap<>();
    type.put("project_task_type", task);
    type.put("model_type", modelType);
    type.put("model_id", id.toString());
    Files.write(dir.resolve("model_type.json"), json.writeValueAsBytes(type));
  }

  private static JsonNode field(JsonNode node, String name) {
    JsonNode v = node == null ? null : node.get(name);
    if (v == null || !v.isObject()) {
      throw RoboflowApiException.malformed();
    }
    return v;
  }

  private static String text(JsonNode node, String name, String fallback) {
    JsonNode v = node.get(name);
    return v != null && v.isString() ? v.getStringValue() : fallback;
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "jinference";
    }
  }
}
