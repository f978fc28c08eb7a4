package io.jinference.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jinference.server.TestServer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every output layout and task end to end over HTTP, through ONNX Runtime, against results computed
 * by the independent NumPy/OpenCV reference (tools/make-fixtures/make_task_fixtures.py).
 */
class TaskFixturesTest {
  private static final String DOG = "darknet-dog.jpg";
  private static JsonNode expected;
  private final TestServer server = TestServer.shared();

  @BeforeAll
  static void load() throws Exception {
    try (InputStream in =
        TaskFixturesTest.class.getResourceAsStream("/model-store/task-fixtures-expected.json")) {
      expected = TestServer.JSON.readTree(in).get("cases");
    }
  }

  private JsonNode post(String route, String model, String photo, String extra) {
    HttpResponse<String> r = server.postJson(route, TestServer.detectBody(model, photo, extra));
    assertEquals(200, r.statusCode(), r.body());
    return TestServer.json(r);
  }

  private static void assertBoxes(JsonNode expected, JsonNode actual) {
    assertEquals(expected.size(), actual.size(), actual.toString());
    for (int i = 0; i < expected.size(); i++) {
      JsonNode e = expected.get(i);
      JsonNode a = actual.get(i);
      assertEquals(e.get("class").asText(), a.get("class").asText(), "#" + i + " " + a);
      assertEquals(e.get("class_id").asInt(), a.get("class_id").asInt());
      for (String f : new String[] {"x", "y", "width", "height"}) {
        assertEquals(e.get(f).asDouble(), a.get(f).asDouble(), 1e-9, f + " of #" + i + " " + a);
      }
      assertEquals(e.get("confidence").asDouble(), a.get("confidence").asDouble(), 1e-4);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "yolov5-fixture/1",
        "yolov10-fixture/1",
        "yolonas-fixture/1",
        "rfdetr-fixture/1",
        "crop-fixture/1",
        "dynamic-fixture/1"
      })
  void detectorLayouts(String model) {
    assertBoxes(
        expected.get(model), post("/infer/object_detection", model, DOG, "").get("predictions"));
  }

  @Test
  void staticCropCanBeDisabledByTheRequest() {
    assertBoxes(
        expected.get("crop-fixture/1 disable_preproc_static_crop"),
        post(
                "/infer/object_detection",
                "crop-fixture/1",
                DOG,
                "\"disable_preproc_static_crop\":true")
            .get("predictions"));
  }

  @Test
  void dynamicBatchAndSizeRunAListAsOneBatch() {
    String image = "{\"type\":\"base64\",\"value\":\"" + TestServer.base64(DOG) + "\"}";
    HttpResponse<String> r =
        server.postJson(
            "/infer/object_detection",
            "{\"model_id\":\"dynamic-fixture/1\",\"image\":["
                + image
                + ","
                + image
                + ","
                + image
                + "]}");
    JsonNode body = TestServer.json(r);
    assertEquals(3, body.size(), r.body());
    for (JsonNode one : body) {
      assertBoxes(expected.get("dynamic-fixture/1"), one.get("predictions"));
    }
    JsonNode registry = TestServer.json(server.get("/model/registry"));
    for (JsonNode m : registry.get("models")) {
      if (m.get("model_id").asText().equals("dynamic-fixture/1")) {
        assertTrue(
            m.get("batch_size").isNull(), "a dynamic batch dimension has batch_size null: " + m);
        assertEquals(300, m.get("input_width").asInt());
      }
    }
  }

  @Test
  void yolov5Segmentation() {
    JsonNode actual =
        post("/infer/instance_segmentation", "yolov5-seg-fixture/1", DOG, "").get("predictions");
    JsonNode exp = expected.get("yolov5-seg-fixture/1");
    assertBoxes(exp, actual);
    double[] eb = bounds(exp.get(0).get("points"), true);
    double[] ab = bounds(actual.get(0).get("points"), false);
    for (int k = 0; k < 4; k++) {
      assertEquals(eb[k], ab[k], 3.0);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"darknet-dog.jpg", "skimage-coffee.png"})
  void resnetNormalisation(String photo) {
    JsonNode actual =
        post("/infer/classification", "resnet-fixture/1", photo, "\"confidence\":0.1");
    JsonNode exp = expected.get("resnet-fixture/1 " + photo);
    assertEquals(exp.get("top").asText(), actual.get("top").asText());
    assertEquals(exp.get("confidence").asDouble(), actual.get("confidence").asDouble(), 2e-3);
  }

