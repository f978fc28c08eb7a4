package io.jinference.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jinference.server.TestServer;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Over HTTP: when a model's runs are saturated, requests get 429 with Retry-After instead of
 * waiting unbounded.
 */
class BackpressureTest {
  @Test
  void saturatedRunsAnswer429WithRetryAfterAndTheServerKeepsServing() {
    try (TestServer server =
        TestServer.with(
            Map.of("inference.concurrent.runs", "1", "inference.queue.timeout.ms", "1"))) {
      String body = TestServer.detectBody("coco-nanodet/1", "darknet-dog.jpg", "");
      assertEquals(
          200, server.postJson("/infer/object_detection", body).statusCode(), "loaded, warm");
      List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
      for (int i = 0; i < 8; i++) { // eight at once for one run slot, each allowed to wait 1 ms
        burst.add(
            CompletableFuture.supplyAsync(() -> server.postJson("/infer/object_detection", body)));
      }
      int ok = 0;
      int refused = 0;
      for (CompletableFuture<HttpResponse<String>> f : burst) {
        HttpResponse<String> r = f.join();
        if (r.statusCode() == 200) {
          ok++;
        } else {
          assertEquals(429, r.statusCode(), r.body());
          assertEquals("1", r.headers().firstValue("Retry-After").orElse(""));
          assertEquals("TooManyRequests", TestServer.json(r).path("error_type").asText());
          refused++;
        }
      }
      assertTrue(ok >= 1 && refused >= 1, ok + " answered, " + refused + " refused");
      assertEquals(
          200, server.postJson("/infer/object_detection", body).statusCode(), "serving afterwards");
    }
  }
}
