package io.jinference.server.error;

/** An image or request above a configured size limit (413). */
public final class PayloadTooLargeException extends ApiException {
  public PayloadTooLargeException(String message) {
    super(413, "PayloadTooLargeError", message);
  }
}
