package io.jinference.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jinference.server.TestServer;
import io.jinference.server.inference.runtime.ocr.PaddleOcr;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code /ocr/pp-ocr} over real HTTP, answers compared with RapidOCR's (Python) on the same ONNX
 * files and photos (src/test/resources/ocr/rapidocr-golden.json, tools/ocr-golden): the text in
 * Roboflow's shape, the lines as boxes on request, a list answered as a list, bad input refused.
 */
class OcrRouteTest {
  static final TestServer SERVER = TestServer.shared();

  static JsonNode golden(String image) throws Exception {
    try (var in = OcrRouteTest.class.getResourceAsStream("/ocr/rapidocr-golden.json")) {
      return TestServer.JSON.readTree(in).get(image);
    }
  }

  static String body(String image, String extra) {
    return "{\"image\":{\"type\":\"base64\",\"value\":\""
        + TestServer.base64(image)
        + "\"}"
        + extra
        + "}";
  }

  @Test
  void aPageReadsAsRapidOcrReadsIt() throws Exception {
    HttpResponse<String> r = SERVER.postJson("/ocr/pp-ocr", body("skimage-page.png", ""));
    assertEquals(200, r.statusCode(), r.body());
    JsonNode answer = TestServer.json(r);
    List<String> lines = new ArrayList<>();
    golden("skimage-page.png").forEach(l -> lines.add(l.get("text").asText()));
    assertEquals(String.join(" ", lines), answer.get("result").asText());
    assertTrue(answer.has("parent_id") && answer.get("parent_id").isNull(), r.body());
    assertTrue(answer.get("time").asDouble() > 0);
    assertFalse(answer.has("predictions"), "boxes only when asked for");
  }

  @Test
  void linesAreBoxesWhenAskedFor() throws Exception {
    HttpResponse<String> r =
        SERVER.postJson(
            "/ocr/pp-ocr", body("skimage-page.png", ",\"generate_bounding_boxes\":true"));
    assertEquals(200, r.statusCode(), r.body());
    JsonNode answer = TestServer.json(r);
    java.awt.image.BufferedImage page =
        javax.imageio.ImageIO.read(TestServer.photoPath("skimage-page.png").toFile());
    assertEquals(page.getWidth(), answer.get("image").get("width").asInt(), r.body());
    assertEquals(page.getHeight(), answer.get("image").get("height").asInt(), r.body());
    JsonNode expected = golden("skimage-page.png");
    JsonNode predictions = answer.get("predictions");
    assertEquals(expected.size(), predictions.size());
    for (int i = 0; i < expected.size(); i++) {
      JsonNode e = expected.get(i);
      JsonNode p = predictions.get(i);
      assertEquals(e.get("text").asText(), p.get("class").asText());
      assertEquals(0, p.get("class_id").asInt());
      assertEquals(e.get("confidence").asDouble(), p.get("confidence").asDouble(), 0.05);
      double x1 = Double.MAX_VALUE;
      double x2 = -Double.MAX_VALUE;
      double y1 = Double.MAX_VALUE;
      double y2 = -Double.MAX_VALUE;
      for (JsonNode c : e.get("box")) {
        x1 = Math.min(x1, c.get(0).asDouble());
        x2 = Math.max(x2, c.get(0).asDouble());
        y1 = Math.min(y1, c.get(1).asDouble());
        y2 = Math.max(y2, c.get(1).asDouble());
      }
      assertEquals((x1 + x2) / 2, p.get("x").asDouble(), 2, "line " + i);
      assertEquals((y1 + y2) / 2, p.get("y").asDouble(), 2, "line " + i);
      assertEquals(x2 - x1, p.get("width").asDouble(), 2, "line " + i);
      assertEquals(y2 - y1, p.get("height").asDouble(), 2, "line " + i);
    }
  }

