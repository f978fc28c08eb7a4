package io.jinference.benchmark;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The statistics of a run, named and computed as Roboflow's {@code InferenceStatistics} ({@code
 * inference_cli/lib/benchmark/results_gathering.py}), so that results of both harnesses compare:
 * latency in milliseconds (mean, standard deviation, nearest-rank percentiles), requests and images
 * per second over the measured wall time, error rate and a histogram of non-2xx status codes (0 for
 * a transport error).
 */
record Statistics(
    int inferencesMade,
    int imagesProcessed,
    double averageLatencyMs,
    double stdLatencyMs,
    double averageLatencyPerImageMs,
    Double averageExecutionTimePerImageMs,
    double p50,
    double p75,
    double p90,
    double p95,
    double p99,
    double requestsPerSecond,
    double imagesPerSecond,
    double errorRate,
    Map<String, Integer> errorStatusCodes) {

  /** One request's outcome. */
  record Outcome(int status, long latencyNanos, int images, Double serverSeconds) {
    boolean ok() {
      return status >= 200 && status < 300;
    }
  }

  static Statistics of(List<Outcome> outcomes, long wallNanos) {
    long[] ok =
        outcomes.stream().filter(Outcome::ok).mapToLong(Outcome::latencyNanos).sorted().toArray();
    int images = outcomes.stream().filter(Outcome::ok).mapToInt(Outcome::images).sum();
    double mean = Arrays.stream(ok).average().orElse(0) / 1e6;
    double variance =
        Arrays.stream(ok).mapToDouble(l -> Math.pow(l / 1e6 - mean, 2)).average().orElse(0);
    Map<String, Integer> errors = new TreeMap<>();
    outcomes.stream()
        .filter(o -> !o.ok())
        .forEach(o -> errors.merge(String.valueOf(o.status()), 1, Integer::sum));
    double server =
        outcomes.stream()
            .filter(o -> o.ok() && o.serverSeconds() != null)
            .mapToDouble(o -> o.serverSeconds() / o.images())
            .average()
            .orElse(Double.NaN);
    double seconds = wallNanos / 1e9;
    return new Statistics(
        ok.length,
        images,
        mean,
        Math.sqrt(variance),
        images == 0 ? 0 : mean * ok.length / images,
        Double.isNaN(server) ? null : server * 1000,
        percentile(ok, 50),
        percentile(ok, 75),
        percentile(ok, 90),
        percentile(ok, 95),
        percentile(ok, 99),
        ok.length / seconds,
        images / seconds,
        outcomes.isEmpty() ? 0 : (double) (outcomes.size() - ok.length) / outcomes.size(),
        errors);
  }

  /** Nearest-rank percentile of sorted latencies, in milliseconds. */
  static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
  }

  /** Roboflow's field names. */
  Map<String, Object> asRoboflowJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("inferences_made", inferencesMade);
    m.put("images_processed", imagesProcessed);
    m.put("average_inference_latency_ms", averageLatencyMs);
    m.put("std_inference_latency_ms", stdLatencyMs);
    m.put("average_inference_latency_per_image_ms", averageLatencyPerImageMs);
    m.put("average_execution_time_per_image_ms", averageExecutionTimePerImageMs);
    m.put("p50_inference_latency_ms", p50);
    m.put("p75_inference_latency_ms", p75);
    m.put("p90_inference_latency_ms", p90);
    m.put("p95_inference_latency_ms", p95);
    m.put("p99_inference_latency_ms", p99);
    m.put("requests_per_second", requestsPerSecond);
    m.put("images_per_second", imagesPerSecond);
    m.put("error_rate", errorRate);
    m.put("error_status_codes", errorStatusCodes);
    m.put("avg_remote_execution_time", null);
    return m;
  }

  /** The one-line summary Roboflow's CLI prints. */
  String line() {
    return String.format(
        java.util.Locale.ROOT,
        "avg: %.1fms | std: %.1fms | p50: %.1fms | p90: %.1fms | p99: %.1fms | "
            + "rps: %.1f | img/s: %.1f | %%err: %.2f | %s",
        averageLatencyMs,
        stdLatencyMs,
        p50,
        p90,
        p99,
        requestsPerSecond,
        imagesPerSecond,
        errorRate * 100,
        errorStatusCodes);
  }
}
