package io.jinference.server.image;

import io.jinference.server.config.Setting;
import io.jinference.server.config.Settings;
import io.jinference.server.error.InputImageLoadException;
import io.jinference.server.error.PayloadTooLargeException;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.Proxy;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

/**
 * Downloads image URLs allowed by {@link UrlPolicy}: bounded connect time, one deadline for all
 * downloads of a request (body included), a byte cap enforced while reading, and redirects followed
 * by hand so each hop is checked by the policy again. Each hop connects only to the addresses the
 * policy checked (OkHttp is given a resolver that answers them), so the host cannot be resolved a
 * second time to somewhere else; TLS still verifies the host name.
 */
@Singleton
public final class ImageFetcher {
  private final UrlPolicy policy;
  private final OkHttpClient client;
  private final Duration timeout;
  private final long maxBytes;
  private final int maxRedirects;

  public ImageFetcher(UrlPolicy policy, Settings settings) {
    this.policy = policy;
    this.timeout = Duration.ofMillis(settings.number(Setting.IMAGE_URL_TIMEOUT_MS));
    this.maxBytes = settings.number(Setting.MAX_IMAGE_BYTES);
    this.maxRedirects = settings.integer(Setting.MAX_IMAGE_URL_REDIRECTS);
    this.client =
        new OkHttpClient.Builder()
            .connectTimeout(
                Duration.ofMillis(settings.number(Setting.IMAGE_URL_CONNECT_TIMEOUT_MS)))
            .followRedirects(false)
            .followSslRedirects(false)
            .proxy(Proxy.NO_PROXY) // the checked addresses are the ones connected to, not a proxy's
            .retryOnConnectionFailure(false)
            .build();
  }

  /** A new deadline for the downloads of one request ({@code IMAGE_URL_TIMEOUT_MS}). */
  public Deadline requestDeadline() {
    return Deadline.after(timeout);
  }

  public byte[] fetch(String url, Deadline deadline) {
    UrlPolicy.Destination destination = policy.check(url);
    for (int hop = 0; ; hop++) {
      if (deadline.passed()) {
        throw timedOut(deadline);
      }
      UrlPolicy.Destination pinned = destination;
      OkHttpClient call =
          client
              .newBuilder()
              .dns(host -> pinned.addresses())
              .callTimeout(deadline.remaining().toMillis(), TimeUnit.MILLISECONDS)
              .build();
      HttpUrl httpUrl = HttpUrl.parse(destination.uri().toString());
      if (httpUrl == null) {
        throw new InputImageLoadException("Provided image URL is invalid.");
      }
      Request request =
          new Request.Builder()
              .url(httpUrl)
              .get()
              .header("User-Agent", "jinference-server")
              .build();
      Call c = call.newCall(request);
      try (Response response = c.execute()) {
        int status = response.code();
        String location = response.header("Location");
        if (status >= 300 && status < 400 && location != null) {
          if (hop >= maxRedirects) {
            throw new InputImageLoadException(
                "Data pointed by URL could not be decoded into image: too many redirects.");
          }
          destination = policy.check(destination.uri().resolve(location).toString());
          continue;
        }
        if (status != 200) {
          throw new InputImageLoadException(
              "Data pointed by URL could not be decoded into image: the server answered HTTP "
                  + status
                  + ".");
        }
        return body(response.body());
      } catch (InterruptedIOException e) {
        throw timedOut(deadline);
      } catch (IllegalArgumentException e) {
        throw new InputImageLoadException("Provided image URL is invalid.");
      } catch (IOException e) {
        throw new InputImageLoadException(
            "Data pointed by URL could not be decoded into image: the fetch failed.");
      }
    }
  }

  /** The body, refused as soon as it passes the byte cap (declared or read). */
  private byte[] body(ResponseBody body) throws IOException {
    if (body.contentLength() > maxBytes) {
      throw tooLarge();
    }
    BufferedSource source = body.source();
    Buffer out = new Buffer();
    while (source.read(out, 64 * 1024) != -1) {
      if (out.size() > maxBytes) {
        throw tooLarge();
      }
    }
    return out.readByteArray();
  }

  private PayloadTooLargeException tooLarge() {
    return new PayloadTooLargeException(
        "Image at URL is larger than the limit of " + maxBytes + " bytes (MAX_IMAGE_BYTES).");
  }

  private static InputImageLoadException timedOut(Deadline deadline) {
    return new InputImageLoadException(
        "Data pointed by URL could not be decoded into image: the image downloads of "
            + "this request took longer than "
            + deadline.total().toMillis()
            + " ms (IMAGE_URL_TIMEOUT_MS).");
  }

  @PreDestroy
  void close() {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }
}
