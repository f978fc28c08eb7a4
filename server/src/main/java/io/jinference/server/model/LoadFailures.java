package io.jinference.server.model;

import io.jinference.server.error.ApiException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The failure memory of model loads: a model that failed {@code limit} times within the window is
 * refused at once with its last error, instead of being downloaded and validated again on every
 * request. Only the model's own failures count (server errors and a 404), never a client's bad key.
 */
final class LoadFailures {
  private final int limit;
  private final long windowMs;
  private final Map<String, Deque<Long>> failures = new ConcurrentHashMap<>();
  private final Map<String, ApiException> last = new ConcurrentHashMap<>();

  LoadFailures(int limit, long windowMs) {
    this.limit = Math.max(1, limit);
    this.windowMs = windowMs;
  }

  /** Throws the model's last load error when it failed too often lately. */
  void refuseIfRepeated(String key) {
    Deque<Long> times = failures.get(key);
    if (times == null) {
      return;
    }
    synchronized (times) {
      long cutoff = System.currentTimeMillis() - windowMs;
      while (!times.isEmpty() && times.peekFirst() < cutoff) {
        times.pollFirst();
      }
      ApiException failure = last.get(key);
      if (times.size() >= limit && failure != null) {
        throw failure;
      }
    }
  }

  /** Counts a failed load (null or a client error: not the model's fault, not counted). */
  void record(String key, ApiException failure) {
    if (failure == null || failure.status() < 500 && failure.status() != 404) {
      return;
    }
    Deque<Long> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
    synchronized (times) {
      times.addLast(System.currentTimeMillis());
    }
    last.put(key, failure);
  }
}
