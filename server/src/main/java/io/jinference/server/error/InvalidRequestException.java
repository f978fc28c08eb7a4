package io.jinference.server.error;

/** A request whose fields contradict each other or are out of range (400). */
public final class InvalidRequestException extends ApiException {
  public InvalidRequestException(String errorType, String message) {
    super(400, errorType, message);
  }
}
