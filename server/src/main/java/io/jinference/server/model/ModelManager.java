package io.jinference.server.model;

import io.jinference.server.error.ApiException;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loaded models by id. A model loads lazily on first use; concurrent first requests share one load. A failed
 * load is not remembered, so the next request tries again. Loading one model never blocks requests for others:
 * there is no manager-wide lock.
 */
@Singleton
public final class ModelManager {
  private static final Logger LOG = LoggerFactory.getLogger(ModelManager.class);

  private final ModelStore store;
  private final ModelFactory factory;
  private final Map<String, CompletableFuture<LoadedModel>> models = new ConcurrentHashMap<>();

  public ModelManager(ModelStore store, ModelFactory factory) {
    this.store = store;
    this.factory = factory;
  }

  /** The loaded model, loading it first if needed. */
  public LoadedModel get(String rawId) {
    ModelId id = ModelId.parse(rawId);
    String key = id.toString();
    CompletableFuture<LoadedModel> mine = new CompletableFuture<>();
    CompletableFuture<LoadedModel> existing = models.putIfAbsent(key, mine);
    if (existing == null) {
      try {
        long start = System.nanoTime();
        LoadedModel model = factory.open(store.open(id));
        LOG.info("Loaded model {} in {} ms", key, (System.nanoTime() - start) / 1_000_000);
        mine.complete(model);
        return model;
      } catch (RuntimeException e) {
        models.remove(key, mine);
        mine.completeExceptionally(e);
        throw e;
      }
    }
    try {
      return existing.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof ApiException) {
        throw (ApiException) e.getCause();
      }
      throw e;
    }
  }

  /** Models whose load has finished, in no particular order. */
  public List<LoadedModel> loaded() {
    List<LoadedModel> list = new ArrayList<>();
    for (CompletableFuture<LoadedModel> f : models.values()) {
      if (f.isDone() && !f.isCompletedExceptionally()) {
        list.add(f.join());
      }
    }
    return list;
  }

  /** Unloads a model (its files stay on disk); unknown ids are ignored, as Roboflow does. */
  public void remove(String rawId) {
    CompletableFuture<LoadedModel> f = models.remove(ModelId.parse(rawId).toString());
    if (f != null) {
      f.thenAccept(LoadedModel::close);
    }
  }

  @PreDestroy
  public void clear() {
    for (String key : new ArrayList<>(models.keySet())) {
      CompletableFuture<LoadedModel> f = models.remove(key);
      if (f != null) {
        f.thenAccept(LoadedModel::close);
      }
    }
  }
}
