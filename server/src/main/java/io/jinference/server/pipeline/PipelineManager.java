package io.jinference.server.pipeline;

import io.jinference.server.config.Setting;
import io.jinference.server.config.Settings;
import io.jinference.server.error.InputImageLoadException;
import io.jinference.server.image.ImageLoader;
import io.jinference.server.image.UrlPolicy;
import io.jinference.server.metrics.ServerMetrics;
import io.jinference.server.workflow.engine.Workflows;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inference pipelines of this server: starts them from a checked payload, finds them by id for
 * the commands, terminates those nobody consumed for their {@code consumption_timeout}, and stops
 * every one when the server shuts down. All pipelines together hold at most {@code
 * PIPELINES_RUN_SHARE_PERCENT} of the model run slots at once.
 */
@Singleton
public final class PipelineManager {
  private static final Logger LOG = LoggerFactory.getLogger(PipelineManager.class);

  /** A pipeline's results of one tick, as {@code /consume} answers them. */
  public record Results(
      List<Map<String, Object>> outputs, List<Map<String, Object>> framesMetadata) {}

  private final Workflows workflows;
  private final UrlPolicy urls;
  private final ImageLoader files;
  private final io.jinference.server.image.ImageFetcher fetcher;
  private final ServerMetrics metrics;
  private final int maxActive;
  private final int maxSources;
  private final int maxBuffer;
  private final long maxResultsBytes;
  private final VideoSource.Limits limits;
  private final int permits;
  private final Semaphore runPermits;
  private final Map<String, InferencePipeline> pipelines = new ConcurrentHashMap<>();

  /** The sources' way to the network: the server's HTTP client, and pinned FFmpeg URLs. */
  private final VideoSource.Network network =
      new VideoSource.Network() {
        @Override
        public java.io.InputStream open(String url) {
          return fetcher.openStream(url, java.time.Duration.ofMillis(limits.timeoutMs()));
        }

        @Override
        public VideoSource.Link link(String url) throws java.io.IOException {
          io.jinference.server.image.UrlPolicy.Destination d = urls.checkStream(url);
          if ("rtsp".equalsIgnoreCase(d.uri().getScheme())) {
            return new RtspRelay(
                d,
                urls::checkStream,
                (int) Math.min(Integer.MAX_VALUE, limits.timeoutMs()),
                RtspRelay.MAX_REDIRECTS);
          }
          String pinned = PinnedUrl.pin(d);
          return () -> pinned;
        }
      };

  private final Map<String, Runnable> meters = new ConcurrentHashMap<>();
  private final ScheduledExecutorService reaper;
  private int starting; // pipelines whose sources are opening, counted against MAX_ACTIVE_PIPELINES