  @Test
  void yolov5ConfidenceIsTheObjectness() {
    JsonNode p = post("/infer/object_detection", "yolov5-fixture/1", DOG, "").get("predictions");
    assertEquals(
        0.9, p.get(0).get("confidence").asDouble(), 1e-6, "objectness 0.9, class score 0.6");
  }

  @Test
  void nmsFreeLayoutsKeepOverlapsAndUseAStrictThreshold() {
    JsonNode p = post("/infer/object_detection", "yolov10-fixture/1", DOG, "").get("predictions");
    assertEquals(3, p.size(), "the overlapping pair stays; 0.40 is not above 0.4; 0.41 is");
  }

  @ParameterizedTest
  @ValueSource(strings = {"accurate", "fast", "tradeoff"})
  void instanceSegmentationPolygons(String mode) {
    String extra =
        "\"mask_decode_mode\":\""
            + mode
            + "\""
            + (mode.equals("tradeoff") ? ",\"tradeoff_factor\":0.5" : "");
    JsonNode actual =
        post("/infer/instance_segmentation", "yolov8-seg-fixture/1", DOG, extra).get("predictions");
    JsonNode exp = expected.get("yolov8-seg-fixture/1 " + mode);
    assertBoxes(exp, actual);
    for (int i = 0; i < exp.size(); i++) {
      JsonNode e = exp.get(i).get("points");
      JsonNode a = actual.get(i).get("points");
      assertEquals("polygon", actual.get(i).get("mask_format").asText());
      double[] eb = bounds(e, true);
      double[] ab = bounds(a, false);
      for (int k = 0; k < 4; k++) {
        assertEquals(eb[k], ab[k], 3.0, mode + " polygon bounds of #" + i + ": " + a);
      }
      assertEquals(
          area(e, true), area(a, false), 0.03 * area(e, true), mode + " polygon area of #" + i);
    }
  }

  @Test
  void instanceSegmentationRle() {
    JsonNode p =
        post(
                "/infer/instance_segmentation",
                "yolov8-seg-fixture/1",
                DOG,
                "\"response_mask_format\":\"rle\"")
            .get("predictions")
            .get(0);
    assertEquals("rle", p.get("mask_format").asText());
    assertFalse(p.has("points"));
    assertEquals(576, p.get("rle").get("size").get(0).asInt());
    assertEquals(768, p.get("rle").get("size").get(1).asInt());
    // The dog's mask is the rectangle of prototype cells 15..35 x 20..40 (of 80) inside its box: in
    // original
    // pixels x 144..336, y 144..288 (bounded by the box 120..360 x 126..306).
    boolean[] mask = decodeRle(p.get("rle").get("counts").asText(), 576, 768);
    int on = 0;
    int minX = 768;
    int maxX = 0;
    int minY = 576;
    int maxY = 0;
    for (int x = 0; x < 768; x++) {
      for (int y = 0; y < 576; y++) {
        if (mask[x * 576 + y]) {
          on++;
          minX = Math.min(minX, x);
          maxX = Math.max(maxX, x);
          minY = Math.min(minY, y);
          maxY = Math.max(maxY, y);
        }
      }
    }
    assertEquals(144, minX, 3);
    assertEquals(336, maxX, 3);
    assertEquals(144, minY, 3);
    assertEquals(288, maxY, 3);
    assertEquals(192 * 144, on, 0.05 * 192 * 144);
  }

