package io.jinference.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Runs the example against the real server, with the photo also served over HTTP from this test.
 */
class DetectObjectsTest {

  /** Every answer the server gave in the test matched the contract ({@link ContractFilter}). */
  @org.junit.jupiter.api.AfterEach
  void answersMatchedTheContract() {
    org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of(), ContractFilter.problems());
  }

  @Test
  void printsTheDetectionsForTheUrlAndTheFile() throws Exception {
    Path photo = Path.of("../server/src/test/resources/images/darknet-dog.jpg");
    byte[] bytes = Files.readAllBytes(photo);
    HttpServer photos = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    photos.createContext(
        "/",
        exchange -> {
          exchange.sendResponseHeaders(200, bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    photos.start();
    Path store = Files.createTempDirectory("examples-store-");
    try (EmbeddedServer server =
        ApplicationContext.run(
            EmbeddedServer.class,
            Map.of(
                "micronaut.server.port",
                -1,
                "model.cache.dir",
                store.toString(),
                "test.contract-check",
                true))) {
      ByteArrayOutputStream captured = new ByteArrayOutputStream();
      DetectObjects.run(
          server.getURL().toString(),
          "http://127.0.0.1:" + photos.getAddress().getPort() + "/dog.jpg",
          photo,
          "coco-nanodet/1",
          new PrintStream(captured, true, StandardCharsets.UTF_8));
      String out = captured.toString(StandardCharsets.UTF_8);
      String[] sections = out.split("file ");
      assertEquals(2, sections.length, out);
      for (String section : sections) {
        assertTrue(section.contains("(768x576)"), out);
        assertTrue(section.contains("bicycle"), out);
        assertTrue(section.contains("dog"), out);
      }
    } finally {
      photos.stop(0);
    }
  }
}
