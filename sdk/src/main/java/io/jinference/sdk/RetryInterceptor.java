package io.jinference.sdk;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;
import okhttp3.Interceptor;
import okhttp3.Response;

/** Applies a {@link RetryPolicy} to every call made through the client's OkHttp client. */
final class RetryInterceptor implements Interceptor {
  /** Waits between attempts; replaced in tests so they do not really sleep. */
  interface Sleeper {
    void sleep(long millis) throws InterruptedException;
  }

  private final RetryPolicy policy;
  private final Sleeper sleeper;

  RetryInterceptor(RetryPolicy policy, Sleeper sleeper) {
    this.policy = policy;
    this.sleeper = sleeper;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    for (int retry = 0; ; retry++) {
      Response response;
      try {
        response = chain.proceed(chain.request());
      } catch (InterruptedIOException timeout) {
        throw timeout; // the call's own time is up: retrying would exceed it
      } catch (IOException e) {
        if (retry >= policy.maxRetries() || chain.call().isCanceled()) {
          throw e;
        }
        pause(delay(retry + 1, null));
        continue;
      }
      int code = response.code();
      if ((code == 429 || code == 503 || code == 504) && retry < policy.maxRetries()) {
        long wait = delay(retry + 1, response.header("Retry-After"));
        response.close();
        pause(wait);
        continue;
      }
      return response;
    }
  }

  /**
   * Full jitter over the exponential delay, or the server's Retry-After; never more than maxDelay.
   */
  long delay(int retry, String retryAfter) {
    long cap = policy.maxDelay().toMillis();
    Long asked = parseRetryAfter(retryAfter);
    if (asked != null) {
      return Math.min(cap, Math.max(0, asked));
    }
    long exponential = Math.min(cap, policy.initialDelay().toMillis() << Math.min(30, retry - 1));
    return ThreadLocalRandom.current().nextLong(exponential + 1);
  }

  static Long parseRetryAfter(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Long.parseLong(value.trim()) * 1000;
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
        return at.toInstant().toEpochMilli() - System.currentTimeMillis();
      } catch (RuntimeException notADate) {
        return null;
      }
    }
  }

  private void pause(long millis) throws IOException {
    try {
      sleeper.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting to retry");
    }
  }
}
