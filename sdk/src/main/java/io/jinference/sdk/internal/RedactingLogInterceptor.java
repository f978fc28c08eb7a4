package io.jinference.sdk.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Logs each HTTP exchange (method, URL with the API key masked, status, milliseconds) to the {@code
 * io.jinference.sdk.http} System.Logger at DEBUG. Bodies are never logged: they carry images and
 * keys.
 */
public final class RedactingLogInterceptor implements Interceptor {
  private static final System.Logger LOG = System.getLogger("io.jinference.sdk.http");

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    long start = System.nanoTime();
    String target = request.method() + " " + ApiKeys.maskIn(request.url().toString());
    try {
      Response response = chain.proceed(request);
      LOG.log(
          Level.DEBUG,
          () ->
              target
                  + " -> "
                  + response.code()
                  + " in "
                  + (System.nanoTime() - start) / 1_000_000
                  + " ms");
      return response;
    } catch (IOException e) {
      LOG.log(Level.DEBUG, () -> target + " failed: " + e.getClass().getSimpleName());
      throw e;
    }
  }
}
