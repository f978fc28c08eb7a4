package io.jinference.server.workflow;

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
 * Saved workflows by workspace and id: from {@code WORKFLOWS_DIR/<workspace>/<id>.json}, else from Roboflow's API
 * ({@code GET /{workspace}/workflows/{id}}, reference §8.3) through the same client, timeouts and key handling as
 * models (not in OFFLINE_MODE).
 */
@Singleton
final class PredefinedWorkflows {
  private static final Pattern SAFE = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$");

  private final Path dir;
  private final boolean offline;
  private final RoboflowApiClient api;
  private final JsonMapper json;

  PredefinedWorkflows(Settings settings, RoboflowApiClient api, JsonMapper json) {
    String d = settings.optional(Setting.WORKFLOWS_DIR);
    this.dir = d == null ? null : Path.of(d);
    this.offline = settings.flag(Setting.OFFLINE_MODE);
    this.api = api;
    this.json = json;
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> specification(String workspace, String workflowId, String versionId, String apiKey) {
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
        throw new WorkflowException(404, "WorkflowNotFoundError", "Workflow " + workspace + "/" + workflowId
            + " is not in WORKFLOWS_DIR and OFFLINE_MODE is on.", java.util.List.of());
      }
      Map<String, String> query = new LinkedHashMap<>();
      query.put("api_key", apiKey);
      query.put("workflow_version", versionId);
      JsonNode workflow = api.getJson("/" + workspace + "/workflows/" + workflowId, query).get("workflow");
      JsonNode config = workflow == null ? null : workflow.get("config");
      if (config == null || !config.isString()) {
        throw RoboflowApiException.malformed();
      }
      Map<String, Object> parsed = json.readValue(config.getStringValue().getBytes(java.nio.charset.StandardCharsets.UTF_8),
          Map.class);
      Object spec = parsed.get("specification");
      if (!(spec instanceof Map)) {
        throw RoboflowApiException.malformed();
      }
      return (Map<String, Object>) spec;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
