package io.jinference.server.image;

import io.jinference.server.config.Setting;
import io.jinference.server.config.Settings;
import io.jinference.server.error.InputImageLoadException;
import io.jinference.server.error.PayloadTooLargeException;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Downloads image URLs allowed by {@link UrlPolicy}: bounded connect time and total time (body included), a
 * byte cap enforced while reading, and redirects followed by hand so each hop is checked by the policy again.
 */
@Singleton
public final class ImageFetcher {
  private final UrlPolicy policy;
  private final HttpClient client;
  private final Duration timeout;
  private final long maxBytes;
  private final int maxRedirects;

  public ImageFetcher(UrlPolicy policy, Settings settings) {
    this.policy = policy;
    this.timeout = Duration.ofMillis(settings.number(Setting.IMAGE_URL_TIMEOUT_MS));
    this.maxBytes = settings.number(Setting.MAX_IMAGE_BYTES);
    this.maxRedirects = settings.integer(Setting.MAX_IMAGE_URL_REDIRECTS);
    this.client = HttpClient.newBuilder()
        .connectTimeout(Duration.ofMillis(settings.number(Setting.IMAGE_URL_CONNECT_TIMEOUT_MS)))
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  public byte[] fetch(String url) {
    URI uri = policy.check(url);
    long deadline = System.nanoTime() + timeout.toNanos();
    for (int hop = 0; ; hop++) {
      HttpRequest request = HttpRequest.newBuilder(uri).timeout(remaining(deadline)).GET()
          .header("User-Agent", "jinference-server").build();
      HttpResponse<byte[]> response = send(request, deadline);
      int status = response.statusCode();
      if (status >= 300 && status < 400 && response.headers().firstValue("Location").isPresent()) {
        if (hop >= maxRedirects) {
          throw new InputImageLoadException("Data pointed by URL could not be decoded into image: too many redirects.");
        }
        uri = policy.check(uri.resolve(response.headers().firstValue("Location").get()).toString());
        continue;
      }
      if (status != 200) {
        throw new InputImageLoadException(
            "Data pointed by URL could not be decoded into image: the server answered HTTP " + status + ".");
      }
      return response.body();
    }
  }

  /** Headers and body within the deadline: HttpClient's own timeout stops at the headers. */
  private HttpResponse<byte[]> send(HttpRequest request, long deadline) {
    CompletableFuture<HttpResponse<byte[]>> call =
        client.sendAsync(request, info -> new CappedBodySubscriber(maxBytes));
    try {
      return call.get(remaining(deadline).toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      call.cancel(true);
      throw new InputImageLoadException("Data pointed by URL could not be decoded into image: the fetch timed out.");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof CappedBodySubscriber.TooLarge) {
        throw new PayloadTooLargeException(
            "Image at URL is larger than the limit of " + maxBytes + " bytes (MAX_IMAGE_BYTES).");
      }
      if (e.getCause() instanceof HttpTimeoutException) {
        throw new InputImageLoadException("Data pointed by URL could not be decoded into image: the fetch timed out.");
      }
      throw new InputImageLoadException("Data pointed by URL could not be decoded into image: the fetch failed.");
    } catch (InterruptedException e) {
      call.cancel(true);
      Thread.currentThread().interrupt();
      throw new InputImageLoadException("Data pointed by URL could not be decoded into image: interrupted.");
    }
  }

  private static Duration remaining(long deadline) {
    return Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
  }
}
