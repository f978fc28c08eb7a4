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
  /**
   * Creates the exception.
   *
   * @param message what went wrong
   * @param cause the underlying failure
   */
  public InferenceConnectionException(String message, Throwable cause) {
    super(message, cause);
  }
}
