package io.jinference.server.http.controller;

import io.jinference.server.model.ModelUseListener;
import io.micronaut.http.context.ServerRequestContext;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * For {@code /model/registry}, as Roboflow's: the paths of the requests that used each model
 * ({@code /infer/...}, {@code /model/add}, {@code /<dataset>/<version>}, workflow routes) and the
 * other ids they named it by (aliases). Bounded: a model id enters only once a model is loaded,
 * each keeps at most {@value #MAX_PER_MODEL} of each.
 */
@Singleton
final class ModelRequests implements ModelUseListener {
  private static final int MAX_PER_MODEL = 64;

  private record Seen(Set<String> paths, Set<String> aliases) {}

  private final Map<String, Seen> seen = new ConcurrentHashMap<>();

  @Override
  public void used(String modelId, String requestedAs, boolean coldStart, long waitedNanos) {
    Seen s =
        seen.computeIfAbsent(
            modelId, id -> new Seen(new CopyOnWriteArraySet<>(), new CopyOnWriteArraySet<>()));
    ServerRequestContext.currentRequest().ifPresent(r -> add(s.paths(), r.getPath()));
    if (requestedAs != null && !requestedAs.equals(modelId)) {
      add(s.aliases(), requestedAs);
    }
  }

  private static void add(Set<String> set, String value) {
    if (set.size() < MAX_PER_MODEL) {
      set.add(value);
    }
  }

  List<String> paths(String modelId) {
    Seen s = seen.get(modelId);
    return s == null ? List.of() : List.copyOf(s.paths());
  }

  List<String> aliases(String modelId) {
    Seen s = seen.get(modelId);
    return s == null ? List.of() : List.copyOf(s.aliases());
  }

  /**
   * Every model unloaded ({@code /model/clear}): the next loads start new records, as Roboflow's
   * entries do.
   */
  void forgetAll() {
    seen.clear();
  }
}
