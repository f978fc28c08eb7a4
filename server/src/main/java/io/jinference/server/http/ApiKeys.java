package io.jinference.server.http;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.context.ServerRequestContext;
import java.util.Optional;

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
    Optional<String> header = request.flatMap(r -> r.getHeaders().getAuthorization())
        .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7)).map(h -> h.substring(7).trim())
        .filter(h -> !h.isEmpty());
    if (header.isPresent()) {
      return header.get();
    }
    return body == null || body.isBlank() ? null : body;
  }
}
