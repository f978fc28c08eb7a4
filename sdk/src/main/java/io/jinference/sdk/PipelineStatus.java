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
public final class PipelineStatus extends Value {
  private static final String[] NAMES = {
    "state", "framesRead", "framesProcessed", "framesDropped", "inferenceThroughput", "report"
  };

  private final String state;
  private final long framesRead;
  private final long framesProcessed;
  private final long framesDropped;
  private final double inferenceThroughput;
  private final Map<String, Object> report;

  /**
   * Keeps an unmodifiable copy of the report.
   *
   * @param state the state
   * @param framesRead the frames read
   * @param framesProcessed the frames processed
   * @param framesDropped the frames dropped
   * @param inferenceThroughput the inference throughput
   * @param report the report
   */
  public PipelineStatus(
      String state,
      long framesRead,
      long framesProcessed,
      long framesDropped,
      double inferenceThroughput,
      Map<String, Object> report) {
    this.state = state;
    this.framesRead = framesRead;
    this.framesProcessed = framesProcessed;
    this.framesDropped = framesDropped;
    this.inferenceThroughput = inferenceThroughput;
    this.report = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(report));
  }

  /**
   * The pipeline's state: RUNNING, MUTED (paused), FINISHED....
   *
   * @return the pipeline's state: RUNNING, MUTED (paused), FINISHED...
   */
  public String state() {
    return state;
  }

  /**
   * Frames read from the sources so far.
   *
   * @return frames read from the sources so far
   */
  public long framesRead() {
    return framesRead;
  }

  /**
   * Frames the workflow has processed so far.
   *
   * @return frames the workflow has processed so far
   */
  public long framesProcessed() {
    return framesProcessed;
  }

  /**
   * Frames dropped (buffer full, or too slow for the source).
   *
   * @return frames dropped (buffer full, or too slow for the source)
   */
  public long framesDropped() {
    return framesDropped;
  }

  /**
   * Frames processed per second.
   *
   * @return frames processed per second
   */
  public double inferenceThroughput() {
    return inferenceThroughput;
  }

  /**
   * The whole report as the server sent it.
   *
   * @return the whole report as the server sent it
   */
  public Map<String, Object> report() {
    return report;
  }

  static PipelineStatus of(Map<String, Object> report) {
    return new PipelineStatus(
        String.valueOf(report.getOrDefault("state", "UNKNOWN")),
        number(report.get("frames_read")),
        number(report.get("frames_processed")),
        number(report.get("frames_dropped")),
        report.get("inference_throughput") instanceof Number
            ? ((Number) report.get("inference_throughput")).doubleValue()
            : 0,
        report);
  }

  private static long number(Object v) {
    return v instanceof Number ? ((Number) v).longValue() : 0;
  }

  @Override
  Object[] parts() {
    return new Object[] {
      state, framesRead, framesProcessed, framesDropped, inferenceThroughput, report
    };
  }

  @Override
  String[] partNames() {
    return NAMES;
  }
}
