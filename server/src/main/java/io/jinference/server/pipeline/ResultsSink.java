package io.jinference.server.pipeline;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;

/**
 * Roboflow's in-memory sink: one entry per processing tick (the outputs of each frame of the tick
 * and the frames' metadata), bounded; when full the oldest entry goes. {@link #poll()} takes the
 * oldest, as {@code /consume} does.
 */
final class ResultsSink {
  /** One tick: outputs and metadata, aligned, one per frame. */
  record Entry(List<Map<String, Object>> outputs, List<Map<String, Object>> framesMetadata) {}

  private final int capacity;
  private final ArrayDeque<Entry> entries = new ArrayDeque<>();
  private long dropped;

  ResultsSink(int capacity) {
    this.capacity = capacity;
  }

  synchronized void add(Entry e) {
    if (entries.size() == capacity) {
      entries.pollFirst();
      dropped++;
    }
    entries.addLast(e);
  }

  synchronized Entry poll() {
    return entries.pollFirst();
  }

  synchronized int size() {
    return entries.size();
  }

  synchronized long dropped() {
    return dropped;
  }
}
