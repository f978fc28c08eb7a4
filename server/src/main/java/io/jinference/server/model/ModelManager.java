package io.jinference.server.model;

import io.jinference.server.config.Setting;
import io.jinference.server.config.Settings;
import io.jinference.server.error.ApiException;
import io.jinference.server.error.ModelArtefactException;
import io.jinference.server.error.ModelBusyException;
import io.jinference.server.error.ModelDeploymentNotSupportedException;
import io.jinference.server.error.ServedElsewhereException;
import io.jinference.server.metrics.ServerMetrics;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loaded models by id, with the failure modes of Roboflow's manager designed out (reference §6,
 * §11):
 *
 * <ul>
 *   <li>loads run on their own threads; a request waits for its model at most {@code
 *       MODEL_LOCK_ACQUIRE_TIMEOUT_MS} (then 503 + Retry-After) and never waits for other models;
 *   <li>concurrent first requests share one load (and one download);
 *   <li>at most {@code MAX_ACTIVE_MODELS} stay loaded, least recently used evicted first, {@code
 *       PINNED_MODELS} never; eviction keeps the files unless {@code DISK_CACHE_CLEANUP};
 *   <li>a model that failed {@code MODEL_LOAD_FAILURE_LIMIT} times within the window is refused at
 *       once with its last error, instead of being re-downloaded and re-validated on every request;
 *   <li>a broken package is deleted from the cache, so the next attempt downloads it afresh;
 *   <li>{@code PRELOAD_MODELS} load at start; {@link #ready()} is false until they have.
 * </ul>
 *
 * <p>This class does the loading; {@link LruOrder} decides evictions, {@link LoadFailures}
 * remembers failures, {@link ModelAccess} confirms keys with Roboflow, {@link ModelStore} finds the
 * files and {@link ModelPackageReader} reads them.
 */
@Singleton
public class ModelManager {
  private static final Logger LOG = LoggerFactory.getLogger(ModelManager.class);

  private final ModelStore store;
  private final ModelFactory factory;
  private final ModelAliases aliases;
  private final String defaultKey;
  private final long waitMs;
  private final boolean cleanup;
  private final Set<String> pinned;
  private final HostMemory memory;
  private final double memoryFreeThreshold;
  private final List<String> preload;
  private final Map<String, CompletableFuture<LoadedModel>> models = new ConcurrentHashMap<>();
  private final ServerMetrics metrics;
  private final List<ModelUseListener> listeners;
  private final List<CoreModel> coreModels;
  private final LruOrder lru;
  private final LoadFailures failures;
  private final ModelAccess access;
  private final ExecutorService loader;
  private volatile boolean ready;

  public ModelManager(
      ModelStore store,
      ModelFactory factory,
      ModelAliases aliases,
      RoboflowApiClient api,
      Settings settings,
      ServerMetrics metrics,
      List<ModelUseListener> listeners,
      List<CoreModel> coreModels,
      CoreModelUses coreUses,
      HostMemory memory) {
    this.memory = memory;
    this.memoryFreeThreshold = settings.decimal(Setting.MEMORY_FREE_THRESHOLD);
    this.metrics = metrics;
    this.coreModels = List.copyOf(coreModels);
    this.listeners = List.copyOf(listeners);
    metrics.modelsLoaded(
        () ->
            models.values().stream()
                    .filter(f -> f.isDone() && !f.isCompletedExceptionally())
                    .count()
                + loadedCoreModels().size());
    this.store = store;
    this.factory = factory;
    this.aliases = aliases;
    this.defaultKey = settings.optional(Setting.ROBOFLOW_API_KEY);
    this.waitMs = settings.number(Setting.MODEL_LOCK_ACQUIRE_TIMEOUT_MS);
    this.cleanup = settings.flag(Setting.DISK_CACHE_CLEANUP);
    this.preload = settings.ids(Setting.PRELOAD_MODELS);
    List<String> pins = new ArrayList<>();
    for (String p : settings.ids(Setting.PINNED_MODELS)) {
      pins.add(ModelId.parse(aliases.resolve(p)).toString());
    }
    this.pinned = Set.copyOf(pins);
    this.lru = new LruOrder(settings.integer(Setting.MAX_ACTIVE_MODELS), pinned);
    this.failures =
        new LoadFailures(
            settings.integer(Setting.MODEL_LOAD_FAILURE_LIMIT),
            settings.number(Setting.MODEL_LOAD_FAILURE_WINDOW_MS));
    this.access =
        settings.flag(Setting.MODELS_CACHE_AUTH_ENABLED)
            ? new ModelAccess(api, settings.number(Setting.MODELS_CACHE_AUTH_CACHE_TTL_MS))
            : null;
    AtomicInteger n = new AtomicInteger();
    this.loader =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "model-loader-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.ready = preload.isEmpty() && pinned.isEmpty();
    coreUses.listen(this::coreUsed);
  }

  /** Loads PRELOAD_MODELS and PINNED_MODELS in the background; readiness waits for them. */
  @EventListener
  void onStartup(StartupEvent event) {
    if (ready) {
      return;
    }
    List<CompletableFuture<?>> loads = new ArrayList<>();
    List<String> all = new ArrayList<>(preload);
    all.addAll(pinned);
    for (String id : all) {
      loads.add(
          CompletableFuture.runAsync(
              () -> {
                try {
                  preload(id);
                } catch (RuntimeException e) {
                  LOG.error("Preloading {} failed: {}", id, e.getMessage());
                }
              },
              loader));
    }
    CompletableFuture.allOf(loads.toArray(new CompletableFuture[0]))
        .whenComplete(
            (v, e) -> {
              ready = true;
              LOG.info("Preloaded models: {}", all);
            });
  }

  /** A store model, or a served foundation family ({@code pp_ocr/small-small}: PP-OCR). */
  private void preload(String rawId) {
    add(rawId, null);
  }

  /**
   * Loads a model for {@code /model/add} and preloading: a store model, or a model of a served
   * foundation family (PP-OCR, depth estimation); other foundation models answer 501.
   */
  public void add(String rawId, String apiKey) {
    ModelId id = ModelId.parse(aliases.resolve(rawId));
    CoreModel core = core(id);
    if (core != null) {
      core.load(id);
      coreUsed(id);
    } else {
      get(rawId, apiKey);
    }
  }

  /** A core model was used: it counts in the LRU order as a store model does. */
  private void coreUsed(ModelId id) {
    if (!lru.contains(id.toString())) {
      relieveMemory(id.toString());
    }
    evictFor(id.toString());
  }

  /**
   * Before a model loads: while free memory is under {@code MEMORY_FREE_THRESHOLD}, up to three of
   * the least recently used models are unloaded (Roboflow's rule, on host or container memory
   * rather than a GPU's).
   */
  private void relieveMemory(String key) {
    if (memoryFreeThreshold <= 0) {
      return;
    }
    double free = memory.freeFraction();
    if (free >= memoryFreeThreshold) {
      return;
    }
    for (String evicted : lru.relieve(key, 3)) {
      LOG.info(
          "Evicting model {} before loading {}: {}% of memory free, under MEMORY_FREE_THRESHOLD",
          evicted, key, Math.round(free * 1000) / 10.0);
      unload(evicted, cleanup);
    }
  }

  private void evictFor(String key) {
    for (String evicted : lru.use(key)) {
      LOG.info("Evicting model {} (MAX_ACTIVE_MODELS={})", evicted, lru.maxActive());
      unload(evicted, cleanup);
    }
  }

  private CoreModel core(ModelId id) {
    if (id.isCoreModel()) {
      for (CoreModel c : coreModels) {
        if (c.serves(id.dataset())) {
          return c;
        }
      }
    }
    return null;
  }

  /** The served foundation families' loaded models, with the task each reports. */
  public Map<ModelId, String> loadedCoreModels() {
    Map<ModelId, String> loaded = new java.util.LinkedHashMap<>();
    for (CoreModel c : coreModels) {
      c.loaded().forEach(id -> loaded.put(id, c.taskType()));
    }
    return loaded;
  }

  /** Whether the models to preload have finished loading (or failing). */
  public boolean ready() {
    return ready;
  }

  /**
   * The loaded model, loading it first if needed.
   *
   * @param apiKey the request's key, or null for {@code ROBOFLOW_API_KEY}
   */
  public LoadedModel get(String rawId, String apiKey) {
    ModelId id = ModelId.parse(aliases.resolve(rawId));
    if (id.isCoreModel()) {
      if (ServedElsewhereException.servesOnItsOwnRoute(id.dataset())) {
        throw new ServedElsewhereException(id.dataset());
      }
      throw new ModelDeploymentNotSupportedException(id.dataset());
    }
    String key = id.toString();
    String effectiveKey = apiKey != null ? apiKey : defaultKey;
    failures.refuseIfRepeated(key);
    boolean[] started = {false};
    CompletableFuture<LoadedModel> future =
        models.computeIfAbsent(
            key,
            k -> {
              started[0] = true;
              return CompletableFuture.supplyAsync(
                  () -> {
                    relieveMemory(k);
                    return load(id, effectiveKey);
                  },
                  loader);
            });
    boolean cold = started[0] || !future.isDone();
    long asked = System.nanoTime();
    LoadedModel model;
    try {
      model = future.get(waitMs, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new ModelBusyException();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ModelBusyException();
    } catch (ExecutionException e) {
      // Every request waiting on this load sees the failure; only the one that removes it counts
      // it.
      if (models.remove(key, future)) {
        failures.record(
            key, e.getCause() instanceof ApiException ? (ApiException) e.getCause() : null);
      }
      if (e.getCause() instanceof RuntimeException) {
        throw (RuntimeException) e.getCause();
      }
      throw new IllegalStateException(e.getCause());
    }
    if (access != null && !store.isBundled(id)) {
      access.check(id, effectiveKey);
    }
    evictFor(key);
    long waited = cold ? System.nanoTime() - asked : 0;
    listeners.forEach(l -> l.used(key, rawId, cold, waited));
    return model;
  }

  private LoadedModel load(ModelId id, String apiKey) {
    long start = System.nanoTime();
    try {
      LoadedModel model = factory.open(store.open(id, apiKey));
      LOG.info("Loaded model {} in {} ms", id, (System.nanoTime() - start) / 1_000_000);
      metrics.modelLoaded(id.toString(), java.time.Duration.ofNanos(System.nanoTime() - start));
      return model;
    } catch (ModelArtefactException e) {
      // A broken package must not stay in the cache: the next attempt downloads it afresh.
      LOG.warn("Model package of {} is broken ({}); removing it from the cache", id, e.detail());
      if (!store.isBundled(id)) {
        store.delete(id);
      }
      throw e;
    }
  }

  /** Models whose load has finished, least recently used first. */
  public List<LoadedModel> loaded() {
    List<String> order = lru.order();
    List<LoadedModel> list = new ArrayList<>();
    for (String key : order) {
      CompletableFuture<LoadedModel> f = models.get(key);
      if (f != null && f.isDone() && !f.isCompletedExceptionally()) {
        list.add(f.join());
      }
    }
    return list;
  }

  /**
   * Unloads a model (its files stay on disk unless DISK_CACHE_CLEANUP); unknown ids are ignored.
   */
  public void remove(String rawId) {
    ModelId id = ModelId.parse(aliases.resolve(rawId));
    String key = id.toString();
    lru.forget(key);
    CoreModel core = core(id);
    if (core != null) {
      core.unload(id);
      return;
    }
    unload(key, cleanup);
  }

  private void unload(String key, boolean deleteFiles) {
    ModelId id = ModelId.parse(key);
    CoreModel core = core(id);
    if (core != null) {
      // Unloading waits for the runs in flight: not on a request thread (which may be in a run).
      loader.execute(() -> core.unload(id));
      return;
    }
    CompletableFuture<LoadedModel> f = models.remove(key);
    if (f != null) {
      // Closing waits for runs in flight: do it off the request thread.
      f.thenAcceptAsync(
          m -> {
            m.close();
            if (deleteFiles && !store.isBundled(m.modelPackage().id())) {
              store.delete(m.modelPackage().id());
            }
          },
          loader);
    }
  }

  public void clear() {
    for (CoreModel c : coreModels) {
      c.loaded().forEach(c::unload);
    }
    List<String> keys = lru.clear();
    keys.addAll(models.keySet());
    keys.forEach(k -> unload(k, cleanup));
  }

  @PreDestroy
  void close() {
    clear();
    loader.shutdown();
  }
}
