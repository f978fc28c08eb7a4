package io.jinference.server.inference.runtime;

import io.jinference.server.model.ModelId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A foundation family's loaded models by id, each {@link Retirable}: loaded at first use, unloaded
 * once the runs in flight have ended, loaded again by a use that comes after.
 *
 * <pre>{@code
 * RetirableModels<Network> networks = new RetirableModels<>(this::open, Network::close);
 * float[] map = networks.use(id, n -> run(n, image));
 * }</pre>
 *
 * @param <T> a loaded model's sessions
 */
public final class RetirableModels<T> {
  /** Work on a loaded model. */
  public interface Work<T, R, E extends Exception> {
    R on(T model) throws E;
  }

  private final Map<String, Retirable<T>> models = new ConcurrentHashMap<>();
  private final Function<ModelId, T> open;
  private final Consumer<T> close;

  /**
   * @param open loads a model (its exceptions reach the caller of {@link #use})
   * @param close releases a model's sessions
   */
  public RetirableModels(Function<ModelId, T> open, Consumer<T> close) {
    this.open = open;
    this.close = close;
  }

  /** Runs {@code work} on the model, loading it first if needed. */
  public <R, E extends Exception> R use(ModelId id, Work<T, R, E> work) throws E {
    Retirable<T> loaded;
    T model;
    do { // a model unloaded between the lookup and the use is loaded again
      loaded = retirable(id);
      model = loaded.use();
    } while (model == null);
    try {
      return work.on(model);
    } finally {
      loaded.done();
    }
  }

  /** Loads the model now, if it is not loaded. */
  public void load(ModelId id) {
    retirable(id);
  }

  public boolean loaded(ModelId id) {
    return models.containsKey(id.toString());
  }

  public List<ModelId> loaded() {
    return models.keySet().stream().map(ModelId::parse).toList();
  }

  /** Unloads the model once its runs in flight have ended; unknown ids are ignored. */
  public void unload(ModelId id) {
    Retirable<T> r = models.remove(id.toString());
    if (r != null) {
      r.retire(close);
    }
  }

  private Retirable<T> retirable(ModelId id) {
    Retirable<T> r = models.get(id.toString());
    if (r != null) {
      return r;
    }
    synchronized (models) {
      return models.computeIfAbsent(id.toString(), k -> new Retirable<>(open.apply(id)));
    }
  }
}