  @Test
  void aListIsAnsweredInOrderAndAPhotoWithoutTextReadsEmpty() throws Exception {
    String list =
        "{\"generate_bounding_boxes\":true,\"image\":[{\"type\":\"base64\",\"value\":\""
            + TestServer.base64("darknet-dog.jpg")
            + "\"},{\"type\":\"base64\",\"value\":\""
            + TestServer.base64("skimage-text.png")
            + "\"}]}";
    HttpResponse<String> r = SERVER.postJson("/ocr/pp-ocr", list);
    assertEquals(200, r.statusCode(), r.body());
    JsonNode answer = TestServer.json(r);
    assertTrue(answer.isArray() && answer.size() == 2, r.body());
    assertEquals("", answer.get(0).get("result").asText());
    assertEquals(0, answer.get(0).get("predictions").size());
    List<String> sign = new ArrayList<>();
    golden("skimage-text.png").forEach(l -> sign.add(l.get("text").asText()));
    assertEquals(String.join(" ", sign), answer.get(1).get("result").asText());
  }

  @Test
  void aVersionWithoutRecognitionAnswersTheBoxesAndOneWithoutDetectionReadsTheWholeImage()
      throws Exception {
    JsonNode expected = golden("skimage-page.png");
    HttpResponse<String> boxes =
        SERVER.postJson(
            "/ocr/pp-ocr",
            body(
                "skimage-page.png",
                ",\"pp_ocr_version_id\":\"small-none\",\"generate_bounding_boxes\":true"));
    assertEquals(200, boxes.statusCode(), boxes.body());
    JsonNode found = TestServer.json(boxes);
    assertEquals("", found.get("result").asText().trim());
    assertEquals(expected.size(), found.get("predictions").size(), boxes.body());
    for (JsonNode p : found.get("predictions")) {
      assertEquals("", p.get("class").asText());
      assertTrue(p.get("confidence").asDouble() >= 0.5, "a detection's score: " + p);
    }
    // the page's first line cut out by the golden tool, read by RapidOCR without detection
    byte[] line;
    try (var in = OcrRouteTest.class.getResourceAsStream("/ocr/page-first-line.png")) {
      line = in.readAllBytes();
    }
    HttpResponse<String> read =
        SERVER.postJson(
            "/ocr/pp-ocr",
            "{\"pp_ocr_version_id\":\"none-small\",\"generate_bounding_boxes\":true,"
                + "\"image\":{\"type\":\"base64\",\"value\":\""
                + java.util.Base64.getEncoder().encodeToString(line)
                + "\"}}");
    assertEquals(200, read.statusCode(), read.body());
    JsonNode whole = TestServer.json(read);
    JsonNode reference = golden("page-first-line.png, recognition only").get(0);
    assertEquals(reference.get("text").asText(), whole.get("result").asText());
    assertEquals(
        0, whole.get("predictions").size(), "no boxes: Roboflow's answer without detection");
    for (String bad : List.of("none-none", "large", "small-small-small", "small-")) {
      HttpResponse<String> r =
          SERVER.postJson(
              "/ocr/pp-ocr", body("skimage-text.png", ",\"pp_ocr_version_id\":\"" + bad + "\""));
      assertEquals(400, r.statusCode(), bad + ": " + r.body());
      assertTrue(r.body().contains("pp_ocr_version_id '" + bad + "'"), r.body());
    }
  }

  static String ocrWorkflow(String detection, String recognition) {
    return "{\"version\":\"1.0\",\"inputs\":[{\"type\":\"WorkflowImage\",\"name\":\"image\"}],"
        + "\"steps\":[{\"type\":\"roboflow_core/pp_ocr@v1\",\"name\":\"pp_ocr\",\"images\":\"$inputs.image\","
        + "\"text_detection\":\""
        + detection
        + "\",\"text_recognition\":\""
        + recognition
        + "\"}],\"outputs\":[{\"type\":\"JsonField\",\"name\":\"extracted_text\",\"selector\":\"$steps.pp_ocr.result\"},"
        + "{\"type\":\"JsonField\",\"name\":\"text_detections\",\"selector\":\"$steps.pp_ocr.predictions\"},"
        + "{\"type\":\"JsonField\",\"name\":\"kind\",\"selector\":\"$steps.pp_ocr.prediction_type\"}]}";
  }

