package io.jinference.server.http;

import io.jinference.server.config.InvalidSettingException;
import io.jinference.server.config.Setting;
import io.jinference.server.config.Settings;
import io.jinference.server.http.model.ErrorResponse;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
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

/**
 * Server-side access control, which Roboflow's local server lacks: with {@code INFERENCE_SERVER_API_KEYS} (or
 * {@code INFERENCE_SERVER_API_KEYS_FILE}) set, every request but those to the public routes must carry one of the
 * keys, found with Roboflow's precedence (the {@code api_key} query parameter, then {@code Authorization: Bearer});
 * otherwise 401. A key given only in a JSON body is not accepted yet. Public routes are matched exactly on the
 * decoded path of the request line, never on anything built from the Host header (the Starlette "BadHost"
 * lesson); the static assets of the API pages match by prefix only for GET and only on paths without dot segments
 * or empty segments.
 * Keys are compared by digest, in constant time, and never logged.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Context // made at start, so that an unreadable key file stops the server there
final class AccessControlFilter implements Ordered {
  /** Routes anyone may call. */
  static final Set<String> PUBLIC = Set.of("/healthz", "/readiness", "/info", "/docs", "/redoc", "/openapi.json");
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
    if (digests.isEmpty() || request.getMethod() == HttpMethod.OPTIONS || isPublic(request)) {
      return null;
    }
    String key = request.getParameters().get("api_key");
    if (key == null) {
      key = request.getHeaders().getAuthorization().filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
          .map(h -> h.substring(7).trim()).orElse(null);
    }
    // A key only in the JSON body is not looked for: reading a copy of a streamed body in a filter breaks the
    // route's own read of it in this Micronaut version (503); the refusal says where to put the key.
    return key != null && accepts(key) ? null : refusal();
  }

  private boolean isPublic(HttpRequest<?> request) {
    String path = request.getPath();
    if (PUBLIC.contains(path) || metricsPublic && path.equals("/metrics")) {
      return true;
    }
    boolean plain = !path.contains("//") && !path.contains("/./") && !path.contains("/../") && !path.endsWith("/.")
        && !path.endsWith("/..") && !path.contains("\\");
    return plain && request.getMethod() == HttpMethod.GET && PUBLIC_ASSETS.stream().anyMatch(path::startsWith);
  }

  private boolean accepts(String key) {
    byte[] given = digest(key);
    boolean found = false;
    for (byte[] d : digests) { // every key compared, in constant time: the answer's timing tells nothing
      found |= MessageDigest.isEqual(given, d);
    }
    return found;
  }

  private static HttpResponse<?> refusal() {
    return HttpResponse.status(HttpStatus.UNAUTHORIZED).header("WWW-Authenticate", "Bearer")
        .body(new ErrorResponse("Unauthorized api_key: this server requires one of its API keys, as the api_key "
            + "query parameter or an Authorization: Bearer header.").errorType("Unauthorized"));
  }

  private static List<byte[]> keys(Settings settings) {
    List<String> keys = new ArrayList<>(settings.ids(Setting.INFERENCE_SERVER_API_KEYS));
    String file = settings.optional(Setting.INFERENCE_SERVER_API_KEYS_FILE);
    if (file != null) {
      try {
        Files.readAllLines(Path.of(file), StandardCharsets.UTF_8).stream().map(String::trim)
            .filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(keys::add);
      } catch (IOException | RuntimeException e) {
        throw new InvalidSettingException(Setting.INFERENCE_SERVER_API_KEYS_FILE, file, "a readable file of keys");
      }
      if (keys.isEmpty()) {
        throw new InvalidSettingException(Setting.INFERENCE_SERVER_API_KEYS_FILE, file, "a file with at least one key");
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
