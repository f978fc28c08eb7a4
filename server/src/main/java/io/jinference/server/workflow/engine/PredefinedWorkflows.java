package io.jinference.server.workflow.engine;

import io.jinference.server.config.Setting;
import io.jinference.server.config.Settings;
import io.jinference.server.error.RoboflowApiException;
import io.jinference.server.model.RoboflowApiClient;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Saved workflows by workspace and id: from {@code WORKFLOWS_DIR/<workspace>/<id>.json}, else from
 * Roboflow's API ({@code GET /{workspace}/workflows/{id}}, reference §8.3) through the same client,
 * timeouts and key handling as models (not in OFFLINE_MODE). Definitions fetched from the API are
 * reused for {@code WORKFLOWS_DEFINITION_CACHE_EXPIRY_MS} by requests that allow it ({@code
 * use_cache}, the default), keyed by a digest of the API key too, so that a key never reads a
 * workflow fetched with another.
 */
@Singleton
final class PredefinedWorkflows {
  private static final Pattern SAFE = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$");

  private final Path dir;
  private final boolean offline;
  private final RoboflowApiClient api;
  private final JsonMapper json;
  private final long cacheExpiryMs;
  private final Map<String, Cached> cache =
      java.util.Collections.synchronizedMap(
          new java.util.LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
              return size() > MAX_CACHED;
            }
          });

  private static final int MAX_CACHED = 256;

  private record Cached(Map<String, Object> specification, long expiresAtMs) {}

  PredefinedWorkflows(Settings settings, RoboflowApiClient api, JsonMapper json) {
    String d = settings.optional(Setting.WORKFLOWS_DIR);
    this.dir = d == null ? null : Path.of(d);
    this.offline = settings.flag(Setting.OFFLINE_MODE);
    this.api = api;
    this.json = json;
    this.cacheExpiryMs = settings.number(Setting.WORKFLOWS_DEFINITION_CACHE_EXPIRY_MS);
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> specification(
      String workspace, String workflowId, String versionId, String apiKey, boolean useCache) {
    if (!SAFE.matcher(workspace).matches() || !SAFE.matcher(workflowId).matches()) {
      throw WorkflowException.definition("Invalid workspace or workflow id.");
    }
    try {
      if (dir != null) {
        Path file = dir.resolve(workspace).resolve(workflowId + ".json");
        if (Files.isRegularFile(file)) {
          Map<String, Object> doc = json.readValue(Files.readAllBytes(file), Map.class);
          Object spec = doc.get("specification");
          return spec instanceof Map ? (Map<String, Object>) spec : doc;
        }
      }
      if (offline) {
        throw new WorkflowException(
            404,
            "WorkflowNotFoundError",
            "Workflow "
                + workspace
                + "/"
                + workflowId
                + " is not in WORKFLOWS_DIR and OFFLINE_MODE is on.",
            java.util.List.of());
      }
      String key = workspace + "/" + workflowId + "@" + versionId + "#" + digest(apiKey);
      Cached hit = useCache ? cache.get(key) : null;
      if (hit != null && hit.expiresAtMs() > System.currentTimeMillis()) {
        return hit.specification();
      }
      Map<String, Object> spec = fetch(workspace, workflowId, versionId, apiKey);
      cache.put(key, new Cached(spec, System.currentTimeMillis() + cacheExpiryMs));
      return spec;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> fetch(
      String workspace, String workflowId, String versionId, String apiKey) throws IOException {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("api_key", apiKey);
    query.put("workflow_version", versionId);
    JsonNode workflow =
        api.getJson("/" + workspace + "/workflows/" + workflowId, query).get("workflow");
    JsonNode config = workflow == null ? null : workflow.get("config");
    if (config == null || !config.isString()) {
      throw RoboflowApiException.malformed();
    }
    Map<String, Object> parsed =
        json.readValue(
            config.getStringValue().getBytes(java.nio.charset.StandardCharsets.UTF_8), Map.class);
    Object spec = parsed.get("specification");
    if (!(spec instanceof Map)) {
      throw RoboflowApiException.malformed();
    }
    return java.util.Collections.unmodifiableMap((Map<String, Object>) spec);
  }

  private static String digest(String apiKey) {
    if (apiKey == null) {
      return "-";
    }
    try {
      return java.util.HexFormat.of()
          .formatHex(
              java.security.MessageDigest.getInstance("SHA-256")
                  .digest(apiKey.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
