package io.jinference.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jinference.server.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    server.postJson(
        "/infer/object_detection", TestServer.detectBody("nanodet-416", "darknet-dog.jpg", ""));
    JsonNode registry = TestServer.json(server.get("/model/registry?api_key=ignored"));
    JsonNode models = registry.get("models");
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
    // the paths that really used it, and the alias it was asked for by (Roboflow's registry fields)
    List<String> paths = new java.util.ArrayList<>();
    nanodet.get("request_paths").forEach(p -> paths.add(p.asText()));
    assertTrue(
        paths.containsAll(List.of("/model/add", "/infer/object_detection")), paths.toString());
    assertEquals("nanodet-416", nanodet.get("request_aliases").get(0).asText());
    for (String field :
        List.of(
            "total_vram_bytes",
            "gpu_memory_used",
            "gpu_memory_total",
            "torch_cuda_allocated",
            "torch_cuda_reserved",
            "torch_cuda_allocator_cache",
            "non_torch_gpu_memory")) {
      assertTrue(
          registry.has(field) && registry.get(field).isNull(),
          field + " is written as null: " + registry);
    }
  }

  @Test
  void openApiJsonIsTheContractFile() throws Exception {
    Path spec =
        Path.of(System.getProperty("maven.multiModuleProjectDirectory", ".."))
            .resolve("openapi/inference-api.yaml");
    if (!Files.exists(spec)) {
      spec = Path.of("../openapi/inference-api.yaml");
    }
    Map<String, Object> expected = new Yaml().load(Files.readString(spec));
    @SuppressWarnings("unchecked")
    Map<String, Object> served =
        TestServer.JSON.readValue(server.get("/openapi.json").body(), Map.class);
    assertEquals(TestServer.JSON.valueToTree(expected), TestServer.JSON.valueToTree(served));
    assertTrue(served.containsKey("paths"));
  }
}
