package io.jinference.server.model;

import jakarta.inject.Singleton;
import java.util.function.Consumer;

/**
 * Where a foundation model ({@link CoreModel}) reports each use, so that {@link ModelManager} keeps
 * it in the same least-recently-used order as the store's models ({@code MAX_ACTIVE_MODELS}, {@code
 * PINNED_MODELS}). A bean of its own because the manager holds the core models, not the reverse.
 *
 * <pre>{@code
 * uses.used(ModelId.parse("depth-anything-v2/small"));
 * }</pre>
 */
@Singleton
public final class CoreModelUses {
  private volatile Consumer<ModelId> listener = id -> {};

  void listen(Consumer<ModelId> listener) {
    this.listener = listener;
  }

  /** Records a use of a core model; may unload others (never this one), off the caller's thread. */
  public void used(ModelId id) {
    listener.accept(id);
  }
}
