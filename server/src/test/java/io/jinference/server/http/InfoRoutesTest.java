package io.jinference.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jinference.server.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** Info, health, readiness, the registry's JSON, and the contract served at /openapi.json. */
class InfoRoutesTest {
  private final TestServer server = TestServer.shared();

  @Test
  void infoHealthAndReadiness() {
    JsonNode info = TestServer.json(server.get("/info"));
    assertEquals("jinference", info.get("name").asText());
    assertEquals("0.1.0-SNAPSHOT", info.get("version").asText());
    UUID.fromString(info.get("uuid").asText());
    assertEquals("{\"status\":\"healthy\"}", server.get("/healthz").body());
    assertEquals("{\"status\":\"ready\"}", server.get("/readiness").body());
  }

  @Test
  void registryDescribesLoadedModels() {
    server.postJson("/model/add", "{\"model_id\":\"coco-nanodet/1\"}");
    JsonNode models = TestServer.json(server.get("/model/registry?api_key=ignored")).get("models");
    JsonNode nanodet = null;
    for (JsonNode m : models) {
      if (m.get("model_id").asText().equals("coco-nanodet/1")) {
        nanodet = m;
      }
    }
    assertEquals("object-detection", nanodet.get("task_type").asText());
    assertEquals(416, nanodet.get("input_width").asInt());
    assertEquals(416, nanodet.get("input_height").asInt());
    assertEquals(1, nanodet.get("batch_size").asInt());
    assertEquals("/infer/object_detection", nanodet.get("request_paths").get(0).asText());
  }

  @Test
  void openApiJsonIsTheContractFile() throws Exception {
    Path spec = Path.of(System.getProperty("maven.multiModuleProjectDirectory", "..")).resolve("openapi/inference-api.yaml");
    if (!Files.exists(spec)) {
      spec = Path.of("../openapi/inference-api.yaml");
    }
    Map<String, Object> expected = new Yaml().load(Files.readString(spec));
    @SuppressWarnings("unchecked")
    Map<String, Object> served = TestServer.JSON.readValue(server.get("/openapi.json").body(), Map.class);
    assertEquals(TestServer.JSON.valueToTree(expected), TestServer.JSON.valueToTree(served));
    assertTrue(served.containsKey("paths"));
  }
}
