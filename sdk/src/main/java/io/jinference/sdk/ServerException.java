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
  public ServerException(int statusCode, String serverMessage, String errorType, String context) {
    super(statusCode, serverMessage, errorType, context);
  }
}
