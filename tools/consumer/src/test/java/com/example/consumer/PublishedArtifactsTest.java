package com.example.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.jinference.sdk.Detection;
import io.jinference.sdk.InferenceHTTPClient;
import io.jinference.sdk.InferenceResult;
import io.jinference.sdk.ObjectDetectionResult;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user does with the published artifacts: the server from {@code jinference-server} (with
 * its embedded default model), the SDK from {@code jinference-sdk}, and {@code infer(imageUrl,
 * modelId)} on a real photo, served over HTTP here.
 */
class PublishedArtifactsTest {
  private static final Path PHOTO = Path.of("../../server/src/test/resources/images/darknet-dog.jpg");

  @Test
  void theSdkGetsDetectionsFromTheServer(@TempDir Path cache) throws Exception {
    assertTrue(
        InferenceHTTPClient.class
            .getProtectionDomain()
            .getCodeSource()
            .getLocation()
            .getPath()
            .contains("consumer-m2/io/jinference/jinference-sdk/"),
        "the SDK comes from the published repository, not from the reactor");
    byte[] photo = Files.readAllBytes(PHOTO);
    HttpServer images = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    images.createContext(
        "/dog.jpg",
        exchange -> {
          exchange.getResponseHeaders().add("Content-Type", "image/jpeg");
          exchange.sendResponseHeaders(200, photo.length);
          exchange.getResponseBody().write(photo);
          exchange.close();
        });
    images.start();
    try (EmbeddedServer server =
            ApplicationContext.run(
                EmbeddedServer.class,
                Map.of("micronaut.server.port", -1, "model.cache.dir", cache.toString()));
        InferenceHTTPClient client =
            new InferenceHTTPClient(server.getURL().toString(), null)) {
      String url = "http://127.0.0.1:" + images.getAddress().getPort() + "/dog.jpg";
      InferenceResult result = client.infer(url, "coco-nanodet/1");
      ObjectDetectionResult detections = (ObjectDetectionResult) result;
      assertEquals(768, detections.imageWidth());
      assertTrue(
          detections.predictions().stream().map(Detection::className).anyMatch("dog"::equals),
          detections.predictions().toString());
    } finally {
      images.stop(0);
    }
  }
}
