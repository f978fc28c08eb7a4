package io.jinference.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jinference.sdk.internal.api.InferenceApi;
import io.jinference.sdk.internal.api.InfoApi;
import io.jinference.sdk.internal.api.LegacyApi;
import io.jinference.sdk.internal.api.ModelsApi;
import io.jinference.sdk.internal.api.PipelinesApi;
import io.jinference.sdk.internal.api.WorkflowsApi;
import io.jinference.sdk.internal.invoker.ApiClient;
import io.jinference.sdk.internal.model.AddModelRequest;
import io.jinference.sdk.internal.model.ClassificationInferenceRequest;
import io.jinference.sdk.internal.model.ClearModelRequest;
import io.jinference.sdk.internal.model.InstanceSegmentationInferenceRequest;
import io.jinference.sdk.internal.model.KeypointsDetectionInferenceRequest;
import io.jinference.sdk.internal.model.InferenceRequestImage;
import io.jinference.sdk.internal.model.InitialisePipelinePayload;
import io.jinference.sdk.internal.model.PipelineCommandRequest;
import io.jinference.sdk.internal.model.PredefinedWorkflowInferenceRequest;
import io.jinference.sdk.internal.model.WorkflowInferenceResponse;
import io.jinference.sdk.internal.model.WorkflowSpecificationInferenceRequest;
import io.jinference.sdk.internal.model.ModelsDescriptions;
import io.jinference.sdk.internal.model.ObjectDetectionInferenceRequest;
import io.jinference.sdk.internal.model.ObjectDetectionInferenceResponse;
import io.jinference.sdk.internal.model.ObjectDetectionPrediction;
import io.jinference.sdk.internal.model.ServerVersionInfo;
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
import java.util.concurrent.CompletableFuture;
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
    final WorkflowsApi workflows;
    final PipelinesApi pipelines;

    final ObjectMapper mapper;
    final Calls calls;
    final ImageEncoder images;
    final Map<String, ModelDescription> descriptions = new ConcurrentHashMap<>();

    Shared(String apiUrl, OkHttpClient http, boolean ownsHttp) {
      this.http = http;
      this.ownsHttp = ownsHttp;
      ApiClient api = new ApiClient(http);
      api.getAdapterBuilder().baseUrl(apiUrl + "/");
      this.info = api.createService(InfoApi.class);
      this.models = api.createService(ModelsApi.class);
      this.inference = api.createService(InferenceApi.class);
      this.legacy = api.createService(LegacyApi.class);
      this.workflows = api.createService(WorkflowsApi.class);
      this.pipelines = api.createService(PipelinesApi.class);

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
    OkHttpClient.Builder ok = b.httpClient != null ? b.httpClient.newBuilder() : new OkHttpClient.Builder()
        .connectTimeout(b.connectTimeout).readTimeout(b.readTimeout).writeTimeout(b.readTimeout)
        .callTimeout(b.callTimeout);
    ok.addInterceptor(new RetryInterceptor(b.retryPolicy, b.sleeper));
    if (b.logging) {
      ok.addInterceptor(new RedactingLogInterceptor());
    }
    OkHttpClient http = ok.build();
    // Lists run up to maxConcurrentRequests calls at once to one host; OkHttp's default allows 5.
    http.dispatcher().setMaxRequestsPerHost(Math.max(5, b.configuration.maxConcurrentRequests()));
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

  /**
   * A client configured from the environment: {@code INFERENCE_API_URL} (default {@code http://localhost:9001})
   * and {@code ROBOFLOW_API_KEY}.
   */
  public static InferenceHTTPClient fromEnv() {
    return fromEnv(System.getenv());
  }

  static InferenceHTTPClient fromEnv(Map<String, String> env) {
    String url = env.getOrDefault("INFERENCE_API_URL", "http://localhost:9001");
    return builder().apiUrl(url.isBlank() ? "http://localhost:9001" : url).apiKey(env.get("ROBOFLOW_API_KEY")).build();
  }

  /** A builder holding this client's settings (connections are not shared with the clients it builds). */
  public Builder toBuilder() {
    Builder b = builder().apiUrl(apiUrl).apiKey(apiKey).apiMode(mode).configuration(configuration);
    b.httpClient = shared.http;
    return b;
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

  /** {@link #infer(InferenceImage, String)} on the client's thread pool. */
  public CompletableFuture<ObjectDetectionResult> inferAsync(InferenceImage image, String modelId) {
    return CompletableFuture.supplyAsync(() -> infer(image, modelId), shared.http.dispatcher().executorService());
  }

  /** {@link #infer(List, String)} on the client's thread pool. */
  public CompletableFuture<List<ObjectDetectionResult>> inferAsync(List<InferenceImage> images, String modelId) {
    return CompletableFuture.supplyAsync(() -> infer(images, modelId), shared.http.dispatcher().executorService());
  }

  /** Instance segmentation of one image ({@code /infer/instance_segmentation}). */
  public TaskResult<SegmentationPrediction> segment(InferenceImage image, String modelId) {
    JsonNode r = v1(List.of(image), modelId, Task.SEGMENTATION).get(0);
    List<SegmentationPrediction> list = new ArrayList<>();
    for (JsonNode p : r.path("predictions")) {
      List<double[]> polygon = new ArrayList<>();
      p.path("points").forEach(v -> polygon.add(new double[] {v.path("x").asDouble(), v.path("y").asDouble()}));
      list.add(new SegmentationPrediction(detection(p), polygon,
          p.has("rle") ? p.path("rle").path("counts").asText() : null));
    }
    return taskResult(r, list);
  }

  /** Keypoint detection of one image ({@code /infer/keypoints_detection}). */
  public TaskResult<KeypointsPrediction> detectKeypoints(InferenceImage image, String modelId) {
    JsonNode r = v1(List.of(image), modelId, Task.KEYPOINTS).get(0);
    List<KeypointsPrediction> list = new ArrayList<>();
    for (JsonNode p : r.path("predictions")) {
      List<Keypoint> points = new ArrayList<>();
      p.path("keypoints").forEach(k -> points.add(new Keypoint(k.path("x").asDouble(), k.path("y").asDouble(),
          k.path("confidence").asDouble(), k.path("class_id").asInt(), k.path("class").asText())));
      list.add(new KeypointsPrediction(detection(p), points));
    }
    return taskResult(r, list);
  }

  /** Classification of one image, single- or multi-label ({@code /infer/classification}). */
  public ClassificationResult classify(InferenceImage image, String modelId) {
    JsonNode r = v1(List.of(image), modelId, Task.CLASSIFICATION).get(0);
    List<ClassPrediction> list = new ArrayList<>();
    boolean multi = r.path("predictions").isObject();
    if (multi) {
      r.path("predictions").fields().forEachRemaining(e -> list.add(new ClassPrediction(e.getKey(),
          e.getValue().path("class_id").asInt(), e.getValue().path("confidence").asDouble())));
    } else {
      r.path("predictions").forEach(p -> list.add(new ClassPrediction(p.path("class").asText(),
          p.path("class_id").asInt(), p.path("confidence").asDouble())));
    }
    List<String> predicted = new ArrayList<>();
    r.path("predicted_classes").forEach(c -> predicted.add(c.asText()));
    return new ClassificationResult(multi, list, r.path("top").asText(""), r.path("confidence").asDouble(0),
        predicted, r.path("image").path("width").asInt(), r.path("image").path("height").asInt());
  }

  /**
   * The registry's description of a model; with {@code allowLoading} the model is loaded when absent (as the
   * Python client's {@code get_model_description}).
   */
  public ModelDescription getModelDescription(String modelId, boolean allowLoading) {
    ModelDescription found = find(listLoadedModels(), modelId);
    if (found == null && allowLoading) {
      found = find(loadModel(modelId), modelId);
    }
    if (found == null) {
      throw new NotFoundException(404, "Model " + modelId + " is not loaded on the server.", null,
          "GET /model/registry");
    }
    shared.descriptions.put(modelId, found);
    return found;
  }

  /**
   * Runs a workflow: {@code POST /{workspace}/workflows/{id}} for a saved one, {@code POST /workflows/run} for a
   * specification. Images are sent as base64 (URLs too, unless the configuration lets the server fetch them).
   */
  public WorkflowResult runWorkflow(WorkflowRequest request) {
    Map<String, Object> inputs = new java.util.LinkedHashMap<>(request.parameters());
    for (Map.Entry<String, InferenceImage> e : request.images().entrySet()) {
      ImageEncoder.Encoded encoded = shared.images.encode(e.getValue(), configuration.urlImagesFetchedByServer());
      Map<String, Object> image = new java.util.LinkedHashMap<>();
      image.put("type", encoded.type);
      image.put("value", encoded.value);
      inputs.put(e.getKey(), image);
    }
    List<String> excluded = request.excludedFields().isEmpty() ? null : request.excludedFields();
    WorkflowInferenceResponse response;
    if (request.specification() != null) {
      WorkflowSpecificationInferenceRequest body = new WorkflowSpecificationInferenceRequest()
          .apiKey(apiKey).inputs(inputs).excludedFields(excluded).specification(request.specification());
      response = shared.calls.execute(shared.workflows.runWorkflow(body), "POST /workflows/run");
    } else {
      PredefinedWorkflowInferenceRequest body = new PredefinedWorkflowInferenceRequest().apiKey(apiKey)
          .inputs(inputs).excludedFields(excluded).useCache(request.useCache())
          .workflowVersionId(request.workflowVersionId());
      response = shared.calls.execute(shared.workflows.runPredefinedWorkflow(request.workspace(),
          request.workflowId(), body), "POST /" + request.workspace() + "/workflows/" + request.workflowId());
    }
    return new WorkflowResult(response.getOutputs());
  }

  /**
   * {@code POST /inference_pipelines/initialise}: runs a saved workflow on a video stream. Answers Roboflow's
   * command response ({@code status}, {@code context.pipeline_id}).
   */
  public Map<String, Object> startInferencePipelineWithWorkflow(String videoReference, String workspace,
      String workflowId, Map<String, Object> workflowParameters) {
    Map<String, Object> video = new java.util.LinkedHashMap<>();
    video.put("type", "VideoConfiguration");
    video.put("video_reference", videoReference);
    Map<String, Object> processing = new java.util.LinkedHashMap<>();
    processing.put("type", "WorkflowConfiguration");
    processing.put("workspace_name", workspace);
    processing.put("workflow_id", workflowId);
    processing.put("image_input_name", "image");
    if (workflowParameters != null) {
      processing.put("workflows_parameters", workflowParameters);
    }
    Map<String, Object> sink = new java.util.LinkedHashMap<>();
    sink.put("type", "MemorySinkConfiguration");
    sink.put("results_buffer_size", 64);
    InitialisePipelinePayload payload = new InitialisePipelinePayload().apiKey(apiKey).videoConfiguration(video)
        .processingConfiguration(processing).sinkConfiguration(sink);
    return asMap(shared.calls.execute(shared.pipelines.initialisePipeline(payload),
        "POST /inference_pipelines/initialise"));
  }

  /**
   * The key on a pipeline command, as Roboflow's Python client sends it ({@code {"api_key": ...}}); on the GET
   * calls it travels as the {@code api_key} query parameter, since OkHttp sends no body on a GET.
   */
  private PipelineCommandRequest keyBody() {
    return new PipelineCommandRequest().apiKey(apiKey);
  }

  /** {@code GET /inference_pipelines/list}: ids of the running pipelines. */
  public List<String> listInferencePipelines() {
    return shared.calls.execute(shared.pipelines.listInferencePipelines(apiKey), "GET /inference_pipelines/list")
        .getPipelines();
  }

  public Map<String, Object> getInferencePipelineStatus(String pipelineId) {
    return asMap(shared.calls.execute(shared.pipelines.getInferencePipelineStatus(pipelineId, apiKey),
        "GET /inference_pipelines/" + pipelineId + "/status"));
  }

  public Map<String, Object> pauseInferencePipeline(String pipelineId) {
    return asMap(shared.calls.execute(shared.pipelines.pauseInferencePipeline(pipelineId, keyBody()),
        "POST /inference_pipelines/" + pipelineId + "/pause"));
  }

  public Map<String, Object> resumeInferencePipeline(String pipelineId) {
    return asMap(shared.calls.execute(shared.pipelines.resumeInferencePipeline(pipelineId, keyBody()),
        "POST /inference_pipelines/" + pipelineId + "/resume"));
  }

  public Map<String, Object> terminateInferencePipeline(String pipelineId) {
    return asMap(shared.calls.execute(shared.pipelines.terminateInferencePipeline(pipelineId, keyBody()),
        "POST /inference_pipelines/" + pipelineId + "/terminate"));
  }

  /**
   * Results buffered since the last call, without {@code excludedFields}. Roboflow's Python client asks the server
   * to drop them with a JSON body on this GET; OkHttp sends no body on a GET, so they are dropped here instead.
   */
  @SuppressWarnings("unchecked")
  public Map<String, Object> consumeInferencePipelineResult(String pipelineId, List<String> excludedFields) {
    Map<String, Object> result = new java.util.LinkedHashMap<>(asMap(shared.calls.execute(
        shared.pipelines.consumeInferencePipelineResult(pipelineId, apiKey), "GET /inference_pipelines/" + pipelineId
            + "/consume")));
    if (excludedFields != null && !excludedFields.isEmpty() && result.get("outputs") instanceof List) {
      List<Object> outputs = new ArrayList<>();
      for (Object o : (List<Object>) result.get("outputs")) {
        if (o instanceof Map) {
          Map<String, Object> kept = new java.util.LinkedHashMap<>((Map<String, Object>) o);
          excludedFields.forEach(kept::remove);
          outputs.add(Collections.unmodifiableMap(kept));
        } else {
          outputs.add(o);
        }
      }
      result.put("outputs", Collections.unmodifiableList(outputs));
    }
    return Collections.unmodifiableMap(result);
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> asMap(Object generated) {
    return Collections.unmodifiableMap(shared.mapper.convertValue(generated, Map.class));
  }

  /** {@code POST /model/add}: loads a model on the server (a no-op when it is loaded). */
  public List<ModelDescription> loadModel(String modelId) {
    AddModelRequest request = new AddModelRequest().modelId(modelId).apiKey(apiKey);
    return describe(shared.calls.execute(shared.models.addModel(request), "POST /model/add"));
  }

  /** {@code POST /model/remove}. */
  public List<ModelDescription> unloadModel(String modelId) {
    shared.descriptions.remove(modelId);
    return describe(shared.calls.execute(
        shared.models.removeModel(new ClearModelRequest().modelId(modelId)), "POST /model/remove"));
  }

  /** {@code POST /model/clear}. */
  public List<ModelDescription> unloadAllModels() {
    shared.descriptions.clear();
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
    List<ObjectDetectionResult> results = new ArrayList<>(images.size());
    for (JsonNode node : v1(images, modelId, Task.DETECTION)) {
      results.add(toResult(treeToResponse(node)));
    }
    return results;
  }

  /** The v1 task routes, with the wire names of Python's InferenceConfiguration. */
  private enum Task {
    DETECTION("object-detection"), SEGMENTATION("instance-segmentation"), KEYPOINTS("keypoint-detection"),
    CLASSIFICATION("classification");

    final String type;

    Task(String type) {
      this.type = type;
    }
  }

  /**
   * Sends images to a task route in chunks of maxBatchSize, up to maxConcurrentRequests chunks at a time;
   * answers one JSON response per image, in order.
   */
  private List<JsonNode> v1(List<InferenceImage> images, String modelId, Task task) {
    ModelDescription model = requireTask(modelId, task);
    int size = configuration.maxBatchSize();
    List<List<InferenceImage>> chunks = new ArrayList<>();
    for (int from = 0; from < images.size(); from += size) {
      chunks.add(images.subList(from, Math.min(images.size(), from + size)));
    }
    boolean batch = images.size() > 1;
    if (configuration.maxConcurrentRequests() == 1 || chunks.size() == 1) {
      List<JsonNode> out = new ArrayList<>();
      for (List<InferenceImage> chunk : chunks) {
        out.addAll(v1Call(chunk, modelId, task, batch, model));
      }
      return out;
    }
    java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(configuration.maxConcurrentRequests());
    List<CompletableFuture<List<JsonNode>>> futures = new ArrayList<>();
    for (List<InferenceImage> chunk : chunks) {
      inFlight.acquireUninterruptibly();
      futures.add(CompletableFuture.supplyAsync(() -> v1Call(chunk, modelId, task, batch, model),
          shared.http.dispatcher().executorService()).whenComplete((r, e) -> inFlight.release()));
    }
    List<JsonNode> out = new ArrayList<>();
    for (CompletableFuture<List<JsonNode>> f : futures) {
      try {
        out.addAll(f.join());
      } catch (java.util.concurrent.CompletionException e) {
        throw e.getCause() instanceof RuntimeException ? (RuntimeException) e.getCause() : e;
      }
    }
    return out;
  }

  private List<JsonNode> v1Call(List<InferenceImage> chunk, String modelId, Task task, boolean batch,
      ModelDescription model) {
    List<InferenceRequestImage> wire = new ArrayList<>(chunk.size());
    double[] scales = new double[chunk.size()];
    for (int i = 0; i < chunk.size(); i++) {
      ImageEncoder.Encoded e = configuration.clientDownsizingDisabled() || model.inputWidth() == null
          ? shared.images.encode(chunk.get(i), configuration.urlImagesFetchedByServer())
          : shared.images.encodeDownsized(chunk.get(i), model.inputWidth(), model.inputHeight());
      scales[i] = e.scale;
      wire.add(new InferenceRequestImage().type(e.type).value(e.value));
    }
    ObjectNode body = requestBody(modelId, batch ? ImageInput.batch(wire) : ImageInput.single(wire.get(0)), task);
    InferenceResponses responses;
    switch (task) {
      case SEGMENTATION:
        responses = shared.calls.execute(shared.inference.inferInstanceSegmentation(
            request(body, InstanceSegmentationInferenceRequest.class)), "POST /infer/instance_segmentation");
        break;
      case KEYPOINTS:
        responses = shared.calls.execute(shared.inference.inferKeypointsDetection(
            request(body, KeypointsDetectionInferenceRequest.class)), "POST /infer/keypoints_detection");
        break;
      case CLASSIFICATION:
        responses = shared.calls.execute(shared.inference.inferClassification(
            request(body, ClassificationInferenceRequest.class)), "POST /infer/classification");
        break;
      default:
        responses = shared.calls.execute(shared.inference.inferObjectDetection(
            request(body, ObjectDetectionInferenceRequest.class)), "POST /infer/object_detection");
    }
    List<JsonNode> out = responses.elements();
    for (int i = 0; i < out.size() && i < scales.length; i++) {
      if (scales[i] != 1) {
        rescale(out.get(i), scales[i]);
      }
    }
    return out;
  }

  /**
   * Predictions made on a shrunk image back to the original's pixels (Python's
   * {@code adjust_prediction_to_client_scaling_factor}): coordinates, sizes, polygon points and keypoints divided
   * by the ratio, the image size divided and rounded.
   */
  private static void rescale(JsonNode response, double ratio) {
    JsonNode image = response.path("image");
    if (image.isObject()) {
      ((ObjectNode) image).put("width", (int) Math.round(image.path("width").asDouble() / ratio));
      ((ObjectNode) image).put("height", (int) Math.round(image.path("height").asDouble() / ratio));
    }
    if (!response.path("predictions").isArray()) {
      return;
    }
    for (JsonNode p : response.path("predictions")) {
      scaleFields((ObjectNode) p, ratio, "x", "y", "width", "height");
      p.path("points").forEach(v -> scaleFields((ObjectNode) v, ratio, "x", "y"));
      p.path("keypoints").forEach(v -> scaleFields((ObjectNode) v, ratio, "x", "y"));
    }
  }

  private static void scaleFields(ObjectNode node, double ratio, String... fields) {
    for (String f : fields) {
      if (node.has(f)) {
        node.put(f, node.path(f).asDouble() / ratio);
      }
    }
  }

  /** The configured options under their wire names (Python's to_*_parameters); unset options are left out. */
  private ObjectNode requestBody(String modelId, ImageInput image, Task task) {
    InferenceConfiguration c = configuration;
    ObjectNode b = shared.mapper.createObjectNode();
    b.put("model_id", modelId);
    if (apiKey != null) {
      b.put("api_key", apiKey);
    }
    b.set("image", shared.mapper.valueToTree(image));
    putIfSet(b, "disable_preproc_auto_orient", c.disablePreprocAutoOrientation());
    putIfSet(b, "confidence", c.confidenceThreshold());
    putIfSet(b, "visualization_stroke_width", c.strokeWidth());
    if (c.visualizePredictions()) {
      b.put("visualize_predictions", true);
    }
    if (task != Task.CLASSIFICATION) {
      putIfSet(b, "iou_threshold", c.iouThreshold());
      putIfSet(b, "max_detections", c.maxDetections());
      putIfSet(b, "max_candidates", c.maxCandidates());
      putIfSet(b, "class_agnostic_nms", c.classAgnosticNms());
      putIfSet(b, "visualization_labels", c.visualizeLabels());
      if (c.classFilter() != null) {
        b.set("class_filter", shared.mapper.valueToTree(c.classFilter()));
      }
    }
    if (task == Task.KEYPOINTS) {
      putIfSet(b, "keypoint_confidence", c.keypointConfidenceThreshold());
    }
    if (task == Task.SEGMENTATION) {
      putIfSet(b, "mask_decode_mode", c.maskDecodeMode());
      putIfSet(b, "tradeoff_factor", c.tradeoffFactor());
      putIfSet(b, "response_mask_format", c.responseMaskFormat());
    }
    return b;
  }

  private void putIfSet(ObjectNode b, String name, Object value) {
    if (value != null) {
      b.set(name, shared.mapper.valueToTree(value));
    }
  }

  /**
   * The generated request model holding exactly {@code body}: the generated classes initialise defaults, which
   * are cleared so that the server's own defaults apply to what the caller did not set.
   */
  private <T> T request(ObjectNode body, Class<T> type) {
    try {
      T request = shared.mapper.treeToValue(body, type);
      ObjectNode unset = shared.mapper.createObjectNode();
      for (com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition p : shared.mapper.getSerializationConfig()
          .introspect(shared.mapper.constructType(type)).findProperties()) {
        if (!body.has(p.getName())) {
          unset.putNull(p.getName());
        }
      }
      return shared.mapper.updateValue(request, unset);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new InvalidInputException("Cannot build the request: " + e.getOriginalMessage(), e);
    }
  }

  /** Like Roboflow's client, v1 asks the registry for the model's task (loading it if absent), but only once. */
  private ModelDescription requireTask(String modelId, Task task) {
    ModelDescription d = shared.descriptions.get(modelId);
    if (d == null) {
      d = getModelDescription(modelId, true);
    }
    if (!task.type.equals(d.taskType())) {
      throw new InvalidInputException("Model " + modelId + " is a " + d.taskType() + " model, not " + task.type + ".");
    }
    return d;
  }

  private static ModelDescription find(List<ModelDescription> models, String modelId) {
    for (ModelDescription m : models) {
      if (m.modelId().equals(modelId)) {
        return m;
      }
    }
    return null;
  }

  private static Detection detection(JsonNode p) {
    return new Detection(p.path("x").asDouble(), p.path("y").asDouble(), p.path("width").asDouble(),
        p.path("height").asDouble(), p.path("confidence").asDouble(), p.path("class").asText(),
        p.path("class_id").asInt(), p.path("detection_id").asText(null));
  }

  private static <P> TaskResult<P> taskResult(JsonNode r, List<P> predictions) {
    return new TaskResult<>(r.path("inference_id").asText(null), r.has("time") ? r.path("time").asDouble() : null,
        r.path("image").path("width").asInt(), r.path("image").path("height").asInt(), predictions,
        r.path("visualization").asText(null));
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
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private RetryInterceptor.Sleeper sleeper = Thread::sleep;
    private boolean logging;

    private Builder() {}

    /** Retries of connection failures, 429, 503 and 504 (default: 2 retries with jittered backoff). */
    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = Objects.requireNonNull(retryPolicy);
      return this;
    }

    /** Logs each exchange (method, URL with the API key masked, status, time) at DEBUG; bodies never. */
    public Builder logging(boolean logging) {
      this.logging = logging;
      return this;
    }

    Builder sleeper(RetryInterceptor.Sleeper sleeper) {
      this.sleeper = sleeper;
      return this;
    }

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

    /** Start from this OkHttp client (its timeouts apply; {@link InferenceHTTPClient#close()} leaves it open). */
    public Builder httpClient(OkHttpClient httpClient) {
      this.httpClient = httpClient;
      return this;
    }

    public InferenceHTTPClient build() {
      return new InferenceHTTPClient(this);
    }
  }
}
