package io.jinference.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jinference.server.TestServer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Roboflow's foundation-model routes, read from the contract: every one answers the one documented
 * 501 naming its family (never the legacy route's 400, which {@code /infer/lmm} and {@code
 * /doctr/ocr} fell into when they were not declared), gaze detection 410 as Roboflow; with this
 * server's keys on, a stranger gets 401 first. Every answer is also checked against the contract by
 * {@link TestServer}.
 */
class FoundationRoutesTest {
  private static final String BODY =
      "{\"image\":{\"type\":\"url\",\"value\":\"https://example.com/a.jpg\"},\"text\":[\"a cat\"]}";

  /** Each foundation route of the contract and the family its summary names. */
  private static Map<String, String> routes() throws IOException {
    Path spec = Path.of("../openapi/inference-api.yaml");
    String yaml =
        Files.readString(Files.exists(spec) ? spec : Path.of("openapi/inference-api.yaml"));
    Matcher m =
        Pattern.compile(
                "(?m)^  (/\\S+):\\n    post:\\n      tags: \\[foundation\\]\\n"
                    + "      operationId: \\w+\\n      summary: \"[^\"]*?(?:\\((\\w+)\\)\\.)?\"")
            .matcher(yaml);
    Map<String, String> routes = new LinkedHashMap<>();
    while (m.find()) {
      routes.put(m.group(1).replace("{model_id}", "moondream2"), m.group(2));
    }
    return routes;
  }

  @Test
  void everyFoundationRouteAnswersOne501NamingItsFamily() throws IOException {
    Map<String, String> routes = routes();
    assertTrue(routes.size() >= 17, "foundation routes in the contract: " + routes.keySet());
    for (String path :
        List.of(
            "/perception_encoder/embed_image",
            "/doctr/ocr",
            "/sam3/visual_segment",
            "/infer/lmm",
            "/infer/embeddings",
            "/gaze/gaze_detection")) {
      assertTrue(routes.containsKey(path), path + " is declared");
    }
    TestServer server = TestServer.shared();
    for (Map.Entry<String, String> route : routes.entrySet()) {
      HttpResponse<String> r = server.postJson(route.getKey(), BODY);
      JsonNode body = TestServer.json(r);
      if (route.getKey().equals("/gaze/gaze_detection")) {
        assertEquals(410, r.statusCode(), r.body());
        assertEquals("FeatureDeprecatedError", body.get("error_type").asText());
        continue;
      }
      assertEquals(501, r.statusCode(), route.getKey() + ": " + r.body());
      assertEquals("ModelDeploymentNotSupportedError", body.get("error_type").asText());
      assertTrue(
          body.get("message")
              .asText()
              .startsWith("The foundation model '" + route.getValue() + "'"),
          route.getKey() + ": " + r.body());
    }
    // the server keeps serving
    assertEquals(
        200,
        server
            .postJson(
                "/infer/object_detection",
                TestServer.detectBody("coco-nanodet/1", "darknet-dog.jpg", ""))
            .statusCode());
  }

  @Test
  void aMalformedBodyIsA400NotA501() {
    HttpResponse<String> r = TestServer.shared().postJson("/clip/embed_text", "{\"text\": ");
    assertEquals(400, r.statusCode(), r.body());
  }

  @Test
  void withServerKeysAStrangerIsRefusedBeforeTheFamilyIsNamed() {
    try (TestServer keyed = TestServer.with(Map.of("inference.server.api.keys", "alpha"))) {
      assertEquals(401, keyed.postJson("/sam3/embed_image", BODY).statusCode());
      assertEquals(
          401,
          keyed
              .postJson(
                  "/sam3/embed_image", BODY.replace("{\"image\"", "{\"api_key\":\"x\",\"image\""))
              .statusCode());
      assertEquals(
          501,
          keyed
              .postJson(
                  "/sam3/embed_image",
                  BODY.replace("{\"image\"", "{\"api_key\":\"alpha\",\"image\""))
              .statusCode(),
          "the server's key in the body opens the route");
    }
  }
}
