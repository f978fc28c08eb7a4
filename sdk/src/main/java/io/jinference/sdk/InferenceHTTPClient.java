package io.jinference.sdk;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jinference.sdk.internal.ApiKeys;
import io.jinference.sdk.internal.Calls;
import io.jinference.sdk.internal.FoundationCalls;
import io.jinference.sdk.internal.ImageData;
import io.jinference.sdk.internal.ImageEncoder;
import io.jinference.sdk.internal.RedactingLogInterceptor;
import io.jinference.sdk.internal.Results;
import io.jinference.sdk.internal.Retries;
import io.jinference.sdk.internal.Task;
import io.jinference.sdk.internal.TaskCalls;
import io.jinference.sdk.internal.Transport;
import io.jinference.sdk.internal.invoker.JSON;
import java.io.Closeable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * A client for Roboflow-Inference-compatible servers: jinference, Roboflow's own inference server,
 * and Roboflow's hosted API. Immutable and thread-safe; share one instance. {@link #close()}
 * releases its connections.
 *
 * <pre>{@code
 * try (InferenceHTTPClient client = new InferenceHTTPClient("http://localhost:9001", null)) {
 *   InferenceResult result = client.infer("https://example.com/dog.jpg", "coco/3");
 *   ObjectDetectionResult boxes = client.detect(ImageSource.path(Path.of("dog.jpg")), "coco/3");
 *   boxes.predictions().forEach(d -> System.out.println(d.className() + " " + d.confidence()));
 * }
 * }</pre>
 *
 * <p>{@link #infer} serves every task and answers the model's {@link InferenceResult} subtype; the
 * typed methods ({@link #detect}, {@link #segment}, {@link #detectKeypoints}, {@link #classify})
 * check the model's task. Every call has an {@code ...Async} twin returning a {@link
 * CompletableFuture} that no thread waits on; images are read, downloaded and encoded on OkHttp's
 * dispatcher threads, so the calling thread gets its future at once. {@link #models()}, {@link
 * #workflows()} and {@link #pipelines()} group the other routes.
 *
 * <p>Like Roboflow's Python client it speaks two route families: {@link ApiMode#V1} ({@code
 * /infer/{task}}, the default for self-hosted URLs) and {@link ApiMode#V0} ({@code
 * /{project}/{version}}, object detection, chosen automatically for Roboflow's hosted URLs); {@link
 * #selectApiV0()} and {@link #selectApiV1()} override the choice.
 */
public final class InferenceHTTPClient implements Closeable {
  /** Roboflow's hosted endpoints, which only serve the legacy (v0) route. */
  private static final List<String> HOSTED_V0_PREFIXES =
      List.of(
          "https://detect.roboflow.com",
          "https://outline.roboflow.com",
          "https://classify.roboflow.com",
          "https://infer.roboflow.com",
          "https://serverless.roboflow.com",
          "https://serverless.roboflow.one",
          "https://serverless.roboflow.eu",
          "https://serverless.roboflow-eu.one",
          "https://asyncinfer.roboflow.com",
          "https://asyncinfer.roboflow.one");

  private final String apiUrl;
  private final @Nullable String apiKey;
  private final ApiMode mode;
  private final InferenceConfiguration configuration;
  private final RequestOptions options;
  private final Connection connection;
  private final Transport transport;
  private final ModelsService models;
  private final WorkflowsService workflows;
  private final PipelinesService pipelines;
  private final ClipService clip;
  private final Sam2Service sam2;
  private final SamService sam;
  private final TaskCalls tasks;
  private final FoundationCalls foundation;

  /** What a client and the clients derived from it share: connections, threads, caches. */
  private static final class Connection {
    final OkHttpClient http;
    final boolean ownsHttp;
    final RetryPolicy retries;
    final Retries.Delayer delayer;
    final ObjectMapper mapper = new JSON().getMapper();
    final Results results = new Results(mapper);
    final ImageEncoder images;
    final Map<String, ModelDescription> descriptions = new ConcurrentHashMap<>();

    Connection(OkHttpClient http, boolean ownsHttp, RetryPolicy retries, Retries.Delayer delayer) {
      this.http = http;
      this.ownsHttp = ownsHttp;
      this.retries = retries;
      this.delayer = delayer;
      this.images = new ImageEncoder(http);
    }
  }

  /**
   * A client with default timeouts (10 s connect, 60 s read and write, 120 s per call).
   *
   * @param apiUrl server root, e.g. {@code http://localhost:9001}
   * @param apiKey Roboflow API key, or null for servers and models that need none
   */
  public InferenceHTTPClient(String apiUrl, @Nullable String apiKey) {
    this(builder().apiUrl(apiUrl).apiKey(apiKey));
  }

  private InferenceHTTPClient(Builder b) {
    this(
        stripSlash(Objects.requireNonNull(b.apiUrl, "apiUrl")),
        b.apiKey,
        b.mode != null ? b.mode : defaultMode(stripSlash(b.apiUrl)),
        b.configuration,
        RequestOptions.none(),
        connection(b),
        null);
  }

  private InferenceHTTPClient(
      String apiUrl,
      @Nullable String apiKey,
      ApiMode mode,
      InferenceConfiguration configuration,
      RequestOptions options,
      Connection connection,
      @Nullable Transport transport) {
    this.apiUrl = apiUrl;
    this.apiKey = apiKey;
    this.mode = mode;
    this.configuration = configuration;
    this.options = options;
    this.connection = connection;
    this.transport =
        transport != null
            ? transport
            : new Transport(
                apiUrl,
                connection.http,
                connection.retries,
                connection.delayer,
                options,
                connection.mapper);
    String key = options.apiKey() != null ? options.apiKey() : apiKey;
    this.models = new ModelsService(this.transport, key, connection.descriptions);
    this.workflows = new WorkflowsService(this.transport, connection.images, configuration, key);
    this.clip = new ClipService(this.transport, connection.images, configuration, key, null);
    this.sam2 = new Sam2Service(this.transport, connection.images, configuration, key, null, true);
    this.sam = new SamService(this.transport, connection.images, configuration, key, null);
    this.pipelines = new PipelinesService(this.transport, key);
    this.tasks =
        new TaskCalls(
            this.transport,
            connection.images,
            configuration,
            key,
            models::describeCachedAsync,
            connection.results);
    this.foundation = new FoundationCalls(this.transport, connection.images, configuration, key);
  }

  private static Connection connection(Builder b) {
    OkHttpClient.Builder ok =
        b.httpClient != null
            ? b.httpClient.newBuilder()
            : new OkHttpClient.Builder()
                .connectTimeout(b.connectTimeout)
                .readTimeout(b.readTimeout)
                .writeTimeout(b.readTimeout)
                .callTimeout(b.callTimeout);
    if (b.logging) {
      ok.addInterceptor(new RedactingLogInterceptor());
    }
    OkHttpClient http = ok.build();
    // Lists run up to maxConcurrentRequests calls at once to one host; OkHttp's default allows 5.
    http.dispatcher().setMaxRequestsPerHost(Math.max(5, b.configuration.maxConcurrentRequests()));
    return new Connection(http, b.httpClient == null, b.retryPolicy, b.delayer);
  }

  private InferenceHTTPClient derive(
      ApiMode mode, InferenceConfiguration configuration, RequestOptions options) {
    return new InferenceHTTPClient(
        apiUrl,
        apiKey,
        mode,
        configuration,
        options,
        connection,
        options.equals(this.options) ? transport : null);
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
   * A client configured from the environment: {@code INFERENCE_API_URL} (default {@code
   * http://localhost:9001}) and {@code ROBOFLOW_API_KEY}.
   *
   * @return a client configured from the environment
   */
  public static InferenceHTTPClient fromEnv() {
    return fromEnv(System.getenv());
  }

  static InferenceHTTPClient fromEnv(Map<String, String> env) {
    String url = env.getOrDefault("INFERENCE_API_URL", "http://localhost:9001");
    return builder()
        .apiUrl(url.isBlank() ? "http://localhost:9001" : url)
        .apiKey(env.get("ROBOFLOW_API_KEY"))
        .build();
  }

  /**
   * A builder holding this client's settings (connections are not shared with the clients it
   * builds).
   *
   * @return a builder holding this one's settings
   */
  public Builder toBuilder() {
    Builder b = builder().apiUrl(apiUrl).apiKey(apiKey).apiMode(mode).configuration(configuration);
    b.httpClient = connection.http;
    b.retryPolicy = connection.retries;
    return b;
  }

  /**
   * A client like this one that calls the legacy route {@code /{project}/{version}}. Shares
   * connections.
   *
   * @return a client sharing this one's connections
   */
  public InferenceHTTPClient selectApiV0() {
    return derive(ApiMode.V0, configuration, options);
  }

  /**
   * A client like this one that calls the task routes {@code /infer/{task}}. Shares connections.
   *
   * @return a client sharing this one's connections
   */
  public InferenceHTTPClient selectApiV1() {
    return derive(ApiMode.V1, configuration, options);
  }

  /**
   * A client like this one with other inference options. Shares connections.
   *
   * @param configuration the inference options
   * @return a client sharing this one's connections
   */
  public InferenceHTTPClient withConfiguration(InferenceConfiguration configuration) {
    return derive(mode, Objects.requireNonNull(configuration, "configuration"), options);
  }

  /**
   * A client like this one whose calls use these options (timeout, retries, headers, API key) over
   * its own. Shares connections; cheap enough to make for one call.
   *
   * <pre>{@code
   * client.withOptions(RequestOptions.builder().timeout(Duration.ofSeconds(5)).build())
   *     .detect(ImageSource.path(photo), "coco/3");
   * }</pre>
   *
   * @param options the options of every call of the derived client
   * @return a client sharing this one's connections
   */
  public InferenceHTTPClient withOptions(RequestOptions options) {
    return derive(mode, configuration, this.options.merge(Objects.requireNonNull(options)));
  }

  /**
   * The API mode.
   *
   * @return the API mode
   */
  public ApiMode apiMode() {
    return mode;
  }

  /**
   * The configuration.
   *
   * @return the configuration
   */
  public InferenceConfiguration configuration() {
    return configuration;
  }

  /**
   * The API URL.
   *
   * @return the API URL
   */
  public String apiUrl() {
    return apiUrl;
  }

  /**
   * The server's loaded models: load, unload, list, describe.
   *
   * @return the model calls
   */
  public ModelsService models() {
    return models;
  }

  /**
   * CLIP: image and text embeddings, and their comparison.
   *
   * @return the CLIP calls, on the server's default CLIP model
   */
  public ClipService clip() {
    return clip;
  }

  /**
   * SAM 2: masks from box and point prompts, and image embeddings kept by the server.
   *
   * @return the SAM 2 calls, on the server's default SAM 2 model
   */
  public Sam2Service sam2() {
    return sam2;
  }

  /**
   * Segment Anything (SAM 1): masks from one prompt, and image embeddings.
   *
   * @return the SAM calls, on the server's default SAM model
   */
  public SamService sam() {
    return sam;
  }

  /**
   * Workflows: saved ones and specifications.
   *
   * @return the workflow calls
   */
  public WorkflowsService workflows() {
    return workflows;
  }

  /**
   * Inference pipelines on video streams.
   *
   * @return the pipeline calls
   */
  @Experimental
  public PipelinesService pipelines() {
    return pipelines;
  }

  /**
   * {@code GET /info}.
   *
   * @return the server's name, version and id
   */
  public ServerInfo getServerInfo() {
    return Calls.await(getServerInfoAsync());
  }

  /**
   * Like {@link #getServerInfo()}, without blocking the caller.
   *
   * @return a future of the answer, failed with an {@link InferenceException} if the call fails
   */
  public CompletableFuture<ServerInfo> getServerInfoAsync() {
    return transport
        .calls
        .enqueue(transport.info.getServerInfo(), "GET /info")
        .thenApply(v -> new ServerInfo(v.getName(), v.getVersion(), v.getUuid()));
  }

  /**
   * Runs the model on the image at {@code imageUrl} ({@code http(s)} only: see {@link ImageSource}
   * for files, bytes and base64) and answers the model's result type, whatever its task.
   *
   * @param imageUrl the image's {@code http(s)} URL
   * @param modelId the model, as {@code project/version} (for example {@code coco/3})
   * @return the model's answer
   */
  public InferenceResult infer(String imageUrl, String modelId) {
    return infer(ImageSource.url(imageUrl), modelId);
  }

  /**
   * Like {@link #infer(String, String)}, without blocking the caller.
   *
   * @param imageUrl the image's {@code http(s)} URL
   * @param modelId the model, as {@code project/version} (for example {@code coco/3})
   * @return a future of the answer, failed with an {@link InferenceException} if the call fails
   */
  public CompletableFuture<InferenceResult> inferAsync(String imageUrl, String modelId) {
    ImageSource image;
    try {
      image = ImageSource.url(imageUrl);
    } catch (InvalidInputException e) {
      return CompletableFuture.failedFuture(e);
    }
    return inferAsync(image, modelId);
  }

  /**
   * Runs the model on the image; the result's type is the model's task's.
   *
   * @param image the image
   * @param modelId the model, as {@code project/version} (for example {@code coco/3})
   * @return the model's answer
   */
  public InferenceResult infer(ImageSource image, String modelId) {
    return Calls.await(inferAsync(image, modelId));
  }

  /**
   * Like {@link #infer(ImageSource, String)}, without blocking the caller.
   *
   * @param image the image
   * @param modelId the model, as {@code project/version} (for example {@code coco/3})
   * @return a future of the answer, failed with an {@link InferenceException} if the call fails
   */
  public CompletableFuture<InferenceResult> inferAsync(ImageSource image, String modelId) {
    return inferAsync(List.of(image), modelId).thenApply(list -> list.get(0));
  }

  /**
   * Runs the model on several images; results in the same order. In v1 mode the images travel in
   * JSON lists of {@code maxBatchSize} ({@link InferenceConfiguration}), {@code
   * maxConcurrentRequests} lists at a time; in v0 mode one request each.
   *
   * @param images the images, answered in the same order
   * @param modelId the model, as {@code project/version} (for example {@code coco/3})
   * @return one result per image, in order
   */
  public List<InferenceResult> infer(List<ImageSource> images, String modelId) {
    return Calls.await(inferAsync(images, modelId));
  }

  /**
   * Like {@link #infer(List, String)}, without blocking the caller.
   *
   * @param images the images, answered in the same order
   * @param modelId the model, as {@code project/version} (for example {@code coco/3})
   * @return a future of the answer, failed with an {@link InferenceException} if the call fails
   */
  public CompletableFuture<List<InferenceResult>> inferAsync(
      List<ImageSource> images, String modelId) {
    return run(images, modelId, null);
  }

  /**
   * Object detection; a model of another task is an {@link InvalidInputException}.
   *
   * @param image the image
   * @param modelId the model, as {@code project/version} (for example {@code coco/3})
   * @return the model's answer
   */
  public ObjectDetectionResult detect(ImageSource image, String modelId) {
    return Calls.await(detectAsync(image, modelId));
  }

  /**
   * Like {@link #detect(ImageSource, String)}, without blocking the caller.
   *
   * @param image the image
   * @param modelId the model, as {@code project/version} (for example {@code coco/3})
   * @return a future of the answer, failed with an {@link InferenceException} if the call fails
   */
  public CompletableFuture<ObjectDetectionResult> detectAsync(ImageSource image, String modelId) {
    return detectAsync(List.of(image), modelId).thenApply(list -> list.get(0));
  }

  /**
   * Several images; see {@link #infer(List, String)} for how a list is sent.
   *
   * @param images the images, answered in the same order
   * @param modelId the model, as {@code project/version} (for example {@code coco/3})
   * @return one result per image, in order
   */
  public List<ObjectDetectionResult> detect(List<ImageSource> images, String modelId) {
    return Calls.await(detectAsync(images, modelId));
  }

  /**
   * Like {@link #detect(List, String)}, without blocking the caller.
   *
   * @param images the images, answered in the same order
   * @param modelId the model, as {@code project/version} (for example {@code coco/3})
   * @return a future of the answer, failed with an {@link InferenceException} if the call fails
   */
  public CompletableFuture<List<ObjectDetectionResult>> detectAsync(
      List<ImageSource> images, String modelId) {
    return typed(images, modelId, Task.OBJECT_DETECTION, ObjectDetectionResult.class);
  }

  /**
   * Instance segmentation ({@code /infer/instance_segmentation}).
   *
   * @param image the image
   * @param modelId the model, as {@code project/version} (for example {@code coco/3})
   * @return the model's answer
   */
  public SegmentationResult segment(ImageSource image, String modelId) {
    return Calls.await(segmentAsync(image, modelId));
  }

  /**
   * Like {@link #segment(ImageSource, String)}, without blocking the caller.
   *
   * @param image the image
   * @param modelId the model, as {@code project/version} (for example {@code coco/3})
   * @return a future of the answer, failed with an {@link InferenceException} if the call fails
   */
  public CompletableFuture<SegmentationResult> segmentAsync(ImageSource image, String modelId) {
    return segmentAsync(List.of(image), modelId).thenApply(list -> list.get(0));
  }

  /**
   * Several images; see {@link #infer(List, String)} for how a list is sent.
   *
   * @param images the images, answered in the same order
   * @param modelId the model, as {@code project/version} (for example {@code coco/3})
   * @return one result per image, in order
   */
  public List<SegmentationResult> segment(List<ImageSource> images, String modelId) {
    return Calls.await(segmentAsync(images, modelId));
  }

  /**
   * Like {@link #segment(List, String)}, without blocking the caller.
   *
   * @param images the images, answered in the same order
   * @param modelId the model, as {@code project/version} (for example {@code coco/3})
   * @return a future of the answer, failed with an {@link InferenceException} if the call fails
   */
  public CompletableFuture<List<SegmentationResult>> segmentAsync(
      List<ImageSource> images, String modelId) {
    return typed(images, modelId, Task.INSTANCE_SEGMENTATION, SegmentationResult.class);
  }

  /**
   * Keypoint detection ({@code /infer/keypoints_detection}).
   *
   * @param image the image
   * @param modelId the model, as {@code project/version} (for example {@code coco/3})
   * @return the model's answer
   */
  public KeypointsResult detectKeypoints(ImageSource image, String modelId) {
    return Calls.await(detectKeypointsAsync(image, modelId));
  }

  /**
   * Like {@link #detectKeypoints(ImageSource, String)}, without blocking the caller.
   *
   * @param image the image
   * @param modelId the model, as {@code project/version} (for example {@code coco/3})
   * @return a future of the answer, failed with an {@link InferenceException} if the call fails
   */
  public CompletableFuture<KeypointsResult> detectKeypointsAsync(
      ImageSource image, String modelId) {
    return detectKeypointsAsync(List.of(image), modelId).thenApply(list -> list.get(0));
  }

  /**
   * Several images; see {@link #infer(List, String)} for how a list is sent.
   *
   * @param images the images, answered in the same order
   * @param modelId the model, as {@code project/version} (for example {@code coco/3})
   * @return one result per image, in order
   */
  public List<KeypointsResult> detectKeypoints(List<ImageSource> images, String modelId) {
    return Calls.await(detectKeypointsAsync(images, modelId));
  }

  /**
   * Like {@link #detectKeypoints(List, String)}, without blocking the caller.
   *
   * @param images the images, answered in the same order
   * @param modelId the model, as {@code project/version} (for example {@code coco/3})
   * @return a future of the answer, failed with an {@link InferenceException} if the call fails
   */
  public CompletableFuture<List<KeypointsResult>> detectKeypointsAsync(
      List<ImageSource> images, String modelId) {
    return typed(images, modelId, Task.KEYPOINT_DETECTION, KeypointsResult.class);
  }

  /**
   * Classification, single- or multi-label ({@code /infer/classification}).
   *
   * @param image the image
   * @param modelId the model, as {@code project/version} (for example {@code coco/3})
   * @return the model's answer
   */
  public ClassificationResult classify(ImageSource image, String modelId) {
    return Calls.await(classifyAsync(image, modelId));
  }

  /**
   * Like {@link #classify(ImageSource, String)}, without blocking the caller.
   *
   * @param image the image
   * @param modelId the model, as {@code project/version} (for example {@code coco/3})
   * @return a future of the answer, failed with an {@link InferenceException} if the call fails
   */
  public CompletableFuture<ClassificationResult> classifyAsync(ImageSource image, String modelId) {
    return classifyAsync(List.of(image), modelId).thenApply(list -> list.get(0));
  }

  /**
   * Several images; see {@link #infer(List, String)} for how a list is sent.
   *
   * @param images the images, answered in the same order
   * @param modelId the model, as {@code project/version} (for example {@code coco/3})
   * @return one result per image, in order
   */
  public List<ClassificationResult> classify(List<ImageSource> images, String modelId) {
    return Calls.await(classifyAsync(images, modelId));
  }

  /**
   * Like {@link #classify(List, String)}, without blocking the caller.
   *
   * @param images the images, answered in the same order
   * @param modelId the model, as {@code project/version} (for example {@code coco/3})
   * @return a future of the answer, failed with an {@link InferenceException} if the call fails
   */
  public CompletableFuture<List<ClassificationResult>> classifyAsync(
      List<ImageSource> images, String modelId) {
    return typed(images, modelId, Task.CLASSIFICATION, ClassificationResult.class);
  }

  /**
   * The text of an image, each line with its box ({@code /ocr/pp-ocr}, PP-OCR; the name of
   * Roboflow's {@code ocr_image} with {@code model="pp_ocr"}).
   *
   * <pre>{@code
   * String text = client.ocrImage(ImageSource.path(Path.of("receipt.jpg"))).text();
   * }</pre>
   *
   * @param image the image
   * @return what it reads
   */
  public OcrResult ocrImage(ImageSource image) {
    return Calls.await(ocrImageAsync(image));
  }

  /**
   * Like {@link #ocrImage(ImageSource)}, without blocking the caller.
   *
   * @param image the image
   * @return a future of the answer, failed with an {@link InferenceException} if the call fails
   */
  public CompletableFuture<OcrResult> ocrImageAsync(ImageSource image) {
    return foundation.read(image.data());
  }

  /**
   * The depth map of an image ({@code /infer/depth-estimation}, Depth Anything; the name of
   * Roboflow's {@code depth_estimation}), with the server's default model, {@code
   * depth-anything-v2/small}.
   *
   * <pre>{@code
   * DepthResult depth = client.depthEstimation(ImageSource.path(Path.of("street.jpg")));
   * }</pre>
   *
   * @param image the image
   * @return the map: 1 nearest, 0 farthest, at the image's size
   */
  public DepthResult depthEstimation(ImageSource image) {
    return depthEstimation(image, "depth-anything-v2/small");
  }

  /**
   * Like {@link #depthEstimation(ImageSource)}, with another depth model.
   *
   * @param image the image
   * @param modelId the model, {@code depth-anything-v2/small} or {@code depth-anything-v3/small}
   *     for example (its ONNX file in the server's model store)
   * @return the map: 1 nearest, 0 farthest, at the image's size
   */
  public DepthResult depthEstimation(ImageSource image, String modelId) {
    return Calls.await(depthEstimationAsync(image, modelId));
  }

  /**
   * Like {@link #depthEstimation(ImageSource, String)}, without blocking the caller.
   *
   * @param image the image
   * @param modelId the depth model
   * @return the map, when the server has answered
   */
  public CompletableFuture<DepthResult> depthEstimationAsync(ImageSource image, String modelId) {
    return foundation.estimate(image.data(), modelId);
  }

  /** Releases connections and threads, unless the OkHttpClient was supplied by the caller. */
  @Override
  public void close() {
    if (connection.ownsHttp) {
      connection.http.dispatcher().executorService().shutdown();
      connection.http.connectionPool().evictAll();
    }
  }

  /**
   * @param task the task the caller expects, or null for the model's own
   */
  private CompletableFuture<List<InferenceResult>> run(
      List<ImageSource> images, String modelId, @Nullable Task task) {
    Objects.requireNonNull(images, "images");
    Objects.requireNonNull(modelId, "modelId");
    if (images.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    // The legacy route answers object detection only; the other tasks always take their v1 route.
    CompletableFuture<List<InferenceResult>> results =
        mode == ApiMode.V0 && (task == null || task == Task.OBJECT_DETECTION)
            ? tasks.v0(data(images), modelId)
            : tasks.v1(data(images), modelId, task);
    return results.thenApply(List::copyOf);
  }

  private static List<ImageData> data(List<ImageSource> images) {
    List<ImageData> data = new java.util.ArrayList<>(images.size());
    images.forEach(i -> data.add(i.data()));
    return data;
  }

  private <R extends InferenceResult> CompletableFuture<List<R>> typed(
      List<ImageSource> images, String modelId, Task task, Class<R> type) {
    return run(images, modelId, task)
        .thenApply(
            list -> {
              List<R> out = new java.util.ArrayList<>(list.size());
              list.forEach(r -> out.add(type.cast(r)));
              return List.copyOf(out);
            });
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
    private @Nullable String apiUrl;
    private @Nullable String apiKey;
    private @Nullable ApiMode mode;
    private InferenceConfiguration configuration = InferenceConfiguration.defaults();
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(60);
    private Duration callTimeout = Duration.ofSeconds(120);
    private @Nullable OkHttpClient httpClient;
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private Retries.Delayer delayer = Retries.SCHEDULED;
    private boolean logging;

    private Builder() {}

    /**
     * Retries of connection failures, 429, 503 and 504 (default: 2 retries with jittered backoff).
     *
     * @param retryPolicy when and how often failed calls are retried
     * @return this builder
     */
    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = Objects.requireNonNull(retryPolicy);
      return this;
    }

    /**
     * Logs each exchange (method, URL with the API key masked, status, time) at DEBUG; bodies
     * never.
     *
     * @param logging whether to log requests and answers (API keys redacted)
     * @return this builder
     */
    public Builder logging(boolean logging) {
      this.logging = logging;
      return this;
    }

    Builder delayer(Retries.Delayer delayer) {
      this.delayer = delayer;
      return this;
    }

    /**
     * Sets {@link InferenceHTTPClient#apiUrl()}.
     *
     * @param apiUrl the server's base URL, for example {@code http://localhost:9001}
     * @return this builder
     */
    public Builder apiUrl(String apiUrl) {
      this.apiUrl = apiUrl;
      return this;
    }

    /**
     * Sets the Roboflow API key sent with each request (as {@code api_key}), or none.
     *
     * @param apiKey the Roboflow API key, or null for none
     * @return this builder
     */
    public Builder apiKey(@Nullable String apiKey) {
      this.apiKey = apiKey;
      return this;
    }

    /**
     * Overrides the mode chosen from the URL.
     *
     * @param mode the routes to use: v1 task routes or the v0 legacy route
     * @return this builder
     */
    public Builder apiMode(ApiMode mode) {
      this.mode = mode;
      return this;
    }

    /**
     * Sets {@link InferenceHTTPClient#configuration()}.
     *
     * @param configuration the inference options
     * @return this builder
     */
    public Builder configuration(InferenceConfiguration configuration) {
      this.configuration = Objects.requireNonNull(configuration, "configuration");
      return this;
    }

    /**
     * Sets how long a connection to the server may take.
     *
     * @param timeout the timeout
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = Objects.requireNonNull(timeout);
      return this;
    }

    /**
     * Read and write timeout of each socket operation.
     *
     * @param timeout the timeout
     * @return this builder
     */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = Objects.requireNonNull(timeout);
      return this;
    }

    /**
     * Total time for one HTTP call.
     *
     * @param timeout the timeout
     * @return this builder
     */
    public Builder callTimeout(Duration timeout) {
      this.callTimeout = Objects.requireNonNull(timeout);
      return this;
    }

    /**
     * Start from this OkHttp client (its timeouts apply; {@link InferenceHTTPClient#close()} leaves
     * it open).
     *
     * @param httpClient an OkHttp client whose connections and dispatcher to share, or null
     * @return this builder
     */
    public Builder httpClient(@Nullable OkHttpClient httpClient) {
      this.httpClient = httpClient;
      return this;
    }

    /**
     * Builds the immutable value.
     *
     * @return the built value
     */
    public InferenceHTTPClient build() {
      return new InferenceHTTPClient(this);
    }
  }
}
