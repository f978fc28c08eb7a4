package io.jinference.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The server's own series, beside Micronaut's per-route request timers and the JVM's: per model,
 * images inferred and session runs (Triton's inference count against execution count, which differ
 * when images are batched), time waiting for a run slot and time in ONNX Runtime; models loaded and
 * load time; the process's resident memory. With metrics off ({@code METRICS_ENABLED=false}) the
 * meters go nowhere.
 */
@Singleton
public final class ServerMetrics {
  private final MeterRegistry registry;

  public ServerMetrics(@Nullable MeterRegistry registry) {
    this.registry = registry != null ? registry : new CompositeMeterRegistry();
    Gauge.builder("jinference.process.resident.memory", ServerMetrics::residentBytes)
        .baseUnit("bytes")
        .description("Resident set size of the server process (Linux)")
        .register(this.registry);
  }

  /** The meters of one model's runs. */
  public ModelRuns model(String modelId) {
    return new ModelRuns(
        Counter.builder("jinference.inference.images")
            .tag("model", modelId)
            .description("Images inferred")
            .register(registry),
        Counter.builder("jinference.inference.executions")
            .tag("model", modelId)
            .description("ONNX Runtime session runs (a batch of images is one)")
            .register(registry),
        Timer.builder("jinference.inference.queue")
            .tag("model", modelId)
            .publishPercentileHistogram()
            .description("Time waiting for one of the model's run slots")
            .register(registry),
        Timer.builder("jinference.inference.run")
            .tag("model", modelId)
            .publishPercentileHistogram()
            .description("Time in ONNX Runtime per session run")
            .register(registry),
        DistributionSummary.builder("jinference.inference.batch.size")
            .tag("model", modelId)
            .serviceLevelObjectives(1, 2, 4, 8, 16, 32)
            .description("Images per session run")
            .register(registry));
  }

  /** Counts the models loaded, read from the manager when scraped. */
  public void modelsLoaded(Supplier<Number> count) {
    Gauge.builder("jinference.models.loaded", count)
        .description("Models loaded")
        .register(registry);
  }

  /** Records a model load. */
  public void modelLoaded(String modelId, Duration took) {
    Timer.builder("jinference.model.load")
        .tag("model", modelId)
        .description("Time to load a model (download, " + "unpack, create the session)")
        .register(registry)
        .record(took);
  }

  /** Counts the pipelines in one state, read from the pipeline manager when scraped. */
  public void pipelines(String state, Supplier<Number> count) {
    Gauge.builder("jinference.pipelines", count)
        .tag("state", state)
        .description("Inference pipelines by state")
        .register(registry);
  }

  /**
   * One pipeline's frame counters (read, processed, dropped), read from the pipeline when scraped
   * (the meters hold it weakly, as Micrometer does); the returned action removes them when the
   * pipeline is terminated.
   */
  public <T> Runnable pipelineFrames(
      String pipelineId,
      T pipeline,
      java.util.function.ToDoubleFunction<T> read,
      java.util.function.ToDoubleFunction<T> processed,
      java.util.function.ToDoubleFunction<T> dropped) {
    java.util.List<io.micrometer.core.instrument.Meter> meters =
        java.util.List.of(
            frames(pipelineId, "read", pipeline, read),
            frames(pipelineId, "processed", pipeline, processed),
            frames(pipelineId, "dropped", pipeline, dropped));
    return () -> meters.forEach(registry::remove);
  }

  private <T> io.micrometer.core.instrument.Meter frames(
      String pipelineId, String what, T pipeline, java.util.function.ToDoubleFunction<T> value) {
    return io.micrometer.core.instrument.FunctionCounter.builder(
            "jinference.pipeline.frames." + what, pipeline, value)
        .tag("pipeline", pipelineId)
        .description("Frames " + what + " by one inference pipeline")
        .register(registry);
  }

  private static double residentBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Double.parseDouble(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
    return Double.NaN;
  }

  /**
   * One model's meters.
   *
   * @param images images inferred
   * @param executions session runs
   * @param queue time waiting for a run slot
   * @param run time in ONNX Runtime
   * @param batchSize images per session run (requests batched together show here)
   */
  public record ModelRuns(
      Counter images, Counter executions, Timer queue, Timer run, DistributionSummary batchSize) {}
}
