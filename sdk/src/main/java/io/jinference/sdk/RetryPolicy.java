package io.jinference.sdk;

import java.time.Duration;
import java.util.Objects;

/**
 * When and how long the client waits before trying a call again: on connection failures and on HTTP
 * 429, 503 and 504, at most {@code maxRetries} more times, after a random delay of up to {@code
 * min(maxDelay, initialDelay x 2^(retry - 1))} (full jitter), or the server's {@code Retry-After}
 * when it sends one (capped at {@code maxDelay}). All attempts share the client's call timeout.
 *
 * <pre>{@code
 * InferenceHTTPClient client = InferenceHTTPClient.builder()
 *     .apiUrl("http://localhost:9001")
 *     .retryPolicy(RetryPolicy.builder().maxRetries(4).initialDelay(Duration.ofMillis(200)).build())
 *     .build();
 * }</pre>
 */
public final class RetryPolicy {
  private static final RetryPolicy DEFAULT = builder().build();
  private static final RetryPolicy NONE = builder().maxRetries(0).build();

  private final int maxRetries;
  private final Duration initialDelay;
  private final Duration maxDelay;

  private RetryPolicy(Builder b) {
    this.maxRetries = b.maxRetries;
    this.initialDelay = b.initialDelay;
    this.maxDelay = b.maxDelay;
  }

  /**
   * 2 retries, 500 ms initial delay, 8 s at most.
   *
   * @return the defaults
   */
  public static RetryPolicy defaults() {
    return DEFAULT;
  }

  /**
   * A policy that never retries.
   *
   * @return an empty value
   */
  public static RetryPolicy none() {
    return NONE;
  }

  /**
   * A builder with nothing set.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The max retries.
   *
   * @return the max retries
   */
  public int maxRetries() {
    return maxRetries;
  }

  /**
   * The initial delay.
   *
   * @return the initial delay
   */
  public Duration initialDelay() {
    return initialDelay;
  }

  /**
   * The max delay.
   *
   * @return the max delay
   */
  public Duration maxDelay() {
    return maxDelay;
  }

  /** Builds a {@link RetryPolicy}. */
  public static final class Builder {
    private int maxRetries = 2;
    private Duration initialDelay = Duration.ofMillis(500);
    private Duration maxDelay = Duration.ofSeconds(8);

    private Builder() {}

    /**
     * Sets {@link RetryPolicy#maxRetries()}.
     *
     * @param maxRetries the most retries after the first attempt
     * @return this builder
     */
    public Builder maxRetries(int maxRetries) {
      if (maxRetries < 0) {
        throw new IllegalArgumentException("maxRetries must be >= 0");
      }
      this.maxRetries = maxRetries;
      return this;
    }

    /**
     * Sets {@link RetryPolicy#initialDelay()}.
     *
     * @param initialDelay the wait before the first retry
     * @return this builder
     */
    public Builder initialDelay(Duration initialDelay) {
      this.initialDelay = Objects.requireNonNull(initialDelay);
      return this;
    }

    /**
     * Sets {@link RetryPolicy#maxDelay()}.
     *
     * @param maxDelay the longest wait between retries
     * @return this builder
     */
    public Builder maxDelay(Duration maxDelay) {
      this.maxDelay = Objects.requireNonNull(maxDelay);
      return this;
    }

    /**
     * Builds the immutable value.
     *
     * @return the built value
     */
    public RetryPolicy build() {
      return new RetryPolicy(this);
    }
  }
}
