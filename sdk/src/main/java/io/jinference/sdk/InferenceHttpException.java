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
  private final int statusCode;
  private final String serverMessage;
  private final String errorType;

  public InferenceHttpException(
      int statusCode, String serverMessage, String errorType, String context) {
    super(context + " failed with HTTP " + statusCode + ": " + serverMessage);
    this.statusCode = statusCode;
    this.serverMessage = serverMessage;
    this.errorType = errorType;
  }

  public int statusCode() {
    return statusCode;
  }

  /**
   * The {@code message} (or {@code detail}) of the error body, or the HTTP reason when there was
   * none.
   */
  public String serverMessage() {
    return serverMessage;
  }

  /**
   * The server's {@code error_type}, or null when it sent none (Roboflow's server usually does
   * not).
   */
  public String errorType() {
    return errorType;
  }
}
