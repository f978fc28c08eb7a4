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
  public RateLimitException(
      int statusCode, String serverMessage, String errorType, String context) {
    super(statusCode, serverMessage, errorType, context);
  }
}
