package io.jinference.sdk;

/**
 * 429: too many requests; retry later.
 *
 * <pre>{@code
 * try {
 *   client.infer(image, modelId);
 * } catch (RateLimitException e) {
 *   System.err.println(e.statusCode() + ": " + e.serverMessage());
 * }
 * }</pre>
 */
public final class RateLimitException extends InferenceHttpException {
  /**
   * Creates the exception.
   *
   * @param statusCode the HTTP status code
   * @param serverMessage the {@code message} of the server's error body
   * @param errorType the {@code error_type} of the server's error body
   * @param context the request that failed, without API keys
   */
  public RateLimitException(
      int statusCode, String serverMessage, String errorType, String context) {
    super(statusCode, serverMessage, errorType, context);
  }
}
