package io.jinference.sdk;

/**
 * 404: the model or resource does not exist.
 *
 * <pre>{@code
 * try {
 *   client.infer(image, modelId);
 * } catch (NotFoundException e) {
 *   System.err.println(e.statusCode() + ": " + e.serverMessage());
 * }
 * }</pre>
 */
public final class NotFoundException extends InferenceHttpException {
  /**
   * Creates the exception.
   *
   * @param statusCode the HTTP status code
   * @param serverMessage the {@code message} of the server's error body
   * @param errorType the {@code error_type} of the server's error body
   * @param context the request that failed, without API keys
   */
  public NotFoundException(int statusCode, String serverMessage, String errorType, String context) {
    super(statusCode, serverMessage, errorType, context);
  }
}
