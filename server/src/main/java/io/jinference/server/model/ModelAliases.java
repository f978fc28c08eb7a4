package io.jinference.server.model;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Model id aliases ({@code yolov8n-640} is {@code coco/3}), kept as data in {@code
 * model-aliases.json}: Roboflow's table plus short names of the bundled models.
 */
@Singleton
public final class ModelAliases {
  private final Map<String, String> aliases = new HashMap<>();

  public ModelAliases(JsonMapper json) {
    try (InputStream in = ModelAliases.class.getResourceAsStream("/model-aliases.json")) {
      JsonNode table = json.readValue(in.readAllBytes(), JsonNode.class).get("aliases");
      for (Map.Entry<String, JsonNode> e : table.entries()) {
        aliases.put(e.getKey(), e.getValue().getStringValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The model id an alias stands for, or the id itself. */
  public String resolve(String modelId) {
    return modelId == null ? null : aliases.getOrDefault(modelId, modelId);
  }
}
