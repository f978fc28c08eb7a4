package io.jinference.server.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;

/**
 * Which loaded models to keep: at most {@code maxActive}, the least recently used evicted first,
 * pinned models never. Thread-safe.
 */
final class LruOrder {
  private final int maxActive;
  private final Set<String> pinned;

  /** Access order of loaded ids, least recent first. Guarded by itself. */
  private final LinkedHashMap<String, Boolean> recency = new LinkedHashMap<>(16, 0.75f, true);

  LruOrder(int maxActive, Set<String> pinned) {
    this.maxActive = Math.max(1, maxActive);
    this.pinned = Set.copyOf(pinned);
  }

  int maxActive() {
    return maxActive;
  }

  /** Marks a model used; answers the models to evict to stay within {@code maxActive}. */
  List<String> use(String key) {
    List<String> evicted = new ArrayList<>();
    synchronized (recency) {
      recency.put(key, Boolean.TRUE);
      int excess = recency.size() - maxActive;
      for (String candidate : new ArrayList<>(recency.keySet())) {
        if (excess <= 0) {
          break;
        }
        if (!candidate.equals(key) && !pinned.contains(candidate)) {
          recency.remove(candidate);
          evicted.add(candidate);
          excess--;
        }
      }
    }
    return evicted;
  }

  /** Whether the model is loaded (counted). */
  boolean contains(String key) {
    synchronized (recency) {
      return recency.containsKey(key);
    }
  }

  /**
   * Up to {@code most} models to evict for memory, least recently used first, never a pinned one or
   * {@code key}; they are forgotten.
   */
  List<String> relieve(String key, int most) {
    List<String> evicted = new ArrayList<>();
    synchronized (recency) {
      for (String candidate : new ArrayList<>(recency.keySet())) {
        if (evicted.size() >= most) {
          break;
        }
        if (!candidate.equals(key) && !pinned.contains(candidate)) {
          recency.remove(candidate);
          evicted.add(candidate);
        }
      }
    }
    return evicted;
  }

  void forget(String key) {
    synchronized (recency) {
      recency.remove(key);
    }
  }

  /** Every model, least recently used first. */
  List<String> order() {
    synchronized (recency) {
      return new ArrayList<>(recency.keySet());
    }
  }

  /** Forgets every model; answers them. */
  List<String> clear() {
    synchronized (recency) {
      List<String> keys = new ArrayList<>(recency.keySet());
      recency.clear();
      return keys;
    }
  }
}
