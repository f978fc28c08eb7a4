package io.jinference.server.model;

import io.jinference.server.config.Setting;
import io.jinference.server.config.Settings;
import io.jinference.server.error.ModelArtefactException;
import io.jinference.server.error.RoboflowApiException;
import io.micronaut.core.util.SupplierUtil;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls to Roboflow's API ({@code API_BASE_URL}) and downloads of the files it points to: finite
 * connect and total timeouts, bounded retries with jittered exponential backoff on transient
 * failures, Roboflow's status mapping (reference §5), and API keys masked wherever a URL is logged
 * or reported.
 */
@Singleton
public class RoboflowApiClient {
  private static final Logger LOG = LoggerFactory.getLogger(RoboflowApiClient.class);
  private static final Pattern API_KEY = Pattern.compile("(api_key=)[^&]*");
  private static final long BACKOFF_MS = 100;

  /**
   * Both clients are made at the first call, not at start: building one loads the JDK's trust
   * store, a third of a second of a cold start (docs/benchmarks.md) that an offline server never
   * needs.
   */
  private final Supplier<HttpClient> http;

  /**
   * For file downloads: its call timeout bounds the body too, where HttpClient's stops at the
   * headers.
   */
  private final Supplier<OkHttpClient> downloads;

  private final JsonMapper json;
  private final String baseUrl;
  private final Duration timeout;
  private final int attempts;
  private final String version;

  public RoboflowApiClient(Settings settings, JsonMapper json) {
    this.json = json;
    String base = settings.text(Setting.API_BASE_URL);
    this.baseUrl = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    this.timeout = Duration.ofMillis(settings.number(Setting.ROBOFLOW_API_REQUEST_TIMEOUT_MS));
    this.attempts = Math.max(1, settings.integer(Setting.ROBOFLOW_API_RETRIES));
    Duration connectTimeout =
        Duration.ofMillis(settings.number(Setting.ROBOFLOW_API_CONNECT_TIMEOUT_MS));
    this.http =
        SupplierUtil.memoized(
            () ->
                HttpClient.newBuilder()
                    .connectTimeout(connectTimeout)
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .build());
    this.downloads =
        SupplierUtil.memoized(
            () ->
                new OkHttpClient.Builder()
                    .connectTimeout(connectTimeout)
                    .readTimeout(timeout)
                    .followRedirects(true)
                    .build());
    String v = RoboflowApiClient.class.getPackage().getImplementationVersion();
    this.version = v == null ? "dev" : v;
  }

  /** {@code GET {API_BASE_URL}{path}?query} as JSON. */
  public JsonNode getJson(String path, Map<String, String> query) {
    StringBuilder url = new StringBuilder(baseUrl).append(path);
    char sep = '?';
    for (Map.Entry<String, String> q : new LinkedHashMap<>(query).entrySet()) {
      if (q.getValue() != null) {
        url.append(sep)
            .append(q.getKey())
            .append('=')
            .append(URLEncoder.encode(q.getValue(), StandardCharsets.UTF_8));
        sep = '&';
      }
    }
    return getJsonAt(url.toString());
  }

  /** {@code GET url} as JSON, for URLs the API returned (an environment.json in object storage). */
  public JsonNode getJsonAt(String url) {
    byte[] body = withRetries(url, () -> send(url, HttpResponse.BodyHandlers.ofByteArray()));
    try {
      JsonNode node = json.readValue(body, JsonNode.class);
      if (node == null || !node.isObject()) {
        throw RoboflowApiException.malformed();
      }
      return node;
    } catch (IOException e) {
      throw RoboflowApiException.malformed();
    }
  }

  /**
   * Downloads a file the API pointed to into {@code target}, refusing files larger than {@code
   * maxBytes}. One deadline ({@code ROBOFLOW_API_REQUEST_TIMEOUT_MS}) covers every attempt, body
   * included: a server that trickles the body is cut off when it passes, and the download fails
   * (the model can be asked for again later).
   */
  public void download(String url, Path target, long maxBytes) {
    long deadline = System.nanoTime() + timeout.toNanos();
    withRetries(
        url,
        () -> {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            throw RoboflowApiException.timeout();
          }
          Path partial = target.resolveSibling(target.getFileName() + ".part");
          Request request =
              new Request.Builder()
                  .url(url)
                  .get()
                  .header("X-Roboflow-Inference-Version", version)
                  .header("User-Agent", "jinference/" + version)
                  .build();
          OkHttpClient call =
              downloads.get().newBuilder().callTimeout(left, TimeUnit.NANOSECONDS).build();
          try (Response response = call.newCall(request).execute()) {
            if (response.code() >= 400) {
              throw RoboflowApiException.forStatus(response.code());
            }
            long copied = copyCapped(response.body().byteStream(), partial, maxBytes);
            LOG.debug("Downloaded {} bytes from {}", copied, mask(url));
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
          } catch (java.io.InterruptedIOException e) {
            Files.deleteIfExists(partial);
            throw RoboflowApiException.timeout();
          } catch (IOException | IllegalArgumentException e) {
            Files.deleteIfExists(partial);
            throw RoboflowApiException.connection();
          } catch (RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
          }
        });
  }

  private static long copyCapped(InputStream in, Path to, long max) throws IOException {
    try (var out = Files.newOutputStream(to)) {
      byte[] buf = new byte[1 << 16];
      long total = 0;
      for (int n; (n = in.read(buf)) > 0; ) {
        total += n;
        if (total > max) {
          throw new ModelArtefactException("weights larger than MAX_MODEL_BYTES", null);
        }
        out.write(buf, 0, n);
      }
      return total;
    }
  }

  private interface Attempt<T> {
    T run() throws IOException;
  }

  private <T> T withRetries(String url, Attempt<T> attempt) {
    for (int i = 1; ; i++) {
      try {
        return attempt.run();
      } catch (RoboflowApiException e) {
        if (!e.isTransient() || i >= attempts) {
          LOG.warn("Roboflow API call {} failed: {} {}", mask(url), e.status(), e.errorType());
          throw e;
        }
        sleep(i);
      } catch (IOException e) {
        if (i >= attempts) {
          throw RoboflowApiException.connection();
        }
        sleep(i);
      }
    }
  }

  /** Jittered exponential backoff: a random time up to 100 ms x 2^(attempt - 1). */
  private static void sleep(int attempt) {
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(BACKOFF_MS << (attempt - 1)) + 1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw RoboflowApiException.connection();
    }
  }

  /** One request within the total timeout (headers and, for byte bodies, the body). */
  private <T> T send(String url, HttpResponse.BodyHandler<T> handler) throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(timeout)
            .GET()
            .header("X-Roboflow-Inference-Version", version)
            .header("User-Agent", "jinference/" + version)
            .build();
    CompletableFuture<HttpResponse<T>> call = http.get().sendAsync(request, handler);
    HttpResponse<T> response;
    try {
      response = call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      call.cancel(true);
      throw RoboflowApiException.timeout();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof HttpTimeoutException) {
        throw RoboflowApiException.timeout();
      }
      throw RoboflowApiException.connection();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw RoboflowApiException.connection();
    }
    if (response.statusCode() >= 400) {
      if (response.body() instanceof InputStream) {
        ((InputStream) response.body()).close();
      }
      throw RoboflowApiException.forStatus(response.statusCode());
    }
    return response.body();
  }

  /** A URL fit for logs: the API key replaced by asterisks. */
  public static String mask(String url) {
    return API_KEY.matcher(url).replaceAll("$1***");
  }
}
