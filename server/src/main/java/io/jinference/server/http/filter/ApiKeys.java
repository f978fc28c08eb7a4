package io.jinference.server.http.filter;

import io.jinference.server.error.ServerApiKeyException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.context.ServerRequestContext;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The request's Roboflow API key, with Roboflow's precedence (reference §0): the {@code api_key}
 * query parameter, then an {@code Authorization: Bearer} header, then the body's {@code api_key},
 * leaving out any of this server's own access keys ({@code INFERENCE_SERVER_API_KEYS}), which are
 * never sent upstream. Null means none was given (the model manager then falls back to {@code
 * ROBOFLOW_API_KEY}). Keys are never logged.
 */
public final class ApiKeys {
  private ApiKeys() {}

  @SuppressWarnings("unchecked")
  public static String resolve(String query, String body) {
    Optional<HttpRequest<Object>> request = ServerRequestContext.currentRequest();
    String bodyKey = body == null || body.isBlank() ? null : body;
    request.ifPresent(r -> checkBodyKey(r, bodyKey));
    Predicate<String> serverKey =
        request
            .flatMap(r -> r.getAttribute(AccessControlFilter.SERVER_KEY))
            .map(p -> (Predicate<String>) p)
            .orElse(k -> false);
    String header = request.flatMap(ApiKeys::bearer).orElse(null);
    for (String key : new String[] {query, header, bodyKey}) {
      if (key != null && !key.isBlank() && !serverKey.test(key)) {
        return key; // the server's own keys open this server only: never sent to Roboflow's API
      }
    }
    return null;
  }

  /** The token of an {@code Authorization: Bearer} header, if there is a non-empty one. */
  static Optional<String> bearer(HttpRequest<?> request) {
    return request
        .getHeaders()
        .getAuthorization()
        .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
        .map(h -> h.substring(7).trim())
        .filter(h -> !h.isEmpty());
  }

  /**
   * With server API keys set and no key outside the body, the body's key must be one of them (else
   * 401).
   */
  @SuppressWarnings("unchecked")
  private static void checkBodyKey(HttpRequest<Object> request, String key) {
    Optional<Object> check = request.getAttribute(AccessControlFilter.BODY_KEY_CHECK);
    if (check.isPresent()) {
      if (key == null || !((Predicate<String>) check.get()).test(key)) {
        throw new ServerApiKeyException();
      }
      request.setAttribute(AccessControlFilter.BODY_KEY_CHECKED, true);
    }
  }
}
