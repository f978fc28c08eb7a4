package io.jinference.sdk.internal;

import io.jinference.sdk.RetryPolicy;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * When to try a call again, by a {@link RetryPolicy}: connection failures (not timeouts) and HTTP
 * 429, 503 and 504, after a jittered delay or the server's {@code Retry-After}. The waits are
 * scheduled ({@link Delayer}), so no thread sleeps through them.
 */
public final class Retries {
  /** Runs {@code next} after {@code millis}; replaced in tests so that they do not wait. */
  public interface Delayer {
    void after(long millis, Runnable next);
  }

  /** One daemon thread for the whole SDK: it only hands retries back to OkHttp's dispatcher. */
  public static final Delayer SCHEDULED =
      new Delayer() {
        private final ScheduledThreadPoolExecutor timer = timer();

        @Override
        public void after(long millis, Runnable next) {
          timer.schedule(next, millis, TimeUnit.MILLISECONDS);
        }
      };

  private final RetryPolicy policy;
  private final Delayer delayer;

  public Retries(RetryPolicy policy, Delayer delayer) {
    this.policy = policy;
    this.delayer = delayer;
  }

  /** Whether a failure of attempt {@code retry} (0 for the first) is worth another attempt. */
  public boolean retries(int retry, Throwable failure) {
    return retry < policy.maxRetries()
        && failure instanceof IOException
        && !(failure instanceof InterruptedIOException); // a timeout: the call's own time is up
  }

  public boolean retries(int retry, int status) {
    return retry < policy.maxRetries() && (status == 429 || status == 503 || status == 504);
  }

  public void after(long millis, Runnable next) {
    delayer.after(millis, next);
  }

  private static ScheduledThreadPoolExecutor timer() {
    ScheduledThreadPoolExecutor t =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread thread = new Thread(r, "jinference-sdk-retry");
              thread.setDaemon(true);
              return thread;
            });
    t.setRemoveOnCancelPolicy(true);
    return t;
  }

  /**
   * Full jitter over the exponential delay, or the server's Retry-After; never more than maxDelay.
   */
  public long delay(int retry, @Nullable String retryAfter) {
    long cap = policy.maxDelay().toMillis();
    Long asked = parseRetryAfter(retryAfter);
    if (asked != null) {
      return Math.min(cap, Math.max(0, asked));
    }
    long exponential = Math.min(cap, policy.initialDelay().toMillis() << Math.min(30, retry - 1));
    return ThreadLocalRandom.current().nextLong(exponential + 1);
  }

  public static @Nullable Long parseRetryAfter(@Nullable String value) {
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
}
