package io.jinference.sdk;

/**
 * 401 and 403: the API key is missing, wrong, or lacks access.
 *
 * <pre>{@code
 * try {
 *   client.infer(image, modelId);
 * } catch (AuthenticationException e) {
 *   System.err.println(e.statusCode() + ": " + e.serverMessage());
 * }
 * }</pre>
 */
public final class AuthenticationException extends InferenceHttpException {
  /**
   * Creates the exception.
   *
   * @param statusCode the HTTP status code
   * @param serverMessage the {@code message} of the server's error body
   * @param errorType the {@code error_type} of the server's error body
   * @param context the request that failed, without API keys
   */
  public AuthenticationException(
      int statusCode, String serverMessage, String errorType, String context) {
    super(statusCode, serverMessage, errorType, context);
  }
}
