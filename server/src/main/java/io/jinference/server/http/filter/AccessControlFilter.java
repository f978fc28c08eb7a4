package io.jinference.server.http.filter;

import io.jinference.server.config.InvalidSettingException;
import io.jinference.server.config.Setting;
import io.jinference.server.config.Settings;
import io.jinference.server.error.ServerApiKeyException;
import io.jinference.server.http.model.ErrorResponse;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.web.router.RouteAttributes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Server-side access control, which Roboflow's local server lacks: with {@code
 * INFERENCE_SERVER_API_KEYS} (or {@code INFERENCE_SERVER_API_KEYS_FILE}) set, every request but
 * those to the public routes must carry one of the keys, found with Roboflow's precedence (the
 * {@code api_key} query parameter, then {@code Authorization: Bearer}, then, for routes marked
 * {@link AcceptsBodyApiKey}, the JSON body's {@code api_key}, checked by {@link ApiKeys} when the
 * handler reads it); otherwise 401. Public routes are matched exactly on the decoded path of the
 * request line, never on anything built from the Host header (the Starlette "BadHost" lesson); the
 * static assets of the API pages match by prefix only for GET and only on paths without dot
 * segments or empty segments. Keys are compared by digest, in constant time, and never logged.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Context // made at start, so that an unreadable key file stops the server there
final class AccessControlFilter implements Ordered {
  /** Routes anyone may call. */
  static final Set<String> PUBLIC =
      Set.of("/healthz", "/readiness", "/info", "/docs", "/redoc", "/openapi.json");

  /** Request attribute: how to check the body's key, set when the route reads it. */
  static final String BODY_KEY_CHECK = "jinference.body-key-check";

  /** Request attribute: the body's key was checked and accepted. */
  static final String BODY_KEY_CHECKED = "jinference.body-key-checked";

  /**
   * Request attribute: whether a key is one of the server's own (a predicate), set when server keys
   * are on.
   */
  static final String SERVER_KEY = "jinference.server-key";

  /** Prefixes of the API pages' static files (GET only). */
  static final List<String> PUBLIC_ASSETS = List.of("/docs/assets/", "/redoc/assets/");

  private final List<byte[]> digests;
  private final boolean metricsPublic;

  AccessControlFilter(Settings settings) {
    this.digests = keys(settings);
    this.metricsPublic = settings.flag(Setting.METRICS_PUBLIC);
  }

  @Override
  public int getOrder() {
    return HIGHEST_PRECEDENCE + 100; // after the request id, before anything that does work
  }

  @RequestFilter
  @Nullable
  HttpResponse<?> check(HttpRequest<?> request) {
    if (digests.isEmpty()) {
      return null;
    }
    // Whatever happens next, a server key is never taken for a Roboflow key (ApiKeys leaves it
    // out).
    request.setAttribute(SERVER_KEY, (Predicate<String>) this::accepts);
    if (request.getMethod() == HttpMethod.OPTIONS || isPublic(request)) {
      return null;
    }
    String query = request.getParameters().get("api_key");
    String bearer = ApiKeys.bearer(request).orElse(null);
    if (query != null || bearer != null) {
      // Either may hold the server key; the other may then carry the caller's Roboflow key.
      return (query != null && accepts(query)) || (bearer != null && accepts(bearer))
          ? null
          : refusal();
    }
    // No key outside the body: a route that reads the body's api_key checks it before doing
    // anything (ApiKeys);
    // reading the body here would break the route's own read of a streamed body.
    boolean readsBodyKey =
        RouteAttributes.getRouteMatch(request)
            .map(m -> m.getAnnotationMetadata().hasAnnotation(AcceptsBodyApiKey.class))
            .orElse(false);
    if (!readsBodyKey) {
      return refusal();
    }
    request.setAttribute(BODY_KEY_CHECK, (Predicate<String>) this::accepts);
    return null;
  }

  /**
   * The net under {@link ApiKeys}: a body key that was to be checked and was not makes the answer a
   * 401.
   */
  @ResponseFilter
  @Nullable
  HttpResponse<?> unchecked(HttpRequest<?> request, MutableHttpResponse<?> response) {
    if (request.getAttribute(BODY_KEY_CHECK).isPresent()
        && request.getAttribute(BODY_KEY_CHECKED).isEmpty()
        && response.getStatus().getCode() < 400) {
      return refusal();
    }
    return null;
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

  private boolean accepts(String key) {
    byte[] given = digest(key);
    boolean found = false;
    for (byte[] d :
        digests) { // every key compared, in constant time: the answer's timing tells nothing
      found |= MessageDigest.isEqual(given, d);
    }
    return found;
  }

  private static HttpResponse<?> refusal() {
    return HttpResponse.status(HttpStatus.UNAUTHORIZED)
        .header("WWW-Authenticate", "Bearer")
        .body(new ErrorResponse(ServerApiKeyException.MESSAGE).errorType("Unauthorized"));
  }

  private static List<byte[]> keys(Settings settings) {
    List<String> keys = new ArrayList<>(settings.ids(Setting.INFERENCE_SERVER_API_KEYS));
    String file = settings.optional(Setting.INFERENCE_SERVER_API_KEYS_FILE);
    if (file != null) {
      try {
        Files.readAllLines(Path.of(file), StandardCharsets.UTF_8).stream()
            .map(String::trim)
            .filter(l -> !l.isEmpty() && !l.startsWith("#"))
            .forEach(keys::add);
      } catch (IOException | RuntimeException e) {
        throw new InvalidSettingException(
            Setting.INFERENCE_SERVER_API_KEYS_FILE, file, "a readable file of keys");
      }
      if (keys.isEmpty()) {
        throw new InvalidSettingException(
            Setting.INFERENCE_SERVER_API_KEYS_FILE, file, "a file with at least one key");
      }
    }
    List<byte[]> digests = new ArrayList<>();
    new HashSet<>(keys).forEach(k -> digests.add(digest(k)));
    return digests;
  }

  private static byte[] digest(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
