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
  public AuthenticationException(
      int statusCode, String serverMessage, String errorType, String context) {
    super(statusCode, serverMessage, errorType, context);
  }
}
