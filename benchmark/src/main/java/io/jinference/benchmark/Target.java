package io.jinference.benchmark;

import io.jinference.sdk.ImageSource;
import io.jinference.sdk.InferenceHTTPClient;
import io.jinference.sdk.InferenceHttpException;
import io.jinference.sdk.RetryPolicy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Where requests go: a server over HTTP, or the server's pipeline in this JVM. */
interface Target extends AutoCloseable {
  /**
   * Sends one request body; the outcome's latency is left to the caller (it knows when the request
   * was due).
   */
  CompletableFuture<Statistics.Outcome> send(byte[] body, int images);

  @Override
  void close();

  /**
   * A Roboflow-compatible server over HTTP/1.1 with keep-alive (one client, a pool of connections).
   */
  final class Http implements Target {
    private final HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final URI uri;
    private final String contentType;

    Http(URI uri, String contentType) {
      this.uri = uri;
      this.contentType = contentType;
    }

    @Override
    public CompletableFuture<Statistics.Outcome> send(byte[] body, int images) {
      HttpRequest request =
          HttpRequest.newBuilder(uri)
              .timeout(Duration.ofSeconds(60))
              .header("Content-Type", contentType)
              .POST(HttpRequest.BodyPublishers.ofByteArray(body))
              .build();
      return client
          .sendAsync(request, HttpResponse.BodyHandlers.discarding())
          .handle(
              (r, failure) -> {
                if (failure != null) {
                  return new Statistics.Outcome(0, 0, images, null);
                }
                Double server =
                    r.headers().firstValue("X-Processing-Time").map(Double::valueOf).orElse(null);
                return new Statistics.Outcome(r.statusCode(), 0, images, server);
              });
    }

    @Override
    public void close() {
      // java.net.http closes its connections when unreachable
    }

    static void check(URI health) throws IOException, InterruptedException {
      HttpResponse<Void> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(10)).build(),
                  HttpResponse.BodyHandlers.discarding());
      if (r.statusCode() >= 500) {
        throw new IOException(health + " answered " + r.statusCode());
      }
    }
  }

  /**
   * The same requests through our Java SDK ({@code InferenceHTTPClient.infer}, retries off): the
   * body is the encoded photo, which the SDK turns into base64 JSON itself, and the answer is
   * parsed into result objects, so the difference from {@link Http} is the SDK's own work per
   * request.
   */
  final class Sdk implements Target {
    private final InferenceHTTPClient client;
    private final String model;

    Sdk(String url, String apiKey, String model) {
      this.client =
          InferenceHTTPClient.builder()
              .apiUrl(url)
              .apiKey(apiKey)
              .retryPolicy(RetryPolicy.none())
              .build();
      this.model = model;
    }

    @Override
    public CompletableFuture<Statistics.Outcome> send(byte[] photo, int images) {
      int status;
      try {
        client.detect(ImageSource.bytes(photo), model);
        status = 200;
      } catch (InferenceHttpException e) {
        status = e.statusCode();
      } catch (RuntimeException e) {
        status = 0;
      }
      return CompletableFuture.completedFuture(new Statistics.Outcome(status, 0, images, null));
    }

    @Override
    public void close() {
      client.close();
    }
  }
}
