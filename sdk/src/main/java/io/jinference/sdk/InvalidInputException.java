package io.jinference.sdk;

/**
 * An argument the SDK refuses before sending anything: an unreadable file, an image that cannot be
 * encoded, a model id the selected API mode cannot address.
 *
 * <pre>{@code
 * catch (InvalidInputException e) {
 *   System.err.println(e.getMessage());
 * }
 * }</pre>
 */
public final class InvalidInputException extends InferenceException {
  /**
   * Creates the exception.
   *
   * @param message what went wrong
   */
  public InvalidInputException(String message) {
    super(message);
  }

  /**
   * Creates the exception.
   *
   * @param message what went wrong
   * @param cause the underlying failure
   */
  public InvalidInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
