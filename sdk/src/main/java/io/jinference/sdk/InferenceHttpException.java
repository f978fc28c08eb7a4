package io.jinference.sdk;

/**
 * The server answered with an error status. Carries the status code and the server's {@code
 * message} and {@code error_type}; subclasses name the status class.
 *
 * <pre>{@code
 * catch (InferenceHttpException e) {
 *   log.warn("inference failed: {} {} ({})", e.statusCode(), e.serverMessage(), e.errorType());
 * }
 * }</pre>
 */
public class InferenceHttpException extends InferenceException {
  /** The status code. */
  private final int statusCode;

  /** The server message. */
  private final String serverMessage;

  /** The error type. */
  private final String errorType;

  /**
   * Creates the exception.
   *
   * @param statusCode the HTTP status code
   * @param serverMessage the {@code message} of the server's error body
   * @param errorType the {@code error_type} of the server's error body
   * @param context the request that failed, without API keys
   */
  public InferenceHttpException(
      int statusCode, String serverMessage, String errorType, String context) {
    super(context + " failed with HTTP " + statusCode + ": " + serverMessage);
    this.statusCode = statusCode;
    this.serverMessage = serverMessage;
    this.errorType = errorType;
  }

  /**
   * The status code.
   *
   * @return the status code
   */
  public int statusCode() {
    return statusCode;
  }

  /**
   * The {@code message} (or {@code detail}) of the error body, or the HTTP reason when there was
   * none.
   *
   * @return the server message
   */
  public String serverMessage() {
    return serverMessage;
  }

  /**
   * The server's {@code error_type}, or null when it sent none (Roboflow's server usually does
   * not).
   *
   * @return the error type
   */
  public String errorType() {
    return errorType;
  }
}
