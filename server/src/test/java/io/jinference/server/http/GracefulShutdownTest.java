package io.jinference.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jinference.server.TestServer;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Shutting down lets the request in flight finish and answers nothing new. */
class GracefulShutdownTest {
  @Test
  void aRequestInFlightFinishesAndNewOnesAreRefused() throws Exception {
    TestServer server = TestServer.with(Map.of());
    URI health = server.uri("/healthz");
    StringBuilder batch = new StringBuilder("{\"model_id\":\"coco-nanodet/1\",\"image\":[");
    String b64 = TestServer.base64("darknet-dog.jpg");
    for (int i = 0; i < 24; i++) {
      batch
          .append(i == 0 ? "" : ",")
          .append("{\"type\":\"base64\",\"value\":\"")
          .append(b64)
          .append("\"}");
    }
    batch.append("]}");
    CompletableFuture<HttpResponse<String>> inFlight =
        CompletableFuture.supplyAsync(
            () -> server.postJson("/infer/object_detection", batch.toString()));
    // wait until the server is inferring that request (its images show in the metrics), then shut
    // down
    while (!inFlight.isDone()
        && !server
            .get("/metrics")
            .body()
            .matches(
                "(?s).*jinference_inference_images_total\\{"
                    + "model=\"coco-nanodet/1\"\\} [1-9].*")) {
      Thread.sleep(5);
    }
    assertTrue(!inFlight.isDone(), "the batch was still running when the shutdown began");
    server.close();
    HttpResponse<String> finished = inFlight.get();
    assertEquals(200, finished.statusCode(), finished.body());
    assertEquals(24, TestServer.json(finished).size(), "every image of the batch answered");
    assertThrows(
        Exception.class,
        () ->
            java.net.http.HttpClient.newHttpClient()
                .send(
                    java.net.http.HttpRequest.newBuilder(health).build(),
                    HttpResponse.BodyHandlers.ofString()));
  }
}
