package io.jinference.sdk;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What an inference pipeline reads and runs: video sources (a file path on the server, a stream
 * URL, a camera index), a workflow (saved, or a specification) run on every frame, and how frames
 * and results are buffered. Immutable; built with {@link #builder()}. The defaults are Roboflow's.
 *
 * <pre>{@code
 * PipelineRequest request = PipelineRequest.builder()
 *     .videoReference("rtsp://camera.local/stream")
 *     .workflow("my-workspace", "count-people")
 *     .maxFps(5)
 *     .build();
 * Pipeline pipeline = client.pipelines().start(request);
 * }</pre>
 */
public final class PipelineRequest {
  private final List<Object> videoReferences;
  private final @Nullable String workspace;
  private final @Nullable String workflowId;
  private final @Nullable Map<String, Object> specification;
  private final String imageInputName;
  private final Map<String, Object> parameters;
  private final @Nullable Double maxFps;
  private final @Nullable String bufferFilling;
  private final @Nullable String bufferConsumption;
  private final int resultsBufferSize;
  private final @Nullable Duration consumptionTimeout;

  private PipelineRequest(Builder b) {
    if (b.videoReferences.isEmpty()) {
      throw new IllegalStateException("a pipeline needs a video reference");
    }
    if ((b.workflowId == null) == (b.specification == null)) {
      throw new IllegalStateException("give either workflow(workspace, id) or specification(...)");
    }
    this.videoReferences = List.copyOf(b.videoReferences);
    this.workspace = b.workspace;
    this.workflowId = b.workflowId;
    this.specification =
        b.specification == null ? null : Collections.unmodifiableMap(b.specification);
    this.imageInputName = b.imageInputName;
    this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(b.parameters));
    this.maxFps = b.maxFps;
    this.bufferFilling = b.bufferFilling;
    this.bufferConsumption = b.bufferConsumption;
    this.resultsBufferSize = b.resultsBufferSize;
    this.consumptionTimeout = b.consumptionTimeout;
  }

  /**
   * A builder with nothing set.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The video sources: file paths, stream URLs or camera indexes.
   *
   * @return one result per image, in order
   */
  public List<Object> videoReferences() {
    return videoReferences;
  }

  /** Roboflow's {@code video_configuration}. */
  Map<String, Object> videoConfiguration() {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("type", "VideoConfiguration");
    v.put(
        "video_reference", videoReferences.size() == 1 ? videoReferences.get(0) : videoReferences);
    if (maxFps != null) {
      v.put("max_fps", maxFps);
    }
    if (bufferFilling != null) {
      v.put("source_buffer_filling_strategy", bufferFilling);
    }
    if (bufferConsumption != null) {
      v.put("source_buffer_consumption_strategy", bufferConsumption);
    }
    return v;
  }

  /** Roboflow's {@code processing_configuration}. */
  Map<String, Object> processingConfiguration() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("type", "WorkflowConfiguration");
    if (specification != null) {
      p.put("workflow_specification", specification);
    } else {
      p.put("workspace_name", workspace);
      p.put("workflow_id", workflowId);
    }
    p.put("image_input_name", imageInputName);
    if (!parameters.isEmpty()) {
      p.put("workflows_parameters", parameters);
    }
    return p;
  }

  /** Roboflow's {@code sink_configuration}. */
  Map<String, Object> sinkConfiguration() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("type", "MemorySinkConfiguration");
    s.put("results_buffer_size", resultsBufferSize);
    return s;
  }

  @Nullable Double consumptionTimeoutSeconds() {
    return consumptionTimeout == null ? null : consumptionTimeout.toMillis() / 1000.0;
  }

  @Override
  public String toString() {
    return "PipelineRequest{videoReferences="
        + videoReferences.size()
        + ", workflow="
        + (workflowId != null ? workspace + "/" + workflowId : "specification")
        + "}";
  }

  /** Builds a {@link PipelineRequest}. */
  public static final class Builder {
    private final List<Object> videoReferences = new ArrayList<>();
    private @Nullable String workspace;
    private @Nullable String workflowId;
    private @Nullable Map<String, Object> specification;
    private String imageInputName = "image";
    private final Map<String, Object> parameters = new LinkedHashMap<>();
    private @Nullable Double maxFps;
    private @Nullable String bufferFilling;
    private @Nullable String bufferConsumption;
    private int resultsBufferSize = 64;
    private @Nullable Duration consumptionTimeout;

    private Builder() {}

    /**
     * A source: a video file path on the server, or a stream URL (rtsp, rtmp, http(s)).
     *
     * @param reference a video file path on the server, or a stream URL
     * @return this builder
     */
    public Builder videoReference(String reference) {
      videoReferences.add(Objects.requireNonNull(reference, "reference"));
      return this;
    }

    /**
     * A camera of the server, by index.
     *
     * @param index the camera's index on the server ({@code /dev/video<index>})
     * @return this builder
     */
    public Builder camera(int index) {
      videoReferences.add(index);
      return this;
    }

    /**
     * A workflow saved in a workspace (or in the server's {@code WORKFLOWS_DIR}).
     *
     * @param workspace the Roboflow workspace's name
     * @param workflowId the workflow's id
     * @return this builder
     */
    public Builder workflow(String workspace, String workflowId) {
      this.workspace = Objects.requireNonNull(workspace, "workspace");
      this.workflowId = Objects.requireNonNull(workflowId, "workflowId");
      return this;
    }

    /**
     * A workflow given as its definition.
     *
     * @param specification the workflow specification, as maps, lists and values
     * @return this builder
     */
    public Builder specification(Map<String, Object> specification) {
      this.specification = new LinkedHashMap<>(specification);
      return this;
    }

    /**
     * The workflow input that receives the frames ({@code image} by default).
     *
     * @param name the workflow input that receives each frame
     * @return this builder
     */
    public Builder imageInputName(String name) {
      this.imageInputName = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * A value for one of the workflow's parameters.
     *
     * @param name the workflow input that receives each frame
     * @param value the input's value
     * @return this builder
     */
    public Builder parameter(String name, Object value) {
      parameters.put(name, value);
      return this;
    }

    /**
     * The most frames per second processed per source.
     *
     * @param fps the most frames per second processed from each source
     * @return this builder
     */
    public Builder maxFps(double fps) {
      this.maxFps = fps;
      return this;
    }

    /**
     * What a source does when its buffer is full: {@code WAIT} (every frame is processed), {@code
     * DROP_OLDEST} (Roboflow's default), {@code DROP_LATEST}, or their {@code ADAPTIVE_} variants.
     *
     * @param strategy the strategy's name, as Roboflow spells it
     * @return this builder
     */
    public Builder bufferFillingStrategy(String strategy) {
      this.bufferFilling = strategy;
      return this;
    }

    /**
     * {@code LAZY} (every buffered frame in turn) or {@code EAGER} (the newest; Roboflow's
     * default).
     *
     * @param strategy the strategy's name, as Roboflow spells it
     * @return this builder
     */
    public Builder bufferConsumptionStrategy(String strategy) {
      this.bufferConsumption = strategy;
      return this;
    }

    /**
     * Results kept for {@link Pipeline#consume()}; the oldest go when full (64 by default).
     *
     * @param size the most results kept for consumption
     * @return this builder
     */
    public Builder resultsBufferSize(int size) {
      this.resultsBufferSize = size;
      return this;
    }

    /**
     * The server terminates the pipeline when nobody consumed its results for this long.
     *
     * @param timeout the timeout
     * @return this builder
     */
    public Builder consumptionTimeout(Duration timeout) {
      this.consumptionTimeout = timeout;
      return this;
    }

    /**
     * Builds the immutable value.
     *
     * @return the built value
     */
    public PipelineRequest build() {
      return new PipelineRequest(this);
    }
  }
}
