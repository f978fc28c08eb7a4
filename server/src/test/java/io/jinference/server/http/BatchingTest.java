package io.jinference.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jinference.server.TestServer;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Dynamic batching on real weights with a dynamic batch dimension (YOLOv8n from nudenet):
 * concurrent requests run together (fewer session runs than images) and each still gets its own
 * answer, the independent reference's.
 */
class BatchingTest {
  private static final String MODEL = "nudenet-yolov8n/1";
  private static final String[] PHOTOS = {"skimage-astronaut.png", "matplotlib-grace_hopper.jpg"};

  private static double metric(String scrape, String name) {
    Matcher m =
        Pattern.compile(
                "(?m)^"
                    + Pattern.quote(name)
                    + "\\{[^}]*model=\""
                    + Pattern.quote(MODEL)
                    + "\"[^}]*\\} ([0-9.eE+-]+)$")
            .matcher(scrape);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  @Test
  void concurrentRequestsRunTogetherAndEachGetsItsOwnAnswer() throws Exception {
    JsonNode reference;
    try (InputStream in = getClass().getResourceAsStream("/model-store/nudenet-expected.json")) {
      reference = TestServer.JSON.readTree(in);
    }
    try (TestServer server =
        TestServer.with(
            Map.of("inference.concurrent.runs", "1", "inference.max.batch.size", "8"))) {
      assertEquals(
          200,
          server
              .postJson("/infer/object_detection", TestServer.detectBody(MODEL, PHOTOS[0], ""))
              .statusCode(),
          "loaded");
      String before = server.get("/metrics").body();
      List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String body = TestServer.detectBody(MODEL, PHOTOS[i % 2], "");
        burst.add(
            CompletableFuture.supplyAsync(() -> server.postJson("/infer/object_detection", body)));
      }
      for (int i = 0; i < 8; i++) {
        HttpResponse<String> r = burst.get(i).join();
        assertEquals(200, r.statusCode(), r.body());
        JsonNode expected = reference.get(PHOTOS[i % 2]);
        JsonNode actual = TestServer.json(r).get("predictions");
        assertEquals(expected.size(), actual.size(), PHOTOS[i % 2] + ": " + actual);
        for (int k = 0; k < expected.size(); k++) {
          assertEquals(expected.get(k).get("class").asText(), actual.get(k).get("class").asText());
          assertEquals(
              expected.get(k).get("confidence").asDouble(),
              actual.get(k).get("confidence").asDouble(),
              0.01);
          for (String f : new String[] {"x", "y", "width", "height"}) {
            assertEquals(
                expected.get(k).get(f).asDouble(), actual.get(k).get(f).asDouble(), 2.0, f);
          }
        }
      }
      String after = server.get("/metrics").body();
      double images =
          metric(after, "jinference_inference_images_total")
              - metric(before, "jinference_inference_images_total");
      double runs =
          metric(after, "jinference_inference_executions_total")
              - metric(before, "jinference_inference_executions_total");
      assertEquals(8, images);
      assertTrue(
          runs < images, "requests were batched: " + runs + " runs for " + images + " images");
      double batched =
          metric(after, "jinference_inference_batch_size_sum")
              - metric(before, "jinference_inference_batch_size_sum");
      assertEquals(images, batched, "the batch-size histogram counts every image once");
    }
  }
}
