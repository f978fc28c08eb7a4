package io.jinference.server.pipeline;

import io.jinference.server.error.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running pipeline: its sources each read on their own thread, and one processing thread that
 * takes a frame of each source per tick, runs the workflow on each frame (holding one of the
 * pipelines' run permits, so HTTP requests keep their share of the model's run slots) and puts the
 * outputs in the sink. A frame that fails is reported in the status and skipped; the pipeline goes
 * on.
 */
final class InferencePipeline {
  private static final Logger LOG = LoggerFactory.getLogger(InferencePipeline.class);
  private static final int LATENCY_WINDOW = 64;

  enum State {
    RUNNING,
    MUTED,
    FINISHED,
    TERMINATED
  }

  private final String id;
  private final PipelineConfig config;
  private final List<VideoSource> sources;
  private final Function<Map<String, Object>, Map<String, Object>> workflow;
  private final Semaphore runPermits;
  private final StatusUpdates updates;
  private final ResultsSink sink;
  private final AtomicLong processed = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final ArrayDeque<double[]> latencies = new ArrayDeque<>(); // decode, inference, e2e (s)
  private final ArrayDeque<Long> doneAt = new ArrayDeque<>(); // nanoTime of the last frames done
  private volatile State state = State.RUNNING;
  private volatile boolean stopping;
  private volatile long lastConsumedNanos = System.nanoTime();
  private Thread thread;

  InferencePipeline(
      String id,
      PipelineConfig config,
      List<VideoSource> sources,
      StatusUpdates updates,
      Function<Map<String, Object>, Map<String, Object>> workflow,
      Semaphore runPermits,
      long maxResultsBytes) {
    this.id = id;
    this.config = config;
    this.sources = sources;
    this.updates = updates;
    this.workflow = workflow;
    this.runPermits = runPermits;
    this.sink = new ResultsSink(config.resultsBufferSize(), maxResultsBytes);
  }

  String id() {
    return id;
  }

  State state() {
    return state;
  }

  void start() {
    for (VideoSource s : sources) {
      s.start("pipeline-" + id.substring(0, 8) + "-source-" + s.sourceId());
    }
    thread = new Thread(this::process, "pipeline-" + id.substring(0, 8));
    thread.setDaemon(true);
    thread.start();
  }

  /** Roboflow's "pause" (its manager mutes the stream): frames are read and dropped. */
  void mute() {
    sources.forEach(VideoSource::mute);
    if (state == State.RUNNING) {
      state = State.MUTED;
    }
  }

  void resume() {
    sources.forEach(VideoSource::resume);
    if (state == State.MUTED) {
      state = State.RUNNING;
    }
  }

  /** Stops the sources and the processing thread, waiting a bounded time for each. */
  void terminate() {
    stopping = true;
    sources.forEach(s -> s.stop(5_000));
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    state = State.TERMINATED;
  }

  /** The oldest results not consumed yet, without the excluded workflow outputs; null if none. */
  ResultsSink.Entry consume(List<String> excludedFields) {
    lastConsumedNanos = System.nanoTime();
    ResultsSink.Entry e = sink.poll();
    if (e == null || excludedFields == null || excludedFields.isEmpty()) {
      return e;
    }
    List<Map<String, Object>> outputs = new ArrayList<>();
    for (Map<String, Object> o : e.outputs()) {
      if (o == null) {
        outputs.add(null);
        continue;
      }
      Map<String, Object> kept = new LinkedHashMap<>(o);
      excludedFields.forEach(kept::remove);
      outputs.add(kept);
    }
    return new ResultsSink.Entry(outputs, e.framesMetadata());
  }

  /** Whether nobody consumed for longer than the pipeline's {@code consumption_timeout}. */
  boolean consumptionTimedOut(long nowNanos) {
    Double t = config.consumptionTimeout();
    return t != null && nowNanos - lastConsumedNanos > (long) (t * 1e9);
  }

  long framesRead() {
    return sources.stream().mapToLong(VideoSource::framesRead).sum();
  }

  long framesProcessed() {
    return processed.get();
  }

  long framesDropped() {
    return sources.stream().mapToLong(VideoSource::framesDropped).sum();
  }

  /**
   * Roboflow's {@code PipelineStateReport} (status updates, latency per source, inference
   * throughput, sources' metadata) and this server's counters beside it.
   */
  Map<String, Object> report() {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("video_source_status_updates", updates.list());
    List<Map<String, Object>> latency = new ArrayList<>();
    double[] avg = averageLatencies();
    for (VideoSource s : sources) {
      Map<String, Object> l = new LinkedHashMap<>();
      l.put("source_id", s.sourceId());
      l.put("frame_decoding_latency", avg == null ? null : avg[0]);
      l.put("inference_latency", avg == null ? null : avg[1]);
      l.put("e2e_latency", avg == null ? null : avg[2]);
      latency.add(l);
    }
    r.put("latency_reports", latency);
    r.put("inference_throughput", throughput());
    List<Map<String, Object>> meta = new ArrayList<>();
    sources.forEach(s -> meta.add(s.describe()));
    r.put("sources_metadata", meta);
    r.put("state", state.name());
    r.put("frames_read", framesRead());
    r.put("frames_processed", processed.get());
    r.put("frames_dropped", framesDropped());
    r.put("frames_failed", failed.get());
    r.put("results_buffered", sink.size());
    r.put("results_dropped", sink.dropped());
    return r;
  }

