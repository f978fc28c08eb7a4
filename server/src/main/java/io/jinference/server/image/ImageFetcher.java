package io.jinference.server.image;

import io.jinference.server.config.Setting;
import io.jinference.server.config.Settings;
import io.jinference.server.error.InputImageLoadException;
import io.jinference.server.error.PayloadTooLargeException;
import io.micronaut.core.util.SupplierUtil;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.Proxy;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
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

  /**
   * Made at the first fetch, not at start: building it loads the JDK's trust store, a third of a
   * second of a cold start (docs/benchmarks.md) that a server given no URL never needs.
   */
  private final Supplier<OkHttpClient> client;

  private volatile boolean clientMade;
  private final Duration timeout;
  private final long maxBytes;
  private final int maxRedirects;

  public ImageFetcher(UrlPolicy policy, Settings settings) {
    this.policy = policy;
    this.timeout = Duration.ofMillis(settings.number(Setting.IMAGE_URL_TIMEOUT_MS));
    this.maxBytes = settings.number(Setting.MAX_IMAGE_BYTES);
    this.maxRedirects = settings.integer(Setting.MAX_IMAGE_URL_REDIRECTS);
    Duration connectTimeout =
        Duration.ofMillis(settings.number(Setting.IMAGE_URL_CONNECT_TIMEOUT_MS));
    this.client =
        SupplierUtil.memoized(
            () -> {
              clientMade = true;
              return new OkHttpClient.Builder()
                  .connectTimeout(connectTimeout)
                  .followRedirects(false)
                  .followSslRedirects(false)
                  // the checked addresses are the ones connected to, not a proxy's
                  .proxy(Proxy.NO_PROXY)
                  .retryOnConnectionFailure(false)
                  .build();
            });
  }

  /** A new deadline for the downloads of one request ({@code IMAGE_URL_TIMEOUT_MS}). */
  public Deadline requestDeadline() {
    return Deadline.after(timeout);
  }

  public byte[] fetch(String url, Deadline deadline) {
    try (Response response = follow(policy.check(url), policy::check, deadline, null)) {
      return body(response.body());
    } catch (InterruptedIOException e) {
      throw timedOut(deadline);
    } catch (IOException e) {
      throw new InputImageLoadException(
          "Data pointed by URL could not be decoded into image: the fetch failed.");
    }
  }

  /**
   * An endless body (a video stream of an inference pipeline, MJPEG or MPEG-TS over HTTP): opened
   * under the stream URL policy, each redirect checked again and connected to the checked address
   * (FFmpeg, left to itself, would follow a redirect anywhere), every read bounded by {@code
   * readTimeout}. The caller closes the stream.
   */
  public java.io.InputStream openStream(String url, Duration readTimeout) {
    Deadline deadline = Deadline.after(readTimeout);
    try {
      Response response =
          follow(policy.checkStream(url), policy::checkStream, deadline, readTimeout);
      return response.body().byteStream();
    } catch (InterruptedIOException e) {
      throw timedOut(deadline);
    } catch (IOException e) {
      throw new InputImageLoadException("Could not open the video stream: the request failed.");
    }
  }

  /**
   * Sends the GET, following up to {@code MAX_IMAGE_URL_REDIRECTS} redirects, each destination
   * checked by {@code check} and connected to at the addresses the check resolved; answers the open
   * 200 response. With a {@code readTimeout} the call has no overall limit (a stream), only one per
   * read.
   */
  private Response follow(
      UrlPolicy.Destination first,
      java.util.function.Function<String, UrlPolicy.Destination> check,
      Deadline deadline,
      Duration readTimeout)
      throws IOException {
    UrlPolicy.Destination destination = first;
    for (int hop = 0; ; hop++) {
      if (deadline.passed()) {
        throw timedOut(deadline);
      }
      UrlPolicy.Destination pinned = destination;
      OkHttpClient.Builder builder = client.get().newBuilder().dns(host -> pinned.addresses());
      if (readTimeout == null) {
        builder.callTimeout(deadline.remaining().toMillis(), TimeUnit.MILLISECONDS);
      } else {
        builder.readTimeout(readTimeout).callTimeout(0, TimeUnit.MILLISECONDS);
      }
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
      Call c = builder.build().newCall(request);
      Response response;
      try {
        response = c.execute();
      } catch (IllegalArgumentException e) {
        throw new InputImageLoadException("Provided image URL is invalid.");
      }
      int status = response.code();
      String location = response.header("Location");
      if (status >= 300 && status < 400 && location != null) {
        response.close();
        if (hop >= maxRedirects) {
          throw new InputImageLoadException(
              "Data pointed by URL could not be decoded into image: too many redirects.");
        }
        try {
          destination = check.apply(destination.uri().resolve(location).toString());
        } catch (IllegalArgumentException e) {
          throw new InputImageLoadException("Provided image URL is invalid.");
        }
        continue;
      }
      if (status != 200) {
        response.close();
        throw new InputImageLoadException(
            "Data pointed by URL could not be decoded into image: the server answered HTTP "
                + status
                + ".");
      }
      return response;
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
    if (clientMade) {
      client.get().dispatcher().executorService().shutdown();
      client.get().connectionPool().evictAll();
    }
  }
}
