package io.jinference.server.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jinference.server.TestServer;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * /metrics in Prometheus' format, and the series move with traffic as the traffic says they must.
 */
class MetricsTest {
  private static final String MODEL = "coco-nanodet/1";

  /**
   * The value of the first sample of a series whose labels include all of the given ones (0 when
   * absent).
   */
  private static double sample(String scrape, String name, String... labels) {
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)\\} ([0-9.eE+-]+)$")
            .matcher(scrape);
    while (m.find()) {
      boolean all = true;
      for (String l : labels) {
        all &= m.group(1).contains(l);
      }
      if (all) {
        return Double.parseDouble(m.group(2));
      }
    }
    Matcher plain =
        Pattern.compile("(?m)^" + Pattern.quote(name) + " ([0-9.eE+-]+)$").matcher(scrape);
    return labels.length == 0 && plain.find() ? Double.parseDouble(plain.group(1)) : 0;
  }

  @Test
  void seriesMoveWithTraffic() {
    try (TestServer server = TestServer.with(Map.of())) {
      HttpResponse<String> before = server.get("/metrics");
      assertEquals(200, before.statusCode());
      assertTrue(before.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
      String model = "model=\"" + MODEL + "\"";
      // three requests: one image, one image, a batch of two
      String one = TestServer.detectBody(MODEL, "darknet-dog.jpg", "");
      String b64 = TestServer.base64("darknet-dog.jpg");
      String two =
          "{\"model_id\":\""
              + MODEL
              + "\",\"image\":[{\"type\":\"base64\",\"value\":\""
              + b64
              + "\"},"
              + "{\"type\":\"base64\",\"value\":\""
              + b64
              + "\"}]}";
      for (String body : new String[] {one, one, two}) {
        assertEquals(200, server.postJson("/infer/object_detection", body).statusCode());
      }
      assertEquals(
          422,
          server
              .postJson("/infer/object_detection", "{\"model_id\":\"" + MODEL + "\"}")
              .statusCode(),
          "no image: a validation error, as Roboflow");
      String after = server.get("/metrics").body();
      String route = "uri=\"/infer/object_detection\"";
      assertEquals(
          3,
          sample(after, "http_server_requests_seconds_count", route, "status=\"200\"")
              - sample(
                  before.body(), "http_server_requests_seconds_count", route, "status=\"200\""),
          after);
      assertEquals(1, sample(after, "http_server_requests_seconds_count", route, "status=\"422\""));
      assertTrue(
          sample(
                  after,
                  "http_server_requests_seconds_bucket",
                  route,
                  "status=\"200\"",
                  "le=\"+Inf\"")
              >= 3,
          "latency histogram per route and status");
      assertEquals(
          4, sample(after, "jinference_inference_images_total", model), "four images inferred");
      double runs = sample(after, "jinference_inference_executions_total", model);
      assertTrue(
          runs >= 3 && runs <= 4,
          "one run per request, or per image when the model takes one at a time: " + runs);
      assertEquals(runs, sample(after, "jinference_inference_run_seconds_count", model));
      assertEquals(runs, sample(after, "jinference_inference_queue_seconds_count", model));
      assertEquals(1, sample(after, "jinference_models_loaded"));
      assertEquals(1, sample(after, "jinference_model_load_seconds_count", model), "loaded once");
      assertTrue(sample(after, "jvm_memory_used_bytes", "area=\"heap\"") > 0);
      assertTrue(
          sample(after, "jinference_process_resident_memory_bytes") > 10_000_000, "RSS in bytes");
    }
  }

  @Test
  void metricsCanBeTurnedOff() {
    try (TestServer server = TestServer.with(Map.of("metrics.enabled", "false"))) {
      assertEquals(404, server.get("/metrics").statusCode());
      assertEquals(
          200,
          server
              .postJson(
                  "/infer/object_detection", TestServer.detectBody(MODEL, "darknet-dog.jpg", ""))
              .statusCode(),
          "inference runs without a registry");
    }
  }
}