  PipelineManager(
      Settings settings,
      Workflows workflows,
      UrlPolicy urls,
      ImageLoader files,
      io.jinference.server.image.ImageFetcher fetcher,
      ServerMetrics metrics) {
    this.fetcher = fetcher;
    this.workflows = workflows;
    this.urls = urls;
    this.files = files;
    this.metrics = metrics;
    this.maxActive = settings.integer(Setting.MAX_ACTIVE_PIPELINES);
    this.maxSources = settings.integer(Setting.MAX_BATCH_SIZE);
    this.maxBuffer = settings.integer(Setting.PIPELINES_MAX_RESULTS_BUFFER);
    this.maxResultsBytes = settings.number(Setting.PIPELINES_MAX_RESULTS_BYTES);
    this.limits =
        new VideoSource.Limits(
            null,
            settings.number(Setting.PIPELINES_SOURCE_TIMEOUT_MS),
            settings.number(Setting.MAX_IMAGE_PIXELS),
            settings.number(Setting.PIPELINES_MAX_BUFFER_BYTES));
    int runs = settings.perCore(Setting.INFERENCE_CONCURRENT_RUNS);
    this.permits = Math.max(1, runs * settings.integer(Setting.PIPELINES_RUN_SHARE_PERCENT) / 100);
    this.runPermits = new Semaphore(permits, true);
    for (InferencePipeline.State s : InferencePipeline.State.values()) {
      if (s != InferencePipeline.State.TERMINATED) {
        metrics.pipelines(
            s.name(), () -> pipelines.values().stream().filter(p -> p.state() == s).count());
      }
    }
    this.reaper =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "pipeline-reaper");
              t.setDaemon(true);
              return t;
            });
    reaper.scheduleWithFixedDelay(this::reapUnconsumed, 1, 1, TimeUnit.SECONDS);
  }

  /**
   * Checks the payload, opens its files (a file that is not a video is refused here), compiles the
   * workflow and starts the pipeline; answers its id.
   */
  public String initialise(
      Map<String, Object> video,
      Map<String, Object> processing,
      Map<String, Object> sink,
      Double consumptionTimeout,
      Map<String, Object> extra,
      String apiKey) {
    PipelineConfig config =
        PipelineConfig.parse(
            video, processing, sink, consumptionTimeout, extra, maxSources, maxBuffer);
    List<SourceReference> references = new ArrayList<>();
    for (Object r : config.videoReferences()) {
      references.add(reference(r));
    }
    Map<String, Object> spec =
        config.workflowSpecification() != null
            ? config.workflowSpecification()
            : workflows.savedSpecification(
                config.workspaceName(), config.workflowId(), config.workflowVersionId(), apiKey);
    Workflows.CompiledRunner compiled = workflows.compiledRunner(spec, apiKey);
    if (!compiled.inputs().contains(config.imageInputName())) {
      throw PipelineException.invalidPayload(
          "the workflow has no input named '"
              + config.imageInputName()
              + "' (processing_configuration.image_input_name) for the frames.");
    }
    Function<Map<String, Object>, Map<String, Object>> run = compiled.run();
    String id = UUID.randomUUID().toString();
    StatusUpdates updates = new StatusUpdates();
    VideoSource.Limits sourceLimits =
        new VideoSource.Limits(
            config.maxFps(),
            limits.timeoutMs(),
            limits.maxPixels(),
            limits.maxBufferBytes() / references.size());
    List<VideoSource> sources = new ArrayList<>();
    // a pipeline is counted from here, so that concurrent requests cannot pass the limit together
    synchronized (this) {
      if (pipelines.size() + starting >= maxActive) {
        throw PipelineException.tooMany(maxActive);
      }
      starting++;
    }
    try {
      for (int i = 0; i < references.size(); i++) {
        VideoSource s =
            new VideoSource(
                i,
                references.get(i),
                config.decodingBufferSize(),
                config.filling(),
                sourceLimits,
                updates,
                network);
        sources.add(s);
        s.openFileNow();
      }
    } catch (VideoSourceException e) {
      sources.forEach(s -> s.stop(0));
      started();
      throw PipelineException.invalidPayload(e.getMessage());
    } catch (RuntimeException e) {
      sources.forEach(s -> s.stop(0));
      started();
      throw e;
    }
    InferencePipeline pipeline =
        new InferencePipeline(id, config, sources, updates, run, runPermits, maxResultsBytes);
    synchronized (this) {
      pipelines.put(id, pipeline);
      starting--;
    }
    meters.put(
        id,
        metrics.pipelineFrames(
            id,
            pipeline,
            InferencePipeline::framesRead,
            InferencePipeline::framesProcessed,
            InferencePipeline::framesDropped));
    pipeline.start();
    LOG.info("Started inference pipeline {} on {} source(s)", id, sources.size());
    return id;
  }

  public List<String> list() {
    return pipelines.values().stream().map(InferencePipeline::id).toList();
  }

  public Map<String, Object> status(String id) {
    return get(id).report();
  }

  public void pause(String id) {
    get(id).mute();
  }

  public void resume(String id) {
    get(id).resume();
  }

  /** Stops the pipeline and forgets it: a second terminate finds nothing (404). */
  public void terminate(String id) {
    InferencePipeline p = get(id);
    if (pipelines.remove(id, p)) {
      stop(p);
    } else {
      throw PipelineException.notFound(id);
    }
  }

  /** The oldest results not consumed yet, or empty lists when there are none. */
  public Results consume(String id, List<String> excludedFields) {
    ResultsSink.Entry e = get(id).consume(excludedFields);
    return e == null
        ? new Results(List.of(), List.of())
        : new Results(e.outputs(), e.framesMetadata());
  }

  @PreDestroy
  void close() {
    reaper.shutdownNow();
    List<InferencePipeline> all = new ArrayList<>(pipelines.values());
    pipelines.clear();
    all.parallelStream().forEach(this::stop);
    if (!all.isEmpty()) {
      LOG.info("Stopped {} inference pipeline(s) on shutdown", all.size());
    }
  }

  /** Frames of all pipelines in the workflow engine right now (for the share's test). */
  int framesInFlight() {
    return permits - runPermits.availablePermits();
  }

  private synchronized void started() {
    starting--;
  }

  private InferencePipeline get(String id) {
    InferencePipeline p = id == null ? null : pipelines.get(id);
    if (p == null) {
      throw PipelineException.notFound(id);
    }
    return p;
  }

  private void stop(InferencePipeline p) {
    p.terminate();
    Runnable remove = meters.remove(p.id());
    if (remove != null) {
      remove.run();
    }
    LOG.info("Terminated inference pipeline {}", p.id());
  }

  private void reapUnconsumed() {
    long now = System.nanoTime();
    for (InferencePipeline p : pipelines.values()) {
      if (p.consumptionTimedOut(now) && pipelines.remove(p.id(), p)) {
        LOG.info("Pipeline {} not consumed within its consumption_timeout: terminating", p.id());
        try {
          stop(p);
        } catch (RuntimeException e) {
          LOG.warn("Terminating pipeline {} failed", p.id(), e);
        }
      }
    }
  }

  /** A path (under LOCAL_IMAGE_ROOTS), a stream URL (under the URL policy) or a camera index. */
  private SourceReference reference(Object r) {
    if (r instanceof Number) {
      files.requireLocalAccess(); // a camera is a local device: the same switch as local files
      long index = ((Number) r).longValue();
      if (index < 0 || index > 63) {
        throw PipelineException.invalidPayload("camera index " + index + " is out of range.");
      }
      return SourceReference.camera((int) index);
    }
    String s = ((String) r).trim();
    String scheme =
        s.contains("://") ? s.substring(0, s.indexOf("://")).toLowerCase(Locale.ROOT) : "";
    if (!scheme.isEmpty()) {
      urls.checkStream(s);
      try {
        return SourceReference.stream(new URI(s));
      } catch (URISyntaxException e) {
        throw new InputImageLoadException("Provided video URL is invalid.");
      }
    }
    return SourceReference.file("file:" + files.allowedFile(s), s);
  }
}
