package io.jinference.server.error;

/**
 * The server's shared workers stayed busy past a request's deadline: 429 with {@code Retry-After}.
 */
public final class BusyException extends ApiException {
  public BusyException(String message) {
    super(429, "TooManyRequests", message);
  }
}
