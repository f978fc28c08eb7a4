package io.jinference.sdk;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Immutable inference options, with the names and wire mapping of Roboflow's Python {@code
 * InferenceConfiguration}. Unset options are not sent, so the server's defaults apply (confidence
 * 0.4, IoU 0.3, 300 detections).
 *
 * <pre>{@code
 * InferenceConfiguration config = InferenceConfiguration.builder()
 *     .confidenceThreshold(0.3f)
 *     .iouThreshold(0.5f)
 *     .classFilter(List.of("dog", "bicycle"))
 *     .build();
 * InferenceHTTPClient client = new InferenceHTTPClient("http://localhost:9001", null).withConfiguration(config);
 * }</pre>
 */
public final class InferenceConfiguration {
  private static final InferenceConfiguration DEFAULT = builder().build();

  private final Float confidenceThreshold;
  private final Float iouThreshold;
  private final Integer maxDetections;
  private final Integer maxCandidates;
  private final List<String> classFilter;
  private final Boolean classAgnosticNms;
  private final boolean visualizePredictions;
  private final Boolean visualizeLabels;
  private final Integer strokeWidth;
  private final Boolean disablePreprocAutoOrientation;
  private final boolean urlImagesFetchedByServer;
  private final Float keypointConfidenceThreshold;
  private final String maskDecodeMode;
  private final Float tradeoffFactor;
  private final String responseMaskFormat;
  private final int maxBatchSize;
  private final int maxConcurrentRequests;
  private final boolean clientDownsizingDisabled;
  private final int defaultMaxInputSize;

  private InferenceConfiguration(Builder b) {
    this.confidenceThreshold = b.confidenceThreshold;
    this.iouThreshold = b.iouThreshold;
    this.maxDetections = b.maxDetections;
    this.maxCandidates = b.maxCandidates;
    this.classFilter =
        b.classFilter == null ? null : Collections.unmodifiableList(new ArrayList<>(b.classFilter));
    this.classAgnosticNms = b.classAgnosticNms;
    this.visualizePredictions = b.visualizePredictions;
    this.visualizeLabels = b.visualizeLabels;
    this.strokeWidth = b.strokeWidth;
    this.disablePreprocAutoOrientation = b.disablePreprocAutoOrientation;
    this.urlImagesFetchedByServer = b.urlImagesFetchedByServer;
    this.keypointConfidenceThreshold = b.keypointConfidenceThreshold;
    this.maskDecodeMode = b.maskDecodeMode;
    this.tradeoffFactor = b.tradeoffFactor;
    this.responseMaskFormat = b.responseMaskFormat;
    this.maxBatchSize = b.maxBatchSize;
    this.maxConcurrentRequests = b.maxConcurrentRequests;
    this.clientDownsizingDisabled = b.clientDownsizingDisabled;
    this.defaultMaxInputSize = b.defaultMaxInputSize;
  }

  /**
   * All options unset: the server decides.
   *
   * @return the defaults
   */
  public static InferenceConfiguration defaults() {
    return DEFAULT;
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
   * A builder holding this value's settings.
   *
   * @return a builder holding this one's settings
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.confidenceThreshold = confidenceThreshold;
    b.iouThreshold = iouThreshold;
    b.maxDetections = maxDetections;
    b.maxCandidates = maxCandidates;
    b.classFilter = classFilter;
    b.classAgnosticNms = classAgnosticNms;
    b.visualizePredictions = visualizePredictions;
    b.visualizeLabels = visualizeLabels;
    b.strokeWidth = strokeWidth;
    b.disablePreprocAutoOrientation = disablePreprocAutoOrientation;
    b.urlImagesFetchedByServer = urlImagesFetchedByServer;
    b.keypointConfidenceThreshold = keypointConfidenceThreshold;
    b.maskDecodeMode = maskDecodeMode;
    b.tradeoffFactor = tradeoffFactor;
    b.responseMaskFormat = responseMaskFormat;
    b.maxBatchSize = maxBatchSize;
    b.maxConcurrentRequests = maxConcurrentRequests;
    b.clientDownsizingDisabled = clientDownsizingDisabled;
    b.defaultMaxInputSize = defaultMaxInputSize;
    return b;
  }

