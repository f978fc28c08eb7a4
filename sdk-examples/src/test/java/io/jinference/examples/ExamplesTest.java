package io.jinference.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jinference.sdk.ObjectDetectionResult;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each example against the real server. */
class ExamplesTest {

  /** Every answer the server gave in the test matched the contract ({@link ContractFilter}). */
  @org.junit.jupiter.api.AfterEach
  void answersMatchedTheContract() {
    org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of(), ContractFilter.problems());
    org.junit.jupiter.api.Assertions.assertTrue(
        ContractFilter.checked() > 0, "the contract filter saw the answers");
  }

  private static final Path IMAGES = Path.of("../server/src/test/resources/images");
  private static EmbeddedServer server;

  @BeforeAll
  static void start() throws Exception {
    server =
        ApplicationContext.run(
            EmbeddedServer.class,
            Map.of(
                "micronaut.server.port",
                -1,
                "test.contract-check",
                true,
                "model.cache.dir",
                Files.createTempDirectory("examples-").toString(),
                "offline.mode",
                "true",
                "workflows.dir",
                "../server/src/test/resources/workflows"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String url() {
    return server.getURL().toString();
  }

  @Test
  void batchWithConcurrencyKeepsTheOrder() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BatchWithConcurrency.run(
        url(),
        List.of(
            IMAGES.resolve("darknet-giraffe.jpg"),
            IMAGES.resolve("darknet-dog.jpg"),
            IMAGES.resolve("darknet-person.jpg")),
        "coco-nanodet/1",
        new PrintStream(out, true, StandardCharsets.UTF_8));
    String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
    assertEquals(3, lines.length);
    assertTrue(
        lines[0].startsWith("darknet-giraffe.jpg") && lines[0].endsWith("giraffe"), lines[0]);
    assertTrue(lines[1].endsWith("bicycle"), lines[1]);
    assertTrue(lines[2].endsWith("person"), lines[2]);
  }

  @Test
  void drawDetectionsSavesAnImageWithBoxes() throws Exception {
    Path png = Files.createTempFile("boxes-", ".png");
    ObjectDetectionResult result =
        DrawDetections.run(url(), IMAGES.resolve("darknet-dog.jpg"), png, "coco-nanodet/1");
    assertTrue(result.predictions().size() >= 3);
    io.jinference.sdk.Detection bicycle =
        result.predictions().stream()
            .filter(d -> d.className().equals("bicycle"))
            .findFirst()
            .orElseThrow();
    BufferedImage drawn = ImageIO.read(png.toFile());
    BufferedImage original = ImageIO.read(IMAGES.resolve("darknet-dog.jpg").toFile());
    assertEquals(original.getWidth(), drawn.getWidth());
    // The bicycle's top edge, where the example drew it, is magenta now.
    int top = (int) bicycle.top();
    int magenta = 0;
    int from = (int) bicycle.left() + 60;
    int to = (int) bicycle.right() - 60;
    for (int x = from; x < to; x++) {
      int rgb = drawn.getRGB(x, top);
      if (((rgb >> 16) & 0xFF) > 200 && ((rgb >> 8) & 0xFF) < 60 && (rgb & 0xFF) > 200) {
        magenta++;
      }
    }
    assertTrue(magenta > (to - from) * 0.8, "magenta pixels on the bicycle box edge: " + magenta);
  }

  @Test
  void asyncInferenceAnswersEveryFile() {
    List<ObjectDetectionResult> results =
        AsyncInference.run(
            url(),
            List.of(IMAGES.resolve("darknet-dog.jpg"), IMAGES.resolve("darknet-horses.jpg")),
            "coco-nanodet/1");
    assertEquals(768, results.get(0).imageWidth());
    assertEquals(773, results.get(1).imageWidth());
  }

  @Test
  @SuppressWarnings("unchecked")
  void runWorkflowBySavedId() throws Exception {
    io.jinference.sdk.WorkflowResult r =
        RunWorkflow.run(
            url(),
            "demo",
            "detect-and-draw",
            IMAGES.resolve("darknet-dog.jpg"),
            Map.of("confidence", 0.3));
    Map<String, Object> predictions = (Map<String, Object>) r.outputs().get(0).get("predictions");
    assertTrue(
        ((List<Map<String, Object>>) predictions.get("predictions"))
            .stream().anyMatch(p -> "dog".equals(p.get("class"))));
    assertEquals(768, r.image(0, "viz").orElseThrow().getWidth());
  }

  @Test
  void modelManagementLoadsListsAndUnloads() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ModelManagement.run(
        url(), "coco-movenet/1", new PrintStream(out, true, StandardCharsets.UTF_8));
    String text = out.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("loaded: coco-movenet/1 (keypoint-detection, 256x256)"), text);
    assertTrue(text.contains("after clear: 0 models"), text);
  }
}
