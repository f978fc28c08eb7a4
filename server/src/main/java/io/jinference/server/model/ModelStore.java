package io.jinference.server.model;

import io.jinference.server.config.Setting;
import io.jinference.server.config.Settings;
import io.jinference.server.error.ModelNotCachedException;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local model store, in Roboflow's cache layout: {@code MODEL_CACHE_DIR/<dataset>/<version>/}
 * with {@code weights.onnx}, {@code environment.json}, {@code class_names.txt} and {@code
 * model_type.json}. Models bundled in the server jar (the default detector) are unpacked into it on
 * first use, atomically (a temporary directory renamed into place), so a crash never leaves a
 * half-written model. What the files say is read by {@link ModelPackageReader}.
 */
@Singleton
public final class ModelStore {
  private static final Logger LOG = LoggerFactory.getLogger(ModelStore.class);
  private static final List<String> BUNDLED_FILES =
      List.of(
          "weights.onnx",
          "environment.json",
          "class_names.txt",
          "model_type.json",
          "keypoints_metadata.json");

  private final Path root;
  private final ModelPackageReader reader;
  private final ModelDownloader downloader;
  private final boolean offline;

  public ModelStore(Settings settings, ModelPackageReader reader, ModelDownloader downloader) {
    this.root = settings.path(Setting.MODEL_CACHE_DIR).toAbsolutePath().normalize();
    this.reader = reader;
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
    return reader.read(id, dir);
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

  public Path directoryOf(ModelId id) {
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

  boolean unpackBundled(ModelId id, Path dir) {
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
      } catch (IOException raced) {
        // Another load (a request after /model/clear, another replica) may have moved its copy into
        // place first: Linux reports that as a plain FileSystemException ("Directory not empty"),
        // not DirectoryNotEmptyException, so the outcome is what decides.
        deleteTree(tmp);
        if (!Files.isRegularFile(dir.resolve("model_type.json"))) {
          throw raced;
        }
      }
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not unpack bundled model " + id + " into " + dir, e);
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