  @Test
  void badMaskArgumentsAreRefusedWithRoboflowsMessage() {
    for (String extra :
        new String[] {
          "\"mask_decode_mode\":\"sloppy\"",
          "\"mask_decode_mode\":\"tradeoff\",\"tradeoff_factor\":1.5"
        }) {
      HttpResponse<String> r =
          server.postJson(
              "/infer/instance_segmentation",
              TestServer.detectBody("yolov8-seg-fixture/1", DOG, extra));
      assertEquals(400, r.statusCode(), r.body());
      assertTrue(r.body().contains("Invalid mask decode argument sent."), r.body());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.0", "0.5"})
  void keypoints(String threshold) {
    JsonNode actual =
        post(
                "/infer/keypoints_detection",
                "yolov8-pose-fixture/1",
                DOG,
                "\"keypoint_confidence\":" + threshold)
            .get("predictions");
    JsonNode exp = expected.get("yolov8-pose-fixture/1 keypoint_confidence=" + threshold);
    assertBoxes(exp, actual);
    JsonNode ek = exp.get(0).get("keypoints");
    JsonNode ak = actual.get(0).get("keypoints");
    assertEquals(ek.size(), ak.size(), ak.toString());
    for (int i = 0; i < ek.size(); i++) {
      assertEquals(ek.get(i).get("class").asText(), ak.get(i).get("class").asText());
      assertEquals(ek.get(i).get("class_id").asInt(), ak.get(i).get("class_id").asInt());
      assertEquals(ek.get(i).get("x").asDouble(), ak.get(i).get("x").asDouble(), 1e-6);
      assertEquals(ek.get(i).get("y").asDouble(), ak.get(i).get("y").asDouble(), 1e-6);
      assertEquals(
          ek.get(i).get("confidence").asDouble(), ak.get(i).get("confidence").asDouble(), 1e-6);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"darknet-dog.jpg", "skimage-coffee.png", "darknet-giraffe.jpg"})
  void singleLabelClassification(String photo) {
    JsonNode actual = post("/infer/classification", "vit-fixture/1", photo, "");
    JsonNode exp = expected.get("vit-fixture/1 " + photo);
    assertEquals(exp.get("top").asText(), actual.get("top").asText());
    assertEquals(exp.get("confidence").asDouble(), actual.get("confidence").asDouble(), 2e-3);
    assertEquals(
        exp.get("predictions").size(), actual.get("predictions").size(), actual.toString());
    for (int i = 0; i < exp.get("predictions").size(); i++) {
      assertEquals(
          exp.get("predictions").get(i).get("class").asText(),
          actual.get("predictions").get(i).get("class").asText());
      assertEquals(
          exp.get("predictions").get(i).get("confidence").asDouble(),
          actual.get("predictions").get(i).get("confidence").asDouble(),
          2e-3);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"darknet-dog.jpg", "skimage-coffee.png"})
  void multiLabelClassificationReportsEveryClassAndTheTrueImageSize(String photo) {
    JsonNode actual = post("/infer/classification", "multilabel-fixture/1", photo, "");
    JsonNode exp = expected.get("multilabel-fixture/1 " + photo);
    for (String name : new String[] {"red", "green", "blue"}) {
      assertEquals(
          exp.get("predictions").get(name).get("confidence").asDouble(),
          actual.get("predictions").get(name).get("confidence").asDouble(),
          2e-3,
          name);
      assertEquals(
          exp.get("predictions").get(name).get("class_id").asInt(),
          actual.get("predictions").get(name).get("class_id").asInt());
    }
    assertEquals(exp.get("predicted_classes"), actual.get("predicted_classes"));
    // Roboflow's classic path swaps width and height for multi-label models; we report them as they
    // are.
    byte[] bytes = TestServer.photo(photo);
    try {
      var img = ImageIO.read(new ByteArrayInputStream(bytes));
      assertEquals(img.getWidth(), actual.get("image").get("width").asInt());
      assertEquals(img.getHeight(), actual.get("image").get("height").asInt());
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void legacyRouteServesEachModelsOwnTask() {
    HttpResponse<String> r =
        server.post(
            "/vit-fixture/1",
            "text/plain",
            TestServer.base64("skimage-coffee.png").getBytes(StandardCharsets.US_ASCII));
    assertEquals("red", TestServer.json(r).get("top").asText());
    HttpResponse<String> seg =
        server.post(
            "/yolov8-seg-fixture/1?mask_decode_mode=fast",
            "text/plain",
            TestServer.base64(DOG).getBytes(StandardCharsets.US_ASCII));
    assertTrue(TestServer.json(seg).get("predictions").get(0).has("points"), seg.body());
  }

  @Test
  void visualisationsDrawEachTask() throws Exception {
    for (String[] c :
        new String[][] {
          {"/infer/instance_segmentation", "yolov8-seg-fixture/1"},
          {"/infer/keypoints_detection", "yolov8-pose-fixture/1"},
          {"/infer/classification", "vit-fixture/1"}
        }) {
      JsonNode body =
          post(c[0], c[1], DOG, "\"visualize_predictions\":true,\"visualization_stroke_width\":3");
      byte[] jpeg = Base64.getDecoder().decode(body.get("visualization").asText());
      var drawn = ImageIO.read(new ByteArrayInputStream(jpeg));
      var original = ImageIO.read(new ByteArrayInputStream(TestServer.photo(DOG)));
      assertEquals(original.getWidth(), drawn.getWidth());
      long changed = 0;
      for (int y = 0; y < drawn.getHeight(); y += 2) {
        for (int x = 0; x < drawn.getWidth(); x += 2) {
          int a = drawn.getRGB(x, y);
          int b = original.getRGB(x, y);
          if (Math.abs(((a >> 8) & 0xFF) - ((b >> 8) & 0xFF)) + Math.abs((a & 0xFF) - (b & 0xFF))
              > 80) {
            changed++;
          }
        }
      }
      assertNotEquals(0, changed, c[1] + " drew nothing");
    }
  }

  /** pycocotools' rleFrString + decode: column-major, runs alternate starting with 0s. */
  static boolean[] decodeRle(String s, int h, int w) {
    java.util.List<Long> counts = new java.util.ArrayList<>();
    int p = 0;
    while (p < s.length()) {
      long x = 0;
      int k = 0;
      boolean more = true;
      while (more) {
        long c = s.charAt(p) - 48;
        x |= (c & 0x1f) << (5 * k);
        more = (c & 0x20) != 0;
        p++;
        k++;
        if (!more && (c & 0x10) != 0) {
          x |= -1L << (5 * k);
        }
      }
      if (counts.size() > 2) {
        x += counts.get(counts.size() - 2);
      }
      counts.add(x);
    }
    boolean[] mask = new boolean[h * w];
    int at = 0;
    boolean value = false;
    for (long n : counts) {
      for (long i = 0; i < n; i++) {
        mask[at++] = value;
      }
      value = !value;
    }
    assertEquals(h * w, at, "RLE covers the image");
    return mask;
  }

  private static double[] bounds(JsonNode points, boolean pairs) {
    double[] b = {Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
    for (JsonNode p : points) {
      double x = pairs ? p.get(0).asDouble() : p.get("x").asDouble();
      double y = pairs ? p.get(1).asDouble() : p.get("y").asDouble();
      b[0] = Math.min(b[0], x);
      b[1] = Math.min(b[1], y);
      b[2] = Math.max(b[2], x);
      b[3] = Math.max(b[3], y);
    }
    return b;
  }

  private static double area(JsonNode points, boolean pairs) {
    double a = 0;
    int n = points.size();
    for (int i = 0; i < n; i++) {
      JsonNode p = points.get(i);
      JsonNode q = points.get((i + 1) % n);
      double x1 = pairs ? p.get(0).asDouble() : p.get("x").asDouble();
      double y1 = pairs ? p.get(1).asDouble() : p.get("y").asDouble();
      double x2 = pairs ? q.get(0).asDouble() : q.get("x").asDouble();
      double y2 = pairs ? q.get(1).asDouble() : q.get("y").asDouble();
      a += x1 * y2 - x2 * y1;
    }
    return Math.abs(a) / 2;
  }
}
