package io.jinference.server.model;

import io.jinference.server.error.RoboflowApiException;
import io.jinference.server.error.UnauthorizedModelAccessException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code MODELS_CACHE_AUTH_ENABLED}: before a cached model serves a key, Roboflow's API confirms
 * that this key may use it; a confirmation is remembered for the TTL (by a hash of the key, never
 * the key itself).
 */
final class ModelAccess {
  private final RoboflowApiClient api;
  private final long ttlMs;
  private final Map<String, Long> verified = new ConcurrentHashMap<>();

  ModelAccess(RoboflowApiClient api, long ttlMs) {
    this.api = api;
    this.ttlMs = ttlMs;
  }

  /** Returns when {@code apiKey} may use the model; otherwise a 401 (UnauthorizedModelAccess). */
  void check(ModelId id, String apiKey) {
    if (apiKey == null) {
      throw new UnauthorizedModelAccessException();
    }
    String grant = Integer.toHexString(apiKey.hashCode()) + ":" + id;
    Long until = verified.get(grant);
    if (until != null && until > System.currentTimeMillis()) {
      return;
    }
    try {
      Map<String, String> query = new LinkedHashMap<>();
      query.put("nocache", "true");
      query.put("api_key", apiKey);
      api.getJson(
          id.hasNumericVersion() ? "/ort/" + id.dataset() + "/" + id.version() : "/getWeights",
          id.hasNumericVersion() ? query : Map.of("model", id.toString(), "api_key", apiKey));
    } catch (RoboflowApiException e) {
      if (e.status() == 401 || e.status() == 403 || e.status() == 404) {
        throw new UnauthorizedModelAccessException();
      }
      throw e;
    }
    verified.put(grant, System.currentTimeMillis() + ttlMs);
  }
}
