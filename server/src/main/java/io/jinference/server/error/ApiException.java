package io.jinference.server.error;

/**
 * Base of every error the server answers on purpose. It carries the HTTP status, Roboflow's {@code
 * error_type} name and a message safe to show a client (it says what was wrong; no stack trace, no
 * API key). {@code io.jinference.server.http.error.ApiExceptionHandler} turns it into {@code
 * {"message", "error_type"}}.
 */
public abstract class ApiException extends RuntimeException {
  private final int status;
  private final String errorType;

  protected ApiException(int status, String errorType, String message) {
    this(status, errorType, message, null);
  }

  protected ApiException(int status, String errorType, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.errorType = errorType;
  }

  public int status() {
    return status;
  }

  public String errorType() {
    return errorType;
  }
}
