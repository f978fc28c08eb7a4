package io.jinference.server.http.auth;

import io.jinference.server.config.Setting;
import io.jinference.server.config.Settings;
import io.jinference.server.error.ServerApiKeyException;
import io.jinference.server.http.model.ErrorResponse;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.web.router.MethodBasedRouteMatch;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.RouteMatch;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Server-side access control, which Roboflow's local server lacks: with {@code
 * INFERENCE_SERVER_API_KEYS} (or {@code INFERENCE_SERVER_API_KEYS_FILE}) set, every request but
 * those to the public routes must carry one of the keys, found with Roboflow's precedence: the
 * {@code api_key} query parameter or {@code Authorization: Bearer}, checked here, or, for a route
 * that takes a body and {@link RequestKeys}, the JSON body's {@code api_key}, checked by {@link
 * RequestKeys#roboflowKey(String)} when the handler reads it; otherwise 401. Public routes are
 * matched exactly on the decoded path of the request line, never on anything built from the Host
 * header (the Starlette "BadHost" lesson); the static assets of the API pages match by prefix only
 * for GET and only on paths without dot segments or empty segments.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
final class AccessControlFilter implements Ordered {
  /** Routes anyone may call. */
  static final Set<String> PUBLIC =
      Set.of("/healthz", "/readiness", "/info", "/docs", "/redoc", "/openapi.json");

  /** Prefixes of the API pages' static files (GET only). */
  static final List<String> PUBLIC_ASSETS = List.of("/docs/assets/", "/redoc/assets/");

  private final ServerKeys server;
  private final boolean metricsPublic;

  AccessControlFilter(ServerKeys server, Settings settings) {
    this.server = server;
    this.metricsPublic = settings.flag(Setting.METRICS_PUBLIC);
  }

  @Override
  public int getOrder() {
    return HIGHEST_PRECEDENCE + 100; // after the request id, before anything that does work
  }

  @RequestFilter
  @Nullable
  HttpResponse<?> check(HttpRequest<?> request) {
    if (!server.enabled() || request.getMethod() == HttpMethod.OPTIONS || isPublic(request)) {
      return null;
    }
    RequestKeys keys = RequestKeys.of(request, server);
    if (keys.outsideBody()) {
      // Either place may hold the server key; the other may then carry the caller's Roboflow key.
      return keys.opensServer() ? null : refusal();
    }
    // No key outside the body: a route that reads the body's api_key checks it before doing
    // anything (RequestKeys); reading the body here would break the route's own read of it.
    return readsBodyKey(request) ? null : refusal();
  }

  /** Whether the route takes a body and the request's keys, and so may find its key in the body. */
  private static boolean readsBodyKey(HttpRequest<?> request) {
    return RouteAttributes.getRouteMatch(request)
        .filter(m -> m.getRouteInfo().getBodyArgument().isPresent())
        .filter(AccessControlFilter::takesKeys)
        .isPresent();
  }

  private static boolean takesKeys(RouteMatch<?> match) {
    return match instanceof MethodBasedRouteMatch<?, ?> method
        && Arrays.stream(method.getArguments()).anyMatch(a -> a.getType() == RequestKeys.class);
  }

  private boolean isPublic(HttpRequest<?> request) {
    String path = request.getPath();
    if (PUBLIC.contains(path) || metricsPublic && path.equals("/metrics")) {
      return true;
    }
    boolean plain =
        !path.contains("//")
            && !path.contains("/./")
            && !path.contains("/../")
            && !path.endsWith("/.")
            && !path.endsWith("/..")
            && !path.contains("\\");
    return plain
        && request.getMethod() == HttpMethod.GET
        && PUBLIC_ASSETS.stream().anyMatch(path::startsWith);
  }

  private static HttpResponse<?> refusal() {
    return HttpResponse.status(HttpStatus.UNAUTHORIZED)
        .header("WWW-Authenticate", "Bearer")
        .body(new ErrorResponse(ServerApiKeyException.MESSAGE).errorType("Unauthorized"));
  }
}
