package io.jinference.sdk;

/**
 * 400, 413, 422 and other 4xx without a class of their own: the request or its image was refused.
 *
 * <pre>{@code
 * try {
 *   client.infer(image, modelId);
 * } catch (BadRequestException e) {
 *   System.err.println(e.statusCode() + ": " + e.serverMessage());
 * }
 * }</pre>
 */
public final class BadRequestException extends InferenceHttpException {
  /**
   * Creates the exception.
   *
   * @param statusCode the HTTP status code
   * @param serverMessage the {@code message} of the server's error body
   * @param errorType the {@code error_type} of the server's error body
   * @param context the request that failed, without API keys
   */
  public BadRequestException(
      int statusCode, String serverMessage, String errorType, String context) {
    super(statusCode, serverMessage, errorType, context);
  }
}
