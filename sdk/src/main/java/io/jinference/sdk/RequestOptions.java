package io.jinference.sdk;

import io.jinference.sdk.internal.ApiKeys;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Settings for some calls only: a timeout, a retry policy, extra headers, another API key. Unset
 * options keep the client's.
 *
 * <pre>{@code
 * RequestOptions patient = RequestOptions.builder()
 *     .timeout(Duration.ofMinutes(5))
 *     .retryPolicy(RetryPolicy.none())
 *     .header("X-Request-Source", "batch-job")
 *     .build();
 * ObjectDetectionResult result = client.withOptions(patient).detect(ImageSource.path(photo), "coco/3");
 * }</pre>
 */
public final class RequestOptions {
  private static final RequestOptions NONE = builder().build();

  private final @Nullable Duration timeout;
  private final @Nullable RetryPolicy retryPolicy;
  private final Map<String, String> headers;
  private final @Nullable String apiKey;

  private RequestOptions(Builder b) {
    this.timeout = b.timeout;
    this.retryPolicy = b.retryPolicy;
    this.headers = Map.copyOf(b.headers);
    this.apiKey = b.apiKey;
  }

  /**
   * No options: everything as the client is configured.
   *
   * @return an empty value
   */
  public static RequestOptions none() {
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
   * The whole call's time limit, retries included; null keeps the client's call timeout.
   *
   * @return the timeout
   */
  public @Nullable Duration timeout() {
    return timeout;
  }

  /**
   * The retry policy.
   *
   * @return the retry policy
   */
  public @Nullable RetryPolicy retryPolicy() {
    return retryPolicy;
  }

  /**
   * Headers added to every request.
   *
   * @return the headers
   */
  public Map<String, String> headers() {
    return headers;
  }

  /**
   * The Roboflow API key to send instead of the client's; null keeps the client's.
   *
   * @return the API key
   */
  public @Nullable String apiKey() {
    return apiKey;
  }

  /** These options, with {@code other}'s set options taking precedence. */
  RequestOptions merge(RequestOptions other) {
    Builder b = builder();
    b.timeout = other.timeout != null ? other.timeout : timeout;
    b.retryPolicy = other.retryPolicy != null ? other.retryPolicy : retryPolicy;
    b.headers.putAll(headers);
    b.headers.putAll(other.headers);
    b.apiKey = other.apiKey != null ? other.apiKey : apiKey;
    return b.build();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RequestOptions
        && Objects.equals(timeout, ((RequestOptions) o).timeout)
        && Objects.equals(retryPolicy, ((RequestOptions) o).retryPolicy)
        && headers.equals(((RequestOptions) o).headers)
        && Objects.equals(apiKey, ((RequestOptions) o).apiKey);
  }

  @Override
  public int hashCode() {
    return Objects.hash(timeout, retryPolicy, headers, apiKey);
  }

  @Override
  public String toString() {
    return "RequestOptions[timeout="
        + timeout
        + ", retryPolicy="
        + retryPolicy
        + ", headers="
        + headers.keySet()
        + ", apiKey="
        + ApiKeys.mask(apiKey)
        + "]";
  }

  /** Builds {@link RequestOptions}. */
  public static final class Builder {
    private @Nullable Duration timeout;
    private @Nullable RetryPolicy retryPolicy;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private @Nullable String apiKey;

    private Builder() {}

    /**
     * Sets {@link RequestOptions#timeout()}.
     *
     * @param timeout the timeout
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * Sets {@link RequestOptions#retryPolicy()}.
     *
     * @param retryPolicy when and how often failed calls are retried
     * @return this builder
     */
    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
      return this;
    }

    /**
     * Adds a header to every call.
     *
     * @param name the header's name
     * @param value the header's value
     * @return this builder
     */
    public Builder header(String name, String value) {
      headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Sets {@link RequestOptions#apiKey()}.
     *
     * @param apiKey the Roboflow API key, or null for none
     * @return this builder
     */
    public Builder apiKey(String apiKey) {
      this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
      return this;
    }

    /**
     * Builds the immutable value.
     *
     * @return the built value
     */
    public RequestOptions build() {
      return new RequestOptions(this);
    }
  }
}