  static HttpResponse<String> runWorkflow(String spec, String image) {
    return SERVER.postJson(
        "/workflows/run",
        "{\"specification\":"
            + spec
            + ",\"inputs\":{\"image\":{\"type\":\"base64\",\"value\":\""
            + TestServer.base64(image)
            + "\"}}}");
  }

  @Test
  void theWorkflowBlockReadsAsTheRouteDoes() throws Exception {
    // Roboflow's own test workflow for the block (its steps and outputs, on the page)
    HttpResponse<String> r = runWorkflow(ocrWorkflow("small", "small"), "skimage-page.png");
    assertEquals(200, r.statusCode(), r.body());
    JsonNode out = TestServer.json(r).get("outputs").get(0);
    JsonNode expected = golden("skimage-page.png");
    List<String> lines = new ArrayList<>();
    expected.forEach(l -> lines.add(l.get("text").asText()));
    assertEquals(String.join(" ", lines), out.get("extracted_text").asText());
    assertEquals("ocr", out.get("kind").asText());
    JsonNode boxes = out.get("text_detections").get("predictions");
    assertEquals(expected.size(), boxes.size(), r.body());
    for (int i = 0; i < boxes.size(); i++) {
      assertEquals(lines.get(i), boxes.get(i).get("class").asText());
    }
    HttpResponse<String> bad = runWorkflow(ocrWorkflow("large", "small"), "skimage-page.png");
    assertEquals(400, bad.statusCode(), bad.body());
    assertTrue(bad.body().contains("not 'large'"), bad.body());
    HttpResponse<String> none = runWorkflow(ocrWorkflow("none", "none"), "skimage-page.png");
    assertEquals(400, none.statusCode(), none.body());
    assertTrue(none.body().contains("cannot both be none"), none.body());
  }

