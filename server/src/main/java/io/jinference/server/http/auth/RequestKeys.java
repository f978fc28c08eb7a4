package io.jinference.server.http.auth;

import io.jinference.server.error.ServerApiKeyException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import java.util.Optional;

/**
 * The API keys one request carries, bound to the routes' {@code api_key} parameter by {@link
 * RequestKeysBinder} (the contract maps its {@code RoboflowApiKey} schema to this type): the {@code
 * api_key} query parameter and the {@code Authorization: Bearer} token, joined by the handler with
 * the JSON body's {@code api_key} through {@link #roboflowKey(String)}.
 *
 * <p>With this server's own keys set ({@code INFERENCE_SERVER_API_KEYS}), {@link
 * AccessControlFilter} has already checked a query or header key; a request that has neither is let
 * through only to routes that take a body and this type, and {@link #roboflowKey(String)} then
 * demands that the body's key be one of the server's (else 401) before any work is done.
 *
 * <pre>{@code
 * String roboflowKey = keys.roboflowKey(request.getApiKey()); // null: none given
 * models.get(modelId, roboflowKey);
 * }</pre>
 */
public final class RequestKeys {
  private final @Nullable String query;
  private final @Nullable String header;
  private final ServerKeys server;

  private RequestKeys(@Nullable String query, @Nullable String header, ServerKeys server) {
    this.query = blankToNull(query);
    this.header = blankToNull(header);
    this.server = server;
  }

  /**
   * A call made in this JVM, not over HTTP (benchmarks, embedding): no key, and no server keys to
   * check.
   */
  public static RequestKeys none() {
    return new RequestKeys(null, null, ServerKeys.NONE);
  }

  static RequestKeys of(HttpRequest<?> request, ServerKeys server) {
    return new RequestKeys(
        request.getParameters().get("api_key"), bearer(request).orElse(null), server);
  }

  /**
   * The caller's Roboflow key with Roboflow's precedence (query, then header, then body), leaving
   * out this server's own keys, which are never sent upstream; null when none was given (the model
   * manager then falls back to {@code ROBOFLOW_API_KEY}).
   *
   * @param bodyKey the JSON body's {@code api_key}, or null for a route whose body has none
   * @throws ServerApiKeyException when the server's keys are on, the request had no query or header
   *     key and the body's key is not one of the server's
   */
  public @Nullable String roboflowKey(@Nullable String bodyKey) {
    String body = blankToNull(bodyKey);
    if (server.enabled() && query == null && header == null) {
      if (body == null || !server.accepts(body)) {
        throw new ServerApiKeyException();
      }
      return null; // the body's only key opened this server: it is not the caller's Roboflow key
    }
    for (String key : new String[] {query, header, body}) {
      if (key != null && !server.accepts(key)) {
        return key;
      }
    }
    return null;
  }

  /** {@link #roboflowKey(String)} for a route whose body carries no key. */
  public @Nullable String roboflowKey() {
    return roboflowKey(null);
  }

  /** Whether the request carries a key in its query or an {@code Authorization: Bearer} header. */
  boolean outsideBody() {
    return query != null || header != null;
  }

  /** Whether a key given in the query or header is one of this server's. */
  boolean opensServer() {
    return query != null && server.accepts(query) || header != null && server.accepts(header);
  }

  /** The token of an {@code Authorization: Bearer} header, if there is a non-empty one. */
  private static Optional<String> bearer(HttpRequest<?> request) {
    return request
        .getHeaders()
        .getAuthorization()
        .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
        .map(h -> h.substring(7).trim())
        .filter(h -> !h.isEmpty());
  }

  private static @Nullable String blankToNull(@Nullable String key) {
    return key == null || key.isBlank() ? null : key;
  }

  @Override
  public String toString() {
    return "RequestKeys[query="
        + (query == null ? "none" : "***")
        + ", header="
        + (header == null ? "none" : "***")
        + "]";
  }
}