  private void process() {
    try {
      while (!stopping) {
        List<VideoFrame> tick = collect();
        if (tick == null) {
          state = State.FINISHED;
          updates.add(
              "INFO", "PIPELINE_END", Map.of("frames_processed", processed.get()), "pipeline");
          return;
        }
        if (tick.isEmpty()) {
          continue;
        }
        List<Map<String, Object>> outputs = new ArrayList<>();
        List<Map<String, Object>> metadata = new ArrayList<>();
        try {
          for (VideoFrame f : tick) {
            Map<String, Object> out = run(f);
            if (out != null) {
              outputs.add(out);
              metadata.add(frameMetadata(f));
            }
          }
        } finally {
          tick.forEach(VideoFrame::close);
        }
        if (!outputs.isEmpty()) {
          sink.add(new ResultsSink.Entry(outputs, metadata));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      if (stopping) {
        return; // terminate interrupted a frame's run
      }
      LOG.warn("Pipeline {} stopped on an unexpected error", id, e);
      updates.add(
          "ERROR",
          "PIPELINE_ERROR",
          Map.of("error_message", String.valueOf(e.getMessage())),
          "pipeline");
      state = State.FINISHED;
    }
  }

  /**
   * One frame of each source that has one within the batch collection time; empty when none came
   * yet; null when every source has ended and nothing is left.
   */
  private List<VideoFrame> collect() throws InterruptedException {
    List<VideoFrame> tick = new ArrayList<>();
    boolean live = false;
    long waitMs =
        config.batchCollectionTimeout() == null
            ? 200
            : Math.max(1, (long) (config.batchCollectionTimeout() * 1000));
    long deadline = System.nanoTime() + Duration.ofMillis(waitMs).toNanos();
    for (VideoSource s : sources) {
      if (s.buffer().exhausted()) {
        continue;
      }
      live = true;
      long left = Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
      VideoFrame f = s.buffer().take(config.consumption(), tick.isEmpty() ? waitMs : left);
      if (f != null) {
        tick.add(f);
      }
    }
    if (!live && tick.isEmpty()) {
      return null;
    }
    return tick;
  }

  private Map<String, Object> run(VideoFrame f) throws InterruptedException {
    Map<String, Object> inputs = new HashMap<>(config.workflowsParameters());
    inputs.put(config.imageInputName(), f.image());
    inputs.put(config.videoMetadataInputName(), videoMetadata(f));
    long started = System.nanoTime();
    Instant startedAt = Instant.now();
    runPermits.acquire();
    try {
      Map<String, Object> out = workflow.apply(inputs);
      processed.incrementAndGet();
      record(f, startedAt, started);
      return out;
    } catch (RuntimeException e) { // workflow errors are ApiExceptions; others are logged too
      if (stopping) {
        return null;
      }
      if (!(e instanceof ApiException)) {
        LOG.warn("Pipeline {}: frame {} of source {} failed", id, f.frameId(), f.sourceId(), e);
      }
      failed.incrementAndGet();
      updates.add(
          "ERROR",
          "INFERENCE_ERROR",
          Map.of(
              "source_id", f.sourceId(),
              "frame_id", f.frameId(),
              "error_type", e.getClass().getSimpleName(),
              "error_message", String.valueOf(e.getMessage())),
          "inference_thread");
      return null;
    } finally {
      runPermits.release();
    }
  }

  private synchronized void record(VideoFrame f, Instant startedAt, long startedNanos) {
    long now = System.nanoTime();
    double decode = Math.max(0, Duration.between(f.timestamp(), startedAt).toNanos() / 1e9);
    double inference = (now - startedNanos) / 1e9;
    latencies.addLast(new double[] {decode, inference, decode + inference});
    doneAt.addLast(now);
    if (latencies.size() > LATENCY_WINDOW) {
      latencies.pollFirst();
      doneAt.pollFirst();
    }
  }

  private synchronized double[] averageLatencies() {
    if (latencies.isEmpty()) {
      return null;
    }
    double[] sum = new double[3];
    for (double[] l : latencies) {
      for (int i = 0; i < 3; i++) {
        sum[i] += l[i];
      }
    }
    for (int i = 0; i < 3; i++) {
      sum[i] /= latencies.size();
    }
    return sum;
  }

  /** Frames done per second over the last frames (0 until two are done). */
  private synchronized double throughput() {
    if (doneAt.size() < 2) {
      return 0;
    }
    double seconds = (doneAt.peekLast() - doneAt.peekFirst()) / 1e9;
    return seconds <= 0 ? 0 : (doneAt.size() - 1) / seconds;
  }

  private static Map<String, Object> frameMetadata(VideoFrame f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("frame_timestamp", f.timestamp().toString());
    m.put("frame_id", f.frameId());
    m.put("source_id", f.sourceId());
    return m;
  }

  /** Roboflow's {@code VideoMetadata}, for workflows that declare the video metadata input. */
  private Map<String, Object> videoMetadata(VideoFrame f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("video_identifier", id + "/" + f.sourceId());
    m.put("frame_number", f.frameId());
    m.put("frame_timestamp", f.timestamp().toString());
    m.put("fps", f.declaredFps());
    m.put("measured_fps", throughput());
    m.put("comes_from_video_file", f.fromFile());
    return m;
  }
}
