package io.jinference.server.error;

/**
 * A route the contract declares for clients but this server version does not serve yet (501),
 * saying which feature it belongs to.
 */
public final class NotServedException extends ApiException {
  public NotServedException(String feature) {
    super(501, "NotImplementedError", feature + " are not served by this version of jinference.");
  }
}
