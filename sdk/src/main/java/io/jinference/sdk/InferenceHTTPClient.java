package io.jinference.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jinference.sdk.internal.api.InferenceApi;
import io.jinference.sdk.internal.api.InfoApi;
import io.jinference.sdk.internal.api.LegacyApi;
import io.jinference.sdk.internal.api.ModelsApi;
import io.jinference.sdk.internal.invoker.ApiClient;
import io.jinference.sdk.internal.model.AddModelRequest;
import io.jinference.sdk.internal.model.ClearModelRequest;
import io.jinference.sdk.internal.model.InferenceRequestImage;
import io.jinference.sdk.internal.model.ModelsDescriptions;
import io.jinference.sdk.internal.model.ObjectDetectionInferenceRequest;
import io.jinference.sdk.internal.model.ObjectDetectionInferenceResponse;
import io.jinference.sdk.internal.model.ObjectDetectionPrediction;
import io.jinference.sdk.internal.model.ServerVersionInfo;
import io.jinference.sdk.internal.wire.Confidence;
import io.jinference.sdk.internal.wire.ImageInput;
import io.jinference.sdk.internal.wire.InferenceResponses;
import java.awt.image.BufferedImage;
import java.io.Closeable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.OkHttpClient;

/**
 * A client for Roboflow-Inference-compatible servers: jinference, Roboflow's own inference server, and
 * Roboflow's hosted API. Immutable and thread-safe; share one instance. {@link #close()} releases its
 * connections.
 *
 * <pre>{@code
 * try (InferenceHTTPClient client = new InferenceHTTPClient("http://localhost:9001", null)) {
 *   ObjectDetectionResult result = client.infer("https://example.com/dog.jpg", "coco-nanodet/1");
 *   for (Detection d : result.predictions()) {
 *     System.out.println(d.className() + " " + d.confidence());
 *   }
 * }
 * }</pre>
 *
 * <p>Like Roboflow's Python client it speaks two route families: {@link ApiMode#V1} ({@code /infer/{task}},
 * the default for self-hosted URLs) and {@link ApiMode#V0} ({@code /{project}/{version}}, chosen automatically
 * for Roboflow's hosted URLs); {@link #selectApiV0()} and {@link #selectApiV1()} override the choice.
 */
public final class InferenceHTTPClient implements Closeable {
  /** Roboflow's hosted endpoints, which only serve the legacy (v0) route. */
  private static final List<String> HOSTED_V0_PREFIXES = List.of(
      "https://detect.roboflow.com", "https://outline.roboflow.com", "https://classify.roboflow.com",
      "https://infer.roboflow.com", "https://serverless.roboflow.com", "https://serverless.roboflow.one",
      "https://serverless.roboflow.eu", "https://serverless.roboflow-eu.one", "https://asyncinfer.roboflow.com",
      "https://asyncinfer.roboflow.one");
  /** Most images sent in one request; longer lists are split (the server's default MAX_BATCH_SIZE). */
  private static final int BATCH_CHUNK = 32;

  private final String apiUrl;
  private final String apiKey;
  private final ApiMode mode;
  private final InferenceConfiguration configuration;
  private final Shared shared;

  /** Connections, services and caches shared by a client and the clients derived from it. */
  private static final class Shared {
    final OkHttpClient http;
    final boolean ownsHttp;
    final InfoApi info;
    final ModelsApi models;
    final InferenceApi inference;
    final LegacyApi legacy;
    final ObjectMapper mapper;
    final Calls calls;
    final ImageEncoder images;
    final Map<String, String> taskTypes = new ConcurrentHashMap<>();

    Shared(String apiUrl, OkHttpClient http, boolean ownsHttp) {
      this.http = http;
      this.ownsHttp = ownsHttp;
      ApiClient api = new ApiClient(http);
      api.getAdapterBuilder().baseUrl(apiUrl + "/");
      this.info = api.createService(InfoApi.class);
      this.models = api.createService(ModelsApi.class);
      this.inference = api.createService(InferenceApi.class);
      this.legacy = api.createService(LegacyApi.class);
      this.mapper = new io.jinference.sdk.internal.invoker.JSON().getMapper();
      this.calls = new Calls(mapper);
      this.images = new ImageEncoder(http);
    }
  }

  /**
   * A client with default timeouts (10 s connect, 60 s read and write, 120 s per call).
   *
   * @param apiUrl server root, e.g. {@code http://localhost:9001}
   * @param apiKey Roboflow API key, or null for servers and models that need none
   */
  public InferenceHTTPClient(String apiUrl, String apiKey) {
    this(builder().apiUrl(apiUrl).apiKey(apiKey));
  }

