package io.jinference.server.config;

/**
 * Every setting of the server, in one place: the environment variable (Roboflow's name where Roboflow has
 * one), its default and what it means. {@link Settings} reads and validates them at start; docs/configuration.md
 * lists the same table.
 */
public enum Setting {
  MODEL_CACHE_DIR("/tmp/cache", "Model store root, Roboflow's cache layout <dataset>/<version>/."),
  ALLOW_URL_INPUT("true", "Accept images given as URLs."),
  ALLOW_NON_HTTPS_URL_INPUT("false", "Accept http:// image URLs (https only by default)."),
  ALLOW_URL_INPUT_WITHOUT_FQDN("false", "Accept image URLs whose host is an IP address or a name without a domain."),
  ALLOW_URL_TO_NON_GLOBAL_ADDRESSES("false",
      "Fetch image URLs that resolve to loopback, private, link-local or other non-global addresses."
          + " Stricter than Roboflow (whose default is true)."),
  WHITELISTED_DESTINATIONS_FOR_URL_INPUT("", "Comma list of hosts image URLs may point to (empty: any)."),
  BLACKLISTED_DESTINATIONS_FOR_URL_INPUT("", "Comma list of hosts image URLs may not point to."),
  MAX_IMAGE_URL_REDIRECTS("5", "Redirects followed when fetching an image URL; every hop is validated again."),
  IMAGE_URL_CONNECT_TIMEOUT_MS("5000", "Connect timeout for image URL fetches."),
  IMAGE_URL_TIMEOUT_MS("20000", "Total time allowed for one image URL fetch."),
  ALLOW_LOADING_IMAGES_FROM_LOCAL_FILESYSTEM("false",
      "Accept {\"type\": \"file\"} images read from the server's disk. Off by default (Roboflow: on)."),
  ALLOW_NUMPY_INPUT("false", "Accept pickled NumPy images. Not supported by this server: always refused."),
  MAX_IMAGE_BYTES("20971520", "Largest encoded image accepted (bytes), from any source."),
  MAX_IMAGE_PIXELS("50000000", "Largest decoded image (width x height), checked from the header before decoding."),
  MAX_BATCH_SIZE("32", "Most images in one request's list."),
  MAX_REQUEST_BODY_BYTES("20971520", "Largest request body (413 above it)."),
  INFERENCE_INTRA_OP_THREADS("0", "ONNX Runtime intra-op threads per session; 0 = number of cores."),
  INFERENCE_CONCURRENT_RUNS("0", "Concurrent runs allowed per model; 0 = number of cores.");

  private final String defaultValue;
  private final String description;

  Setting(String defaultValue, String description) {
    this.defaultValue = defaultValue;
    this.description = description;
  }

  public String defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }

  /** The Micronaut property an environment variable of this name maps to (ALLOW_URL_INPUT -> allow.url.input). */
  String propertyName() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '.');
  }
}
