package io.jinference.sdk;

/**
 * The server could not be reached, or did not answer in time.
 *
 * <pre>{@code
 * catch (InferenceConnectionException e) {
 *   // is the server running at the configured URL?
 * }
 * }</pre>
 */
public final class InferenceConnectionException extends InferenceException {
  public InferenceConnectionException(String message, Throwable cause) {
    super(message, cause);
  }
}
