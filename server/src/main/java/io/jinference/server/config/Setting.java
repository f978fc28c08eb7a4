package io.jinference.server.config;

/**
 * Every setting of the server, in one place: the environment variable (Roboflow's name where
 * Roboflow has one), its default and what it means. {@link Settings} reads and validates them at
 * start; docs/configuration.md lists the same table.
 */
public enum Setting {
  MODEL_CACHE_DIR("/tmp/cache", "Model store root, Roboflow's cache layout <dataset>/<version>/."),
  ALLOW_URL_INPUT("true", "Accept images given as URLs."),
  ALLOW_NON_HTTPS_URL_INPUT("false", "Accept http:// image URLs (https only by default)."),
  ALLOW_URL_INPUT_WITHOUT_FQDN(
      "false", "Accept image URLs whose host is an IP address or a name without a domain."),
  ALLOW_URL_TO_NON_GLOBAL_ADDRESSES(
      "false",
      "Fetch image URLs that resolve to loopback, private, link-local or other non-global addresses."
          + " Stricter than Roboflow (whose default is true)."),
  WHITELISTED_DESTINATIONS_FOR_URL_INPUT(
      "", "Comma list of hosts image URLs may point to (empty: any)."),
  BLACKLISTED_DESTINATIONS_FOR_URL_INPUT("", "Comma list of hosts image URLs may not point to."),
  MAX_IMAGE_URL_REDIRECTS(
      "5", "Redirects followed when fetching an image URL; every hop is validated again."),
  IMAGE_URL_CONNECT_TIMEOUT_MS("5000", "Connect timeout for image URL fetches."),
  IMAGE_URL_TIMEOUT_MS(
      "20000",
      "Total time allowed for all image URL fetches of one request (redirects and bodies"
          + " included)."),
  ALLOW_LOADING_IMAGES_FROM_LOCAL_FILESYSTEM(
      "false",
      "Accept {\"type\": \"file\"} images read from the server's disk. Off by default (Roboflow: on)."),
  LOCAL_IMAGE_ROOTS(
      "",
      "Comma list of folders {\"type\": \"file\"} images may be read from (regular files only,"
          + " links resolved first); empty: none, even with ALLOW_LOADING_IMAGES_FROM_LOCAL_FILESYSTEM on."),
  ALLOW_NUMPY_INPUT(
      "false", "Accept pickled NumPy images. Not supported by this server: always refused."),
  MAX_IMAGE_BYTES("20971520", "Largest encoded image accepted (bytes), from any source."),
  MAX_IMAGE_PIXELS(
      "16777216",
      "Largest decoded image (width x height, 4096x4096 by default: models take a few"
          + " megapixels at most), checked from the header before decoding."),
  MAX_BATCH_SIZE("32", "Most images in one request's list."),
  MAX_DEPTH_JSON_PIXELS(
      "4194304",
      "Largest depth map answered as JSON numbers (width x height, 2048x2048 by default, about"
          + " 40 MB of JSON); larger images get a 400 that asks for png16 or png8."),
  MEMORY_FREE_THRESHOLD(
      "0.0",
      "Before a model loads while the free fraction of memory (host, or the container's limit) is"
          + " under this value, up to three least recently used models are unloaded; 0 = off"
          + " (Roboflow's name, there on GPU memory)."),
  SAM_MAX_EMBEDDING_CACHE_SIZE(
      "10",
      "SAM (1) image embeddings kept by image_id, and the latest low-resolution logits of as many"
          + " images, least recently used dropped first (Roboflow's name and default)."),
  SAM2_MAX_EMBEDDING_CACHE_SIZE(
      "16",
      "SAM 2 image embeddings kept by image_id, least recently used dropped first (about 16 MB"
          + " each for SAM 2's real shapes; Roboflow keeps 100)."),
  SAM2_MAX_LOGITS_CACHE_SIZE(
      "1000",
      "SAM 2 low-resolution logits kept for save_logits_to_cache (256 KB a prompt), least"
          + " recently used dropped first."),
  DISABLE_SAM2_LOGITS_CACHE(
      "false", "Ignore save_logits_to_cache and load_logits_from_cache, as Roboflow's flag."),
  SAM_MAX_PROMPTS(
      "16", "Most prompts in one SAM 2 request, and most points in one prompt (SAM and SAM 2)."),
  MAX_REQUEST_BODY_BYTES("20971520", "Largest request body, JSON or upload (413 above it)."),
  HTTP_IDLE_TIMEOUT_MS(
      "10000",
      "A connection on which nothing is read or written for this long is closed (stalled"
          + " or half-sent requests, idle keep-alive connections)."),
  API_BASE_URL("https://api.roboflow.com", "Roboflow API the models are downloaded from."),
  ROBOFLOW_API_KEY(
      "", "API key used when a request carries none (secret; also read from API_KEY).", true),
  ROBOFLOW_API_CONNECT_TIMEOUT_MS(
      "5000", "Connect timeout of calls to the Roboflow API and model downloads."),
  ROBOFLOW_API_REQUEST_TIMEOUT_MS(
      "60000", "Total time for one call to the Roboflow API or one file download."),
  ROBOFLOW_API_RETRIES(
      "3", "Attempts for a Roboflow API call that fails transiently (5xx, connection, timeout)."),
  MAX_MODEL_BYTES("2147483648", "Largest weights file downloaded."),
  DEVICE_ID("", "Device id sent to the Roboflow API (default: the host name)."),
  OFFLINE_MODE("false", "Serve only models already in the cache; never call the Roboflow API."),
  MAX_ACTIVE_MODELS("8", "Most models loaded at once; the least recently used is unloaded first."),
  DISK_CACHE_CLEANUP(
      "false", "Delete an evicted model's files from the cache (Roboflow's default: true)."),
  PINNED_MODELS("", "Comma list of model ids never evicted."),
  PRELOAD_MODELS(
      "", "Comma list of model ids loaded at start; /readiness answers 503 until they are."),
  MODEL_LOCK_ACQUIRE_TIMEOUT_MS(
      "60000", "How long a request waits for a model another request is loading (then 503)."),
  MODEL_LOAD_FAILURE_LIMIT(
      "3", "Failed loads of one model within the window after which it is refused at once."),
  MODEL_LOAD_FAILURE_WINDOW_MS("60000", "The window of MODEL_LOAD_FAILURE_LIMIT."),
  MODELS_CACHE_AUTH_ENABLED(
      "false", "Serve a loaded model only to API keys the Roboflow API confirms have access."),
  MODELS_CACHE_AUTH_CACHE_TTL_MS(
      "900000", "How long an access check of MODELS_CACHE_AUTH_ENABLED is remembered."),
  WORKFLOWS_DIR(
      "",
      "Folder of predefined workflows: <dir>/<workspace>/<workflow_id>.json (checked before the API)."),
  WORKFLOWS_MAX_CONCURRENT_STEPS(
      "8", "Steps of one workflow run that may run at once (those not depending on each other)."),
  WORKFLOWS_EXECUTION_TIMEOUT_MS(
      "30000",
      "Time limit of one workflow request, checked between steps, per crop and"
          + " inside long query-language operations (then 400 naming the step); image downloads share it."),
  WORKFLOWS_MAX_PIXELS_PER_IMAGE(
      "64000000",
      "Pixels a workflow may materialise (crops, annotated copies,"
          + " visualisations) for one input image; counted before allocating, 413 naming the step above it."),
  WORKFLOWS_MAX_PIXELS_PER_STEP(
      "32000000", "Pixels one workflow step may materialise for one input image."),
  WORKFLOWS_DEFINITION_CACHE_EXPIRY_MS(
      "900000", "How long a workflow fetched from Roboflow's API is reused (use_cache)."),
  ALLOW_ORIGINS(
      "*",
      "Comma list of origins browsers may call the API from (CORS); * for any, empty for none."
          + " Credentials are never allowed (Roboflow allows them)."),
  INFERENCE_SERVER_API_KEYS(
      "",
      "Comma list of keys; when set (or a key file is), every route but the public ones"
          + " needs one of them (secret).",
      true),
  INFERENCE_SERVER_API_KEYS_FILE(
      "", "File with one accepted key per line, added to INFERENCE_SERVER_API_KEYS."),
  METRICS_ENABLED("true", "Serve Prometheus metrics at /metrics."),
  METRICS_PUBLIC("true", "Whether /metrics stays public when INFERENCE_SERVER_API_KEYS is set."),
  SHUTDOWN_GRACE_PERIOD_MS(
      "30000",
      "On SIGTERM, how long in-flight requests may take to finish (no new ones are"
          + " accepted) before the server exits."),
  LOG_LEVEL(
      "INFO",
      "Level of the server's own loggers: TRACE, DEBUG, INFO, WARN, ERROR or OFF (libraries log"
          + " at WARN)."),
  LOG_FORMAT(
      "text",
      "Console log format: text (one line per event) or json (one object per line), API keys removed."),
  INFERENCE_INTRA_OP_THREADS(
      "0", "ONNX Runtime intra-op threads per session; 0 = number of cores."),
  INFERENCE_CONCURRENT_RUNS("0", "Concurrent runs allowed per model; 0 = number of cores."),
  INFERENCE_INTRA_OP_SPINNING(
      "false",
      "Whether ONNX Runtime's idle intra-op threads spin before they sleep (faster at one"
          + " request at a time, CPU taken from other runs under load)."),
  INFERENCE_PREPROCESS_THREADS(
      "0",
      "Threads that decode and preprocess images, one bounded pool for all requests;"
          + " 0 = number of cores."),
  INFERENCE_PREPROCESS_TIMEOUT_MS(
      "10000",
      "How long a request waits for one image's decoding or preprocessing:"
          + " still queued then, 429; still running, 400 (the worker finishes it and frees the result)."),
  INFERENCE_MAX_BATCH_SIZE(
      "1",
      "Most images of concurrent requests run together in one session run, for models whose"
          + " batch dimension is dynamic; 1 = no batching across requests."),
  INFERENCE_MAX_BATCH_DELAY_MS(
      "0", "How long a run may wait for more requests to batch (0: run what is queued)."),
  INFERENCE_QUEUE_SIZE(
      "64", "Requests that may wait for one of a model's run slots; one more is answered 429."),
  INFERENCE_QUEUE_TIMEOUT_MS(
      "30000", "How long a request may wait for a run slot before it is answered 429."),
  MAX_ACTIVE_PIPELINES(
      "4",
      "Inference pipelines (/inference_pipelines) that may exist at once, finished ones included"
          + " until terminated; one more is answered 429."),
  PIPELINES_RUN_SHARE_PERCENT(
      "50",
      "Share of INFERENCE_CONCURRENT_RUNS that frames of all pipelines together may hold at once"
          + " (at least one run): the rest stays free for HTTP requests."),
  PIPELINES_SOURCE_TIMEOUT_MS(
      "10000",
      "How long opening a video stream, or one read from it, may take before the source is"
          + " reconnected."),
  PIPELINES_MAX_RESULTS_BUFFER(
      "1024", "Largest results_buffer_size and decoding_buffer_size a pipeline may ask for."),
  PIPELINES_MAX_RESULTS_BYTES(
      "268435456",
      "Bytes the results waiting in one pipeline's sink may take (their JSON text, images as"
          + " base64): the oldest go first, as when results_buffer_size is reached."),
  PIPELINES_MAX_BUFFER_BYTES(
      "268435456",
      "Bytes the decoded frames buffered by one pipeline may take, shared by its sources: a"
          + " source of large frames buffers fewer than decoding_buffer_size.");

  private final String defaultValue;
  private final String description;
  private final boolean secret;

  Setting(String defaultValue, String description) {
    this(defaultValue, description, false);
  }

  Setting(String defaultValue, String description, boolean secret) {
    this.defaultValue = defaultValue;
    this.description = description;
    this.secret = secret;
  }

  /** Whether the value is a secret: never logged, only whether it is set. */
  public boolean secret() {
    return secret;
  }

  public String defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }

  /**
   * The Micronaut property an environment variable of this name maps to (ALLOW_URL_INPUT ->
   * allow.url.input).
   */
  String propertyName() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '.');
  }
}
