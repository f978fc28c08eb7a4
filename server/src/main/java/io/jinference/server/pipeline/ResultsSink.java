package io.jinference.server.pipeline;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;

/**
 * Roboflow's in-memory sink: one entry per processing tick (the outputs of each frame of the tick
 * and the frames' metadata), bounded in entries ({@code results_buffer_size}) and in bytes ({@code
 * PIPELINES_MAX_RESULTS_BYTES}: a workflow that outputs images holds their base64 text, 30 MB for
 * one 4K frame); when either is full the oldest entries go, the newest is always kept. {@link
 * #poll()} takes the oldest, as {@code /consume} does.
 */
final class ResultsSink {
  /** One tick: outputs and metadata, aligned, one per frame. */
  record Entry(List<Map<String, Object>> outputs, List<Map<String, Object>> framesMetadata) {}

  private final int capacity;
  private final long maxBytes;
  private final ArrayDeque<Entry> entries = new ArrayDeque<>();
  private final ArrayDeque<Long> sizes = new ArrayDeque<>();
  private long bytes;
  private long dropped;

  ResultsSink(int capacity, long maxBytes) {
    this.capacity = capacity;
    this.maxBytes = maxBytes;
  }

  synchronized void add(Entry e) {
    long size = bytes(e.outputs()) + bytes(e.framesMetadata());
    while (!entries.isEmpty() && (entries.size() >= capacity || bytes + size > maxBytes)) {
      entries.pollFirst();
      bytes -= sizes.pollFirst();
      dropped++;
    }
    entries.addLast(e);
    sizes.addLast(size);
    bytes += size;
  }

  synchronized Entry poll() {
    Entry e = entries.pollFirst();
    if (e != null) {
      bytes -= sizes.pollFirst();
    }
    return e;
  }

  synchronized int size() {
    return entries.size();
  }

  synchronized long dropped() {
    return dropped;
  }

  /** The bytes the entries held now take, as {@link #bytes(Object)} estimates them. */
  synchronized long heldBytes() {
    return bytes;
  }

  /**
   * About the size of a value's JSON text, which is what the outputs are made of (images are base64
   * strings by now): strings by their length, numbers and the like 8 bytes, two more per string,
   * entry and container for the punctuation.
   */
  static long bytes(Object value) {
    if (value instanceof String s) {
      return s.length() + 2L;
    }
    if (value instanceof Map<?, ?> m) {
      long n = 2;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        n += bytes(String.valueOf(e.getKey())) + bytes(e.getValue()) + 2;
      }
      return n;
    }
    if (value instanceof Iterable<?> list) {
      long n = 2;
      for (Object o : list) {
        n += bytes(o) + 1;
      }
      return n;
    }
    return 8;
  }
}