  private InferenceHTTPClient(Builder b) {
    this.apiUrl = stripSlash(Objects.requireNonNull(b.apiUrl, "apiUrl"));
    this.apiKey = b.apiKey;
    this.mode = b.mode != null ? b.mode : defaultMode(apiUrl);
    this.configuration = b.configuration;
    OkHttpClient http = b.httpClient != null ? b.httpClient : new OkHttpClient.Builder()
        .connectTimeout(b.connectTimeout).readTimeout(b.readTimeout).writeTimeout(b.readTimeout)
        .callTimeout(b.callTimeout).build();
    this.shared = new Shared(apiUrl, http, b.httpClient == null);
  }

  private InferenceHTTPClient(InferenceHTTPClient from, ApiMode mode, InferenceConfiguration configuration) {
    this.apiUrl = from.apiUrl;
    this.apiKey = from.apiKey;
    this.mode = mode;
    this.configuration = configuration;
    this.shared = from.shared;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A client like this one that calls the legacy route {@code /{project}/{version}}. Shares connections. */
  public InferenceHTTPClient selectApiV0() {
    return new InferenceHTTPClient(this, ApiMode.V0, configuration);
  }

  /** A client like this one that calls the task routes {@code /infer/{task}}. Shares connections. */
  public InferenceHTTPClient selectApiV1() {
    return new InferenceHTTPClient(this, ApiMode.V1, configuration);
  }

  /** A client like this one with other inference options. Shares connections. */
  public InferenceHTTPClient withConfiguration(InferenceConfiguration configuration) {
    return new InferenceHTTPClient(this, mode, Objects.requireNonNull(configuration, "configuration"));
  }

  public ApiMode apiMode() {
    return mode;
  }

  public InferenceConfiguration configuration() {
    return configuration;
  }

  public String apiUrl() {
    return apiUrl;
  }

  /** {@code GET /info}. */
  public ServerInfo getServerInfo() {
    ServerVersionInfo v = shared.calls.execute(shared.info.getServerInfo(), "GET /info");
    return new ServerInfo(v.getName(), v.getVersion(), v.getUuid());
  }

  /**
   * Detects objects in an image given as an {@code http(s)} URL, a path to a local file, or base64 text (read as
   * Roboflow's Python client reads strings).
   */
  public ObjectDetectionResult infer(String imageUrlPathOrBase64, String modelId) {
    return infer(InferenceImage.fromString(imageUrlPathOrBase64), modelId);
  }

  public ObjectDetectionResult infer(Path image, String modelId) {
    return infer(InferenceImage.file(image), modelId);
  }

  /** @param encodedImage JPEG, PNG or other encoded image bytes */
  public ObjectDetectionResult infer(byte[] encodedImage, String modelId) {
    return infer(InferenceImage.bytes(encodedImage), modelId);
  }

  public ObjectDetectionResult infer(BufferedImage image, String modelId) {
    return infer(InferenceImage.of(image), modelId);
  }

  public ObjectDetectionResult infer(InferenceImage image, String modelId) {
    return infer(List.of(image), modelId).get(0);
  }

  /**
   * Detects objects in several images; results come back in the same order. In v1 mode the images travel as
   * one request (a JSON list; longer lists are split into chunks of 32), in v0 mode one request each.
   */
  public List<ObjectDetectionResult> infer(List<InferenceImage> images, String modelId) {
    if (images.isEmpty()) {
      return Collections.emptyList();
    }
    Objects.requireNonNull(modelId, "modelId");
    return mode == ApiMode.V0 ? inferV0(images, modelId) : inferV1(images, modelId);
  }

  /** {@code POST /model/add}: loads a model on the server (a no-op when it is loaded). */
  public List<ModelDescription> loadModel(String modelId) {
    AddModelRequest request = new AddModelRequest().modelId(modelId).apiKey(apiKey);
    return describe(shared.calls.execute(shared.models.addModel(request), "POST /model/add"));
  }

  /** {@code POST /model/remove}. */
  public List<ModelDescription> unloadModel(String modelId) {
    shared.taskTypes.remove(modelId);
    return describe(shared.calls.execute(
        shared.models.removeModel(new ClearModelRequest().modelId(modelId)), "POST /model/remove"));
  }

  /** {@code POST /model/clear}. */
  public List<ModelDescription> unloadAllModels() {
    shared.taskTypes.clear();
    return describe(shared.calls.execute(shared.models.clearModels(), "POST /model/clear"));
  }

  /** {@code GET /model/registry}. */
  public List<ModelDescription> listLoadedModels() {
    return describe(shared.calls.execute(shared.models.listLoadedModels(apiKey), "GET /model/registry"));
  }

  /** Releases connections and threads, unless the OkHttpClient was supplied by the caller. */
  @Override
  public void close() {
    if (shared.ownsHttp) {
      shared.http.dispatcher().executorService().shutdown();
      shared.http.connectionPool().evictAll();
    }
  }

  private List<ObjectDetectionResult> inferV1(List<InferenceImage> images, String modelId) {
    requireObjectDetection(modelId);
    List<ObjectDetectionResult> results = new ArrayList<>(images.size());
    for (int from = 0; from < images.size(); from += BATCH_CHUNK) {
      List<InferenceImage> chunk = images.subList(from, Math.min(images.size(), from + BATCH_CHUNK));
      List<InferenceRequestImage> wire = new ArrayList<>(chunk.size());
      for (InferenceImage image : chunk) {
        ImageEncoder.Encoded e = shared.images.encode(image, configuration.urlImagesFetchedByServer());
        wire.add(new InferenceRequestImage().type(e.type).value(e.value));
      }
      ObjectDetectionInferenceRequest request = objectDetectionRequest(modelId,
          images.size() == 1 ? ImageInput.single(wire.get(0)) : ImageInput.batch(wire));
      InferenceResponses responses =
          shared.calls.execute(shared.inference.inferObjectDetection(request), "POST /infer/object_detection");
      for (JsonNode node : responses.elements()) {
        results.add(toResult(treeToResponse(node)));
      }
    }
    return results;
  }

  private List<ObjectDetectionResult> inferV0(List<InferenceImage> images, String modelId) {
    String[] parts = modelId.split("/");
    if (parts.length != 2) {
      throw new InvalidInputException("The v0 route needs a model id of the form project/version, got '" + modelId
          + "'.");
    }
    InferenceConfiguration c = configuration;
    String format = c.visualizePredictions() ? "image_and_json" : "json";
    String confidence = c.confidenceThreshold() == null ? null : c.confidenceThreshold().toString();
    List<ObjectDetectionResult> results = new ArrayList<>(images.size());
    for (InferenceImage image : images) {
      ImageEncoder.Encoded e = shared.images.encode(image, c.urlImagesFetchedByServer());
      boolean url = e.type.equals("url");
      ObjectDetectionInferenceResponse response = shared.calls.execute(shared.legacy.legacyInfer(
          parts[0], parts[1], url ? e.value : null, apiKey, c.confidenceThreshold(), c.iouThreshold(), null, format,
          null, c.visualizeLabels(), c.strokeWidth(), null, null, c.maxDetections(), null,
          c.disablePreprocAutoOrientation(), null, null, null, null, null, null, null, null, null,
          url ? "" : e.value), "POST /" + modelId);
      results.add(toResult(response));
    }
    return results;
  }

  /** Like Roboflow's client, v1 asks the registry for the model's task (loading it if absent), but only once. */
  private void requireObjectDetection(String modelId) {
    String task = shared.taskTypes.get(modelId);
    if (task == null) {
      task = findTask(listLoadedModels(), modelId);
      if (task == null) {
        task = findTask(loadModel(modelId), modelId);
      }
      if (task == null) {
        throw new InferenceException("Model " + modelId + " is not listed in /model/registry after /model/add.");
      }
      shared.taskTypes.put(modelId, task);
    }
    if (!"object-detection".equals(task)) {
      throw new InvalidInputException("Model " + modelId + " is a " + task
          + " model; this version of the SDK infers object-detection models.");
    }
  }

  private static String findTask(List<ModelDescription> models, String modelId) {
    for (ModelDescription m : models) {
      if (m.modelId().equals(modelId)) {
        return m.taskType();
      }
    }
    return null;
  }

  /** Only options that are set go on the wire, so the server's defaults apply to the rest. */
  private ObjectDetectionInferenceRequest objectDetectionRequest(String modelId, ImageInput image) {
    InferenceConfiguration c = configuration;
    ObjectDetectionInferenceRequest r = new ObjectDetectionInferenceRequest().modelId(modelId).image(image)
        .apiKey(apiKey);
    r.setUsageBillable(null);
    r.setDisableModelMonitoring(null);
    r.setDisablePreprocContrast(null);
    r.setDisablePreprocGrayscale(null);
    r.setDisablePreprocStaticCrop(null);
    r.setFixBatchSize(null);
    r.setDisableActiveLearning(null);
    r.setDisablePreprocAutoOrient(c.disablePreprocAutoOrientation());
    r.setClassAgnosticNms(c.classAgnosticNms());
    r.setClassFilter(c.classFilter());
    r.setConfidence(c.confidenceThreshold() == null ? null : Confidence.of(c.confidenceThreshold()));
    r.setIouThreshold(c.iouThreshold());
    r.setMaxDetections(c.maxDetections());
    r.setMaxCandidates(c.maxCandidates());
    r.setVisualizationLabels(c.visualizeLabels());
    r.setVisualizationStrokeWidth(c.strokeWidth());
    r.setVisualizePredictions(c.visualizePredictions() ? Boolean.TRUE : null);
    return r;
  }

  private ObjectDetectionInferenceResponse treeToResponse(JsonNode node) {
    try {
      return shared.mapper.treeToValue(node, ObjectDetectionInferenceResponse.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new InferenceException("The server's detection response does not match the contract: "
          + e.getOriginalMessage(), e);
    }
  }

  private static ObjectDetectionResult toResult(ObjectDetectionInferenceResponse r) {
    List<Detection> detections = new ArrayList<>(r.getPredictions().size());
    for (ObjectDetectionPrediction p : r.getPredictions()) {
      detections.add(new Detection(p.getX(), p.getY(), p.getWidth(), p.getHeight(), p.getConfidence(),
          p.getClassName(), p.getClassId(), p.getDetectionId()));
    }
    return new ObjectDetectionResult(r.getInferenceId(), r.getTime(), r.getImage().getWidth(),
        r.getImage().getHeight(), detections, r.getVisualization());
  }

  private static List<ModelDescription> describe(ModelsDescriptions d) {
    List<ModelDescription> list = new ArrayList<>();
    for (io.jinference.sdk.internal.model.ModelDescription m : d.getModels()) {
      list.add(new ModelDescription(m.getModelId(), m.getTaskType(), m.getBatchSize(), m.getInputWidth(),
          m.getInputHeight()));
    }
    return Collections.unmodifiableList(list);
  }

  private static ApiMode defaultMode(String apiUrl) {
    for (String prefix : HOSTED_V0_PREFIXES) {
      if (apiUrl.startsWith(prefix)) {
        return ApiMode.V0;
      }
    }
    return ApiMode.V1;
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  @Override
  public String toString() {
    return "InferenceHTTPClient[" + apiUrl + ", " + mode + ", apiKey=" + ApiKeys.mask(apiKey) + "]";
  }

  /**
   * Configures an {@link InferenceHTTPClient}.
   *
   * <pre>{@code
   * InferenceHTTPClient client = InferenceHTTPClient.builder()
   *     .apiUrl("http://localhost:9001")
   *     .apiKey(System.getenv("ROBOFLOW_API_KEY"))
   *     .readTimeout(Duration.ofSeconds(30))
   *     .configuration(InferenceConfiguration.builder().confidenceThreshold(0.5f).build())
   *     .build();
   * }</pre>
   */
  public static final class Builder {
    private String apiUrl;
    private String apiKey;
    private ApiMode mode;
    private InferenceConfiguration configuration = InferenceConfiguration.defaults();
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(60);
    private Duration callTimeout = Duration.ofSeconds(120);
    private OkHttpClient httpClient;

    private Builder() {}

    public Builder apiUrl(String apiUrl) {
      this.apiUrl = apiUrl;
      return this;
    }

    public Builder apiKey(String apiKey) {
      this.apiKey = apiKey;
      return this;
    }

    /** Overrides the mode chosen from the URL. */
    public Builder apiMode(ApiMode mode) {
      this.mode = mode;
      return this;
    }

    public Builder configuration(InferenceConfiguration configuration) {
      this.configuration = Objects.requireNonNull(configuration, "configuration");
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = Objects.requireNonNull(timeout);
      return this;
    }

    /** Read and write timeout of each socket operation. */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = Objects.requireNonNull(timeout);
      return this;
    }

    /** Total time for one HTTP call. */
    public Builder callTimeout(Duration timeout) {
      this.callTimeout = Objects.requireNonNull(timeout);
      return this;
    }

    /** Use this OkHttp client (its timeouts apply; {@link InferenceHTTPClient#close()} leaves it open). */
    public Builder httpClient(OkHttpClient httpClient) {
      this.httpClient = httpClient;
      return this;
    }

    public InferenceHTTPClient build() {
      return new InferenceHTTPClient(this);
    }
  }
}