  /**
   * When false, images larger than the model's input (from /model/registry; {@link
   * #defaultMaxInputSize()} in v0) are shrunk before sending and predictions are scaled back. True
   * by default, as Python.
   *
   * @return whether the client never shrinks images before sending them
   */
  public boolean clientDownsizingDisabled() {
    return clientDownsizingDisabled;
  }

  /**
   * The largest side sent when downsizing without a known model input size (v0); 1024 by default.
   *
   * @return the default max input size
   */
  public int defaultMaxInputSize() {
    return defaultMaxInputSize;
  }

  /**
   * Sent as {@code keypoint_confidence} (keypoint models).
   *
   * @return the keypoint confidence threshold
   */
  public Float keypointConfidenceThreshold() {
    return keypointConfidenceThreshold;
  }

  /**
   * {@code accurate}, {@code fast} or {@code tradeoff} (segmentation models).
   *
   * @return the mask decode mode
   */
  public String maskDecodeMode() {
    return maskDecodeMode;
  }

  /**
   * Sent as {@code tradeoff_factor}: with mask decode mode {@code tradeoff}, between fast (0) and
   * accurate (1).
   *
   * @return the tradeoff factor
   */
  public Float tradeoffFactor() {
    return tradeoffFactor;
  }

  /**
   * {@code polygon} or {@code rle} (segmentation models).
   *
   * @return the response mask format
   */
  public String responseMaskFormat() {
    return responseMaskFormat;
  }

  /**
   * Most images sent in one request (v1); 32 by default, the server's default limit. Python's
   * default is 1.
   *
   * @return the max batch size
   */
  public int maxBatchSize() {
    return maxBatchSize;
  }

  /**
   * Requests of one list inference in flight at once; 1 by default, as Python.
   *
   * @return the max concurrent requests
   */
  public int maxConcurrentRequests() {
    return maxConcurrentRequests;
  }

  /**
   * Sent as {@code confidence}; null when unset.
   *
   * @return the confidence threshold
   */
  public Float confidenceThreshold() {
    return confidenceThreshold;
  }

  /**
   * Sent as {@code iou_threshold} (v1) or {@code overlap} (v0).
   *
   * @return the IoU threshold
   */
  public Float iouThreshold() {
    return iouThreshold;
  }

  /**
   * Sent as {@code max_detections}: the most predictions per image.
   *
   * @return the max detections
   */
  public Integer maxDetections() {
    return maxDetections;
  }

  /**
   * Sent as {@code max_candidates}: the most boxes considered by NMS.
   *
   * @return the max candidates
   */
  public Integer maxCandidates() {
    return maxCandidates;
  }

  /**
   * Class names to keep; not sent on the v0 route (as Roboflow's client).
   *
   * @return one result per image, in order
   */
  public List<String> classFilter() {
    return classFilter;
  }

  /**
   * Sent as {@code class_agnostic_nms}.
   *
   * @return whether NMS ignores classes (null: the server decides)
   */
  public Boolean classAgnosticNms() {
    return classAgnosticNms;
  }

  /**
   * Sent as {@code visualize_predictions}; false by default.
   *
   * @return whether the server draws the predictions on the image
   */
  public boolean visualizePredictions() {
    return visualizePredictions;
  }

  /**
   * Sent as {@code visualization_labels}.
   *
   * @return whether the drawing has labels (null: the server decides)
   */
  public Boolean visualizeLabels() {
    return visualizeLabels;
  }

  /**
   * Sent as {@code visualization_stroke_width}: the drawing's line width in pixels.
   *
   * @return the stroke width
   */
  public Integer strokeWidth() {
    return strokeWidth;
  }

  /**
   * Sent as {@code disable_preproc_auto_orient}.
   *
   * @return whether the server ignores EXIF orientation (null: the server decides)
   */
  public Boolean disablePreprocAutoOrientation() {
    return disablePreprocAutoOrientation;
  }