  @Test
  void badInputIsRefusedClearlyAndTheServerGoesOn() {
    HttpResponse<String> missing = SERVER.postJson("/ocr/pp-ocr", "{}");
    assertEquals(422, missing.statusCode(), missing.body()); // Roboflow's answer to a missing field
    assertTrue(missing.body().contains("image"), missing.body());
    HttpResponse<String> empty = SERVER.postJson("/ocr/pp-ocr", "{\"image\":[]}");
    assertEquals(400, empty.statusCode(), empty.body());
    assertTrue(empty.body().contains("'image' is an empty list."), empty.body());
    long t0 = System.nanoTime();
    HttpResponse<String> text =
        SERVER.postJson(
            "/ocr/pp-ocr",
            "{\"image\":{\"type\":\"base64\",\"value\":\"dGhpcyBpcyB0ZXh0LCBub3QgYW4gaW1hZ2U=\"}}");
    assertEquals(400, text.statusCode(), text.body());
    assertEquals("InputImageLoadError", TestServer.json(text).get("error_type").asText());
    assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "refused at once");
    assertFalse(text.body().contains("at io.jinference"), "no stack trace");
    assertEquals(200, SERVER.postJson("/ocr/pp-ocr", body("skimage-text.png", "")).statusCode());
  }

  /**
   * A black PNG, base64, with a white line every 7 pixels across its longer side (columns of a wide
   * image, rows of a tall one).
   */
  static String stripes(int width, int height) {
    java.awt.image.BufferedImage image =
        new java.awt.image.BufferedImage(width, height, java.awt.image.BufferedImage.TYPE_INT_RGB);
    boolean wide = width >= height;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        if ((wide ? x : y) % 7 == 0) {
          image.setRGB(x, y, 0xffffff);
        }
      }
    }
    return java.util.Base64.getEncoder().encodeToString(TestServer.encode(image, "png", false));
  }

  @Test
  void aHairThinImageIsReadWithinBoundsInEveryMode() throws Exception {
    // 6000 x 6: read whole, its recogniser input would be 48 px high and 48,000 px wide; the
    // image is first brought to at most 2000 px a side (and padded for detection), as RapidOCR does
    String image = stripes(6000, 6);
    for (String version : List.of("small-small", "none-small", "small-none")) {
      long t0 = System.nanoTime();
      HttpResponse<String> r =
          SERVER.postJson(
              "/ocr/pp-ocr",
              "{\"pp_ocr_version_id\":\""
                  + version
                  + "\",\"image\":{\"type\":\"base64\",\"value\":\""
                  + image
                  + "\"}}");
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertEquals(200, r.statusCode(), version + ": " + r.body());
      assertTrue(ms < 15_000, version + " took " + ms + " ms");
    }
    long t1 = System.nanoTime();
    assertEquals(200, SERVER.postJson("/ocr/pp-ocr", body("skimage-text.png", "")).statusCode());
    assertTrue(System.nanoTime() - t1 < 5_000_000_000L, "the next request is not slowed");
  }

  @Test
  void aTallThinImageIsReadWithinBounds() throws Exception {
    // 20 x 2000: detection scales a short side up to 736 px; unbounded, this one would become a
    // tensor of about 70,000 x 736 pixels (wide images are padded first, tall ones are not)
    String image = stripes(20, 2000);
    long t0 = System.nanoTime();
    HttpResponse<String> r =
        SERVER.postJson(
            "/ocr/pp-ocr", "{\"image\":{\"type\":\"base64\",\"value\":\"" + image + "\"}}");
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(ms < 15_000, "took " + ms + " ms");
    long t1 = System.nanoTime();
    assertEquals(200, SERVER.postJson("/ocr/pp-ocr", body("skimage-text.png", "")).statusCode());
    assertTrue(System.nanoTime() - t1 < 5_000_000_000L, "the next request is not slowed");
  }

  @Test
  void aPpOcrModelIdOnATaskRouteIsToldWhereOcrIsServed() {
    HttpResponse<String> r =
        SERVER.postJson(
            "/infer/object_detection",
            TestServer.detectBody("pp_ocr/small-small", "skimage-page.png", ""));
    assertEquals(400, r.statusCode(), r.body());
    assertEquals("InvalidModelIDError", TestServer.json(r).get("error_type").asText());
    assertTrue(r.body().contains("served by jinference on POST /ocr/pp-ocr only"), r.body());
  }

  @Test
  void preloadModelsLoadsOcrBeforeTheFirstRequestAndReadinessWaitsForIt() throws Exception {
    try (TestServer preloaded = TestServer.with(Map.of("preload.models", "pp_ocr/small-small"));
        TestServer plain = TestServer.with(Map.of())) {
      for (TestServer s : List.of(preloaded, plain)) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (s.get("/readiness").statusCode() != 200 && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
        assertEquals(200, s.get("/readiness").statusCode());
      }
      PaddleOcr preloadedOcr = preloaded.bean(PaddleOcr.class);
      assertTrue(preloadedOcr.isLoaded(), "loaded at start");
      assertFalse(
          plain.bean(PaddleOcr.class).isLoaded(), "without PRELOAD_MODELS: at the first call");
    }
  }

  @Test
  void withTheServersKeysOnAStrangerIsRefused() {
    try (TestServer locked = TestServer.with(Map.of("inference.server.api.keys", "alpha"))) {
      HttpResponse<String> stranger =
          locked.postJson("/ocr/pp-ocr", body("skimage-text.png", ",\"api_key\":\"beta\""));
      assertEquals(401, stranger.statusCode(), stranger.body());
      HttpResponse<String> known =
          locked.postJson("/ocr/pp-ocr", body("skimage-text.png", ",\"api_key\":\"alpha\""));
      assertEquals(200, known.statusCode(), known.body());
    }
  }
}
