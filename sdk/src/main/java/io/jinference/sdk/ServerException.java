package io.jinference.sdk;

/**
 * 5xx: the server failed or is not ready (503 carries Retry-After).
 *
 * <pre>{@code
 * try {
 *   client.infer(image, modelId);
 * } catch (ServerException e) {
 *   System.err.println(e.statusCode() + ": " + e.serverMessage());
 * }
 * }</pre>
 */
public final class ServerException extends InferenceHttpException {
  /**
   * Creates the exception.
   *
   * @param statusCode the HTTP status code
   * @param serverMessage the {@code message} of the server's error body
   * @param errorType the {@code error_type} of the server's error body
   * @param context the request that failed, without API keys
   */
  public ServerException(int statusCode, String serverMessage, String errorType, String context) {
    super(statusCode, serverMessage, errorType, context);
  }
}
