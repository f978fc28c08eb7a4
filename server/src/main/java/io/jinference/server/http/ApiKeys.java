package io.jinference.server.http;

import io.jinference.server.error.ServerApiKeyException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.context.ServerRequestContext;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The request's Roboflow API key, with Roboflow's precedence (reference §0): the {@code api_key} query parameter,
 * then an {@code Authorization: Bearer} header, then the body's {@code api_key}. Null means none was given (the
 * model manager then falls back to {@code ROBOFLOW_API_KEY}). Keys are never logged.
 */
final class ApiKeys {
  private ApiKeys() {}

  static String resolve(String query, String body) {
    if (query != null && !query.isBlank()) {
      return query;
    }
    Optional<HttpRequest<Object>> request = ServerRequestContext.currentRequest();
    Optional<String> header = request.flatMap(ApiKeys::bearer);
    if (header.isPresent()) {
      return header.get();
    }
    String key = body == null || body.isBlank() ? null : body;
    request.ifPresent(r -> checkBodyKey(r, key));
    return key;
  }

  /** The token of an {@code Authorization: Bearer} header, if there is a non-empty one. */
  static Optional<String> bearer(HttpRequest<?> request) {
    return request.getHeaders().getAuthorization().filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
        .map(h -> h.substring(7).trim()).filter(h -> !h.isEmpty());
  }

  /** With server API keys set and no key outside the body, the body's key must be one of them (else 401). */
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