  /**
   * Whether an {@code http(s)://} image is sent to the server as a URL for the server to fetch
   * (subject to its URL policy). False by default: like Roboflow's Python client, the SDK downloads
   * the image itself and sends the bytes.
   *
   * @return whether URL images are fetched by the server rather than the client
   */
  public boolean urlImagesFetchedByServer() {
    return urlImagesFetchedByServer;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof InferenceConfiguration)) {
      return false;
    }
    InferenceConfiguration c = (InferenceConfiguration) o;
    return Objects.equals(confidenceThreshold, c.confidenceThreshold)
        && Objects.equals(iouThreshold, c.iouThreshold)
        && Objects.equals(maxDetections, c.maxDetections)
        && Objects.equals(maxCandidates, c.maxCandidates)
        && Objects.equals(classFilter, c.classFilter)
        && Objects.equals(classAgnosticNms, c.classAgnosticNms)
        && visualizePredictions == c.visualizePredictions
        && Objects.equals(visualizeLabels, c.visualizeLabels)
        && Objects.equals(strokeWidth, c.strokeWidth)
        && Objects.equals(disablePreprocAutoOrientation, c.disablePreprocAutoOrientation)
        && urlImagesFetchedByServer == c.urlImagesFetchedByServer
        && Objects.equals(keypointConfidenceThreshold, c.keypointConfidenceThreshold)
        && Objects.equals(maskDecodeMode, c.maskDecodeMode)
        && Objects.equals(tradeoffFactor, c.tradeoffFactor)
        && Objects.equals(responseMaskFormat, c.responseMaskFormat)
        && maxBatchSize == c.maxBatchSize
        && maxConcurrentRequests == c.maxConcurrentRequests
        && clientDownsizingDisabled == c.clientDownsizingDisabled
        && defaultMaxInputSize == c.defaultMaxInputSize;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        confidenceThreshold,
        iouThreshold,
        maxDetections,
        maxCandidates,
        classFilter,
        classAgnosticNms,
        visualizePredictions,
        visualizeLabels,
        strokeWidth,
        disablePreprocAutoOrientation,
        urlImagesFetchedByServer,
        keypointConfidenceThreshold,
        maskDecodeMode,
        tradeoffFactor,
        responseMaskFormat,
        maxBatchSize,
        maxConcurrentRequests,
        clientDownsizingDisabled,
        defaultMaxInputSize);
  }

  /** Builds an {@link InferenceConfiguration}; every option is optional. */
  public static final class Builder {
    private Float confidenceThreshold;
    private Float iouThreshold;
    private Integer maxDetections;
    private Integer maxCandidates;
    private List<String> classFilter;
    private Boolean classAgnosticNms;
    private boolean visualizePredictions;
    private Boolean visualizeLabels;
    private Integer strokeWidth;
    private Boolean disablePreprocAutoOrientation;
    private boolean urlImagesFetchedByServer;
    private Float keypointConfidenceThreshold;
    private String maskDecodeMode;
    private Float tradeoffFactor;
    private String responseMaskFormat;
    private int maxBatchSize = 32;
    private int maxConcurrentRequests = 1;
    private boolean clientDownsizingDisabled = true;
    private int defaultMaxInputSize = 1024;

    private Builder() {}

    /**
     * Sets {@link InferenceConfiguration#clientDownsizingDisabled()}.
     *
     * @param v the value
     * @return this builder
     */
    public Builder clientDownsizingDisabled(boolean v) {
      this.clientDownsizingDisabled = v;
      return this;
    }

    /**
     * Sets {@link InferenceConfiguration#defaultMaxInputSize()}.
     *
     * @param v the value
     * @return this builder
     */
    public Builder defaultMaxInputSize(int v) {
      if (v < 1) {
        throw new IllegalArgumentException("defaultMaxInputSize must be >= 1");
      }
      this.defaultMaxInputSize = v;
      return this;
    }

    /**
     * Sets {@link InferenceConfiguration#keypointConfidenceThreshold()}.
     *
     * @param v the value
     * @return this builder
     */
    public Builder keypointConfidenceThreshold(Float v) {
      this.keypointConfidenceThreshold = v;
      return this;
    }

    /**
     * Sets {@link InferenceConfiguration#maskDecodeMode()}.
     *
     * @param v the value
     * @return this builder
     */
    public Builder maskDecodeMode(String v) {
      this.maskDecodeMode = v;
      return this;
    }

    /**
     * Sets {@link InferenceConfiguration#tradeoffFactor()}.
     *
     * @param v the value
     * @return this builder
     */
    public Builder tradeoffFactor(Float v) {
      this.tradeoffFactor = v;
      return this;
    }

    /**
     * Sets {@link InferenceConfiguration#responseMaskFormat()}.
     *
     * @param v the value
     * @return this builder
     */
    public Builder responseMaskFormat(String v) {
      this.responseMaskFormat = v;
      return this;
    }

    /**
     * Sets {@link InferenceConfiguration#maxBatchSize()}.
     *
     * @param v the value
     * @return this builder
     */
    public Builder maxBatchSize(int v) {
      if (v < 1) {
        throw new IllegalArgumentException("maxBatchSize must be >= 1");
      }
      this.maxBatchSize = v;
      return this;
    }

    /**
     * Sets {@link InferenceConfiguration#maxConcurrentRequests()}.
     *
     * @param v the value
     * @return this builder
     */
    public Builder maxConcurrentRequests(int v) {
      if (v < 1) {
        throw new IllegalArgumentException("maxConcurrentRequests must be >= 1");
      }
      this.maxConcurrentRequests = v;
      return this;
    }

    /**
     * Sets {@link InferenceConfiguration#confidenceThreshold()}.
     *
     * @param v the value
     * @return this builder
     */
    public Builder confidenceThreshold(Float v) {
      this.confidenceThreshold = v;
      return this;
    }

    /**
     * Sets {@link InferenceConfiguration#iouThreshold()}.
     *
     * @param v the value
     * @return this builder
     */
    public Builder iouThreshold(Float v) {
      this.iouThreshold = v;
      return this;
    }

    /**
     * Sets {@link InferenceConfiguration#maxDetections()}.
     *
     * @param v the value
     * @return this builder
     */
    public Builder maxDetections(Integer v) {
      this.maxDetections = v;
      return this;
    }

    /**
     * Sets {@link InferenceConfiguration#maxCandidates()}.
     *
     * @param v the value
     * @return this builder
     */
    public Builder maxCandidates(Integer v) {
      this.maxCandidates = v;
      return this;
    }

    /**
     * Sets {@link InferenceConfiguration#classFilter()}.
     *
     * @param v the value
     * @return this builder
     */
    public Builder classFilter(List<String> v) {
      this.classFilter = v;
      return this;
    }

    /**
     * Sets {@link InferenceConfiguration#classAgnosticNms()}.
     *
     * @param v the value
     * @return this builder
     */
    public Builder classAgnosticNms(Boolean v) {
      this.classAgnosticNms = v;
      return this;
    }

    /**
     * Sets {@link InferenceConfiguration#visualizePredictions()}.
     *
     * @param v the value
     * @return this builder
     */
    public Builder visualizePredictions(boolean v) {
      this.visualizePredictions = v;
      return this;
    }

    /**
     * Sets {@link InferenceConfiguration#visualizeLabels()}.
     *
     * @param v the value
     * @return this builder
     */
    public Builder visualizeLabels(Boolean v) {
      this.visualizeLabels = v;
      return this;
    }

    /**
     * Sets {@link InferenceConfiguration#strokeWidth()}.
     *
     * @param v the value
     * @return this builder
     */
    public Builder strokeWidth(Integer v) {
      this.strokeWidth = v;
      return this;
    }

    /**
     * Sets {@link InferenceConfiguration#disablePreprocAutoOrientation()}.
     *
     * @param v the value
     * @return this builder
     */
    public Builder disablePreprocAutoOrientation(Boolean v) {
      this.disablePreprocAutoOrientation = v;
      return this;
    }

    /**
     * Sets {@link InferenceConfiguration#urlImagesFetchedByServer()}.
     *
     * @param v the value
     * @return this builder
     */
    public Builder urlImagesFetchedByServer(boolean v) {
      this.urlImagesFetchedByServer = v;
      return this;
    }

    /**
     * Builds the immutable value.
     *
     * @return the built value
     */
    public InferenceConfiguration build() {
      return new InferenceConfiguration(this);
    }
  }
}
