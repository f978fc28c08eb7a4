package io.jinference.sdk;

import java.util.Map;

/**
 * A pipeline's report: its state ({@code RUNNING}, {@code MUTED} when paused, {@code FINISHED}),
 * frame counters, frames processed per second, and the whole report as the server sent it
 * (Roboflow's {@code PipelineStateReport}: status updates, latencies, sources' metadata).
 *
 * <pre>{@code
 * PipelineStatus s = pipeline.status();
 * System.out.println(s.state() + ": " + s.framesProcessed() + " frames");
 * }</pre>
 */
public record PipelineStatus(
    String state,
    long framesRead,
    long framesProcessed,
    long framesDropped,
    double inferenceThroughput,
    Map<String, Object> report) {
  /**
   * Checks the components and keeps unmodifiable copies of the lists.
   *
   * @param state the state
   * @param framesRead the frames read
   * @param framesProcessed the frames processed
   * @param framesDropped the frames dropped
   * @param inferenceThroughput the inference throughput
   * @param report the report
   */
  public PipelineStatus {
    report = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(report));
  }

  static PipelineStatus of(Map<String, Object> report) {
    return new PipelineStatus(
        String.valueOf(report.getOrDefault("state", "UNKNOWN")),
        number(report.get("frames_read")),
        number(report.get("frames_processed")),
        number(report.get("frames_dropped")),
        report.get("inference_throughput") instanceof Number n ? n.doubleValue() : 0,
        report);
  }

  private static long number(Object v) {
    return v instanceof Number n ? n.longValue() : 0;
  }
}
