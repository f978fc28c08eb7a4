package io.jinference.server.pipeline;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The last events of a pipeline and its sources, as Roboflow's watchdog keeps them ({@code
 * video_source_status_updates}: timestamp, severity, event_type, payload, context), bounded.
 */
final class StatusUpdates {
  private static final int KEPT = 512;
  private final ArrayDeque<Map<String, Object>> updates = new ArrayDeque<>();

  synchronized void add(
      String severity, String eventType, Map<String, Object> payload, String context) {
    Map<String, Object> u = new LinkedHashMap<>();
    u.put("timestamp", Instant.now().toString());
    u.put("severity", severity);
    u.put("event_type", eventType);
    u.put("payload", payload);
    u.put("context", context);
    if (updates.size() == KEPT) {
      updates.pollFirst();
    }
    updates.addLast(u);
  }

  synchronized List<Map<String, Object>> list() {
    return new ArrayList<>(updates);
  }
}
