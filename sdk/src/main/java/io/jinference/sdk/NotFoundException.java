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
  public NotFoundException(int statusCode, String serverMessage, String errorType, String context) {
    super(statusCode, serverMessage, errorType, context);
  }
}
