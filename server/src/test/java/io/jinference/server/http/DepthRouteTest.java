package io.jinference.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jinference.server.TestServer;
import io.jinference.server.inference.runtime.depth.DepthAnything;
import io.jinference.server.model.ModelId;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * {@code /infer/depth-estimation} over real HTTP, on the test store's Depth Anything-shaped graphs
 * (tools/make-fixtures/make_depth_fixtures.py: "depth" = the mean of the normalised input channels,
 * so brighter reads nearer). The photo is drawn here, dark on its left half and bright on its
 * right, so the expected map is known without the server: about 0 on the left, about 1 on the
 * right.
 */
class DepthRouteTest {
  static final TestServer SERVER = TestServer.shared();
  static final int W = 120;
  static final int H = 80;

  /** Matplotlib's viridis at 0 and at 1 (its colour table), as RGB. */
  static final int[] VIRIDIS_0 = {68, 1, 84};

  static final int[] VIRIDIS_1 = {253, 231, 37};

  static String halves(int width, int height, int left, int right) throws Exception {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int v = x < width / 2 ? left : right;
        image.setRGB(x, y, (v << 16) | (v << 8) | v);
      }
    }
    return Base64.getEncoder().encodeToString(TestServer.encode(image, "png", false));
  }

  static String body(String image, String extra) {
    return "{\"image\":{\"type\":\"base64\",\"value\":\"" + image + "\"}" + extra + "}";
  }

  static JsonNode ok(String path, String body) {
    return ok(SERVER, path, body);
  }

  /** Values of columns away from the middle: the left quarter near 0, the right quarter near 1. */
  static void assertDarkLeftBrightRight(float[][] map) {
    assertEquals(H, map.length);
    for (float[] row : map) {
      assertEquals(W, row.length);
      for (int x = 0; x < W / 4; x++) {
        assertTrue(row[x] < 0.02, "left " + x + ": " + row[x]);
        assertTrue(row[W - 1 - x] > 0.98, "right " + (W - 1 - x) + ": " + row[W - 1 - x]);
      }
    }
  }

  static float[][] rows(JsonNode json) {
    float[][] map = new float[json.size()][];
    for (int y = 0; y < map.length; y++) {
      map[y] = new float[json.get(y).size()];
      for (int x = 0; x < map[y].length; x++) {
        map[y][x] = (float) json.get(y).get(x).asDouble();
      }
    }
    return map;
  }

  static float[][] png(String base64, double max) throws Exception {
    BufferedImage image =
        ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(base64)));
    float[][] map = new float[image.getHeight()][image.getWidth()];
    for (int y = 0; y < map.length; y++) {
      for (int x = 0; x < map[y].length; x++) {
        map[y][x] = (float) (image.getRaster().getSample(x, y, 0) / max);
      }
    }
    return map;
  }

  static void assertColour(int[] expected, int rgb, String where) {
    int[] got = {(rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff};
    for (int c = 0; c < 3; c++) {
      assertTrue(
          Math.abs(expected[c] - got[c]) <= 12,
          where
              + ": "
              + java.util.Arrays.toString(got)
              + " against viridis "
              + java.util.Arrays.toString(expected));
    }
  }

  @Test
  void theMapIsTheImagesSizeNearestOneAndThePictureIsViridis() throws Exception {
    JsonNode r =
        ok(
            "/infer/depth-estimation",
            body(halves(W, H, 20, 230), ",\"model_id\":\"depth-anything-v2/small\""));
    assertEquals("json", r.get("depth_map_format").asText());
    assertTrue(r.get("time").asDouble() > 0, r.toString());
    assertDarkLeftBrightRight(rows(r.get("normalized_depth")));
    BufferedImage picture =
        ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(r.get("image").asText())));
    assertEquals(W, picture.getWidth());
    assertEquals(H, picture.getHeight());
    assertColour(VIRIDIS_0, picture.getRGB(5, H / 2), "left, farthest");
    assertColour(VIRIDIS_1, picture.getRGB(W - 6, H / 2), "right, nearest");
  }

  @Test
  void png16AndPng8CarryTheSameMapAsJson() throws Exception {
    String image = halves(W, H, 60, 200);
    float[][] json = rows(ok("/infer/depth-estimation", body(image, "")).get("normalized_depth"));
    JsonNode r16 = ok("/infer/depth-estimation", body(image, ",\"depth_map_format\":\"png16\""));
    JsonNode r8 = ok("/infer/depth-estimation", body(image, ",\"depth_map_format\":\"png8\""));
    assertEquals("png16", r16.get("depth_map_format").asText());
    assertEquals("png8", r8.get("depth_map_format").asText());
    float[][] p16 = png(r16.get("normalized_depth").asText(), 65535);
    float[][] p8 = png(r8.get("normalized_depth").asText(), 255);
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        assertEquals(json[y][x], p16[y][x], 1.0 / 65535, "png16 at " + x + "," + y);
        assertEquals(json[y][x], p8[y][x], 0.5 / 255 + 1e-6, "png8 at " + x + "," + y);
      }
    }
    assertDarkLeftBrightRight(p16);
  }

  @Test
  void aFixedSizeModelAndEveryFormOfTheIdInThePath() throws Exception {
    String image = halves(W, H, 0, 255);
    // the whole id in the path, as Roboflow's Python client sends it with model_id_in_path=True
    assertDarkLeftBrightRight(
        rows(
            ok("/infer/depth-estimation/depth-anything-v3/small", body(image, ""))
                .get("normalized_depth")));
    // the family in the path, the version from depth_version_id
    assertDarkLeftBrightRight(
        rows(
            ok(
                    "/infer/depth-estimation/depth-anything-v2",
                    body(image, ",\"depth_version_id\":\"small\""))
                .get("normalized_depth")));
    HttpResponse<String> mismatch =
        SERVER.postJson(
            "/infer/depth-estimation/depth-anything-v3/small",
            body(image, ",\"model_id\":\"depth-anything-v2/small\""));
    assertEquals(400, mismatch.statusCode(), mismatch.body());
    assertTrue(mismatch.body().contains("depth-anything-v2/small"), mismatch.body());
  }

  @Test
  void anImageWithoutDepthDifferencesIsFlatNotAnError() throws Exception {
    JsonNode r = ok("/infer/depth-estimation", body(halves(W, H, 128, 128), ""));
    for (JsonNode row : r.get("normalized_depth")) {
      for (JsonNode v : row) {
        assertEquals(0.0, v.asDouble(), 0.0);
      }
    }
  }

  @Test
  void badInputIsRefusedClearlyAndTheServerGoesOn() throws Exception {
    String image = halves(W, H, 0, 255);
    Map<String, String> refused =
        Map.of(
            "{\"image\":[{\"type\":\"base64\",\"value\":\"" + image + "\"}]}",
            "one image per request",
            body(image, ",\"model_id\":\"coco-nanodet/1\""),
            "is not a depth model",
            body(image, ",\"model_id\":\"depth-anything-v2\""),
            "is not a depth model",
            body(image, ",\"depth_map_format\":\"tiff\""),
            "depth_map_format: Unexpected value 'tiff'");
    for (Map.Entry<String, String> c : refused.entrySet()) {
      long t0 = System.nanoTime();
      HttpResponse<String> r = SERVER.postJson("/infer/depth-estimation", c.getKey());
      assertTrue(r.statusCode() == 400 || r.statusCode() == 422, c.getValue() + ": " + r.body());
      assertTrue(r.body().contains(c.getValue()), r.body());
      assertFalse(r.body().contains("at io.jinference"), "no stack trace");
      assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "refused at once");
    }
    HttpResponse<String> missing =
        SERVER.postJson(
            "/infer/depth-estimation", body(image, ",\"model_id\":\"depth-anything-v2/large\""));
    assertEquals(404, missing.statusCode(), missing.body());
    assertEquals("ModelNotCachedError", TestServer.json(missing).get("error_type").asText());
    assertTrue(missing.body().contains("depth-anything-v2/large/weights.onnx"), missing.body());
    ok("/infer/depth-estimation", body(image, ""));
  }

  @Test
  void aHairThinImageIsBoundedAndTheNextRequestIsNotSlowed() throws Exception {
    // 6000 x 6: Depth Anything's resize would make its short side 0 px (a crash in Python) or,
    // scaled the other way, its long side 518,000 px; the input stays within [14, 2072] a side
    String thin = halves(6000, 6, 0, 255);
    long t0 = System.nanoTime();
    JsonNode r = ok("/infer/depth-estimation", body(thin, ",\"depth_map_format\":\"png8\""));
    assertTrue(System.nanoTime() - t0 < 15_000_000_000L, "answered within bounds");
    float[][] map = png(r.get("normalized_depth").asText(), 255);
    assertEquals(6, map.length);
    assertEquals(6000, map[0].length);
    // a sharp edge shrunk to 518 px and back rings (bicubic), so its extremes lie beyond the
    // halves' plateaus: dark still reads far and bright near
    assertTrue(map[3][100] < 0.2 && map[3][5900] > 0.8, map[3][100] + " " + map[3][5900]);
    long t1 = System.nanoTime();
    ok("/infer/depth-estimation", body(halves(W, H, 0, 255), ""));
    assertTrue(System.nanoTime() - t1 < 5_000_000_000L, "the next request is not slowed");
  }

  @Test
  void aLargeMapIsNotAnsweredAsJsonNumbersButAsAPng() throws Exception {
    try (TestServer small = TestServer.with(Map.of("max.depth.json.pixels", "1000"))) {
      String image = halves(W, H, 0, 255);
      HttpResponse<String> json = small.postJson("/infer/depth-estimation", body(image, ""));
      assertEquals(400, json.statusCode(), json.body());
      assertTrue(json.body().contains("MAX_DEPTH_JSON_PIXELS"), json.body());
      assertTrue(json.body().contains("png16"), json.body());
      HttpResponse<String> png =
          small.postJson("/infer/depth-estimation", body(image, ",\"depth_map_format\":\"png16\""));
      assertEquals(200, png.statusCode(), png.body());
    }
  }

  @Test
  void aDepthModelIdOnATaskRouteIsToldWhereDepthIsServed() {
    HttpResponse<String> r =
        SERVER.postJson(
            "/infer/object_detection",
            TestServer.detectBody("depth-anything-v2/small", "darknet-dog.jpg", ""));
    assertEquals(400, r.statusCode(), r.body());
    assertTrue(r.body().contains("POST /infer/depth-estimation"), r.body());
  }

  @Test
  void preloadModelsLoadsADepthModelAtStartAndAStrangerIsRefused() throws Exception {
    ModelId v2 = ModelId.parse("depth-anything-v2/small");
    try (TestServer preloaded =
        TestServer.with(
            Map.of(
                "preload.models",
                "depth-anything-v2/small",
                "inference.server.api.keys",
                "alpha"))) {
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (preloaded.get("/readiness").statusCode() != 200 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertEquals(200, preloaded.get("/readiness").statusCode());
      assertTrue(preloaded.bean(DepthAnything.class).loaded(v2), "loaded at start");
      String image = halves(W, H, 0, 255);
      HttpResponse<String> stranger =
          preloaded.postJson("/infer/depth-estimation", body(image, ",\"api_key\":\"beta\""));
      assertEquals(401, stranger.statusCode(), stranger.body());
      HttpResponse<String> known =
          preloaded.postJson("/infer/depth-estimation", body(image, ",\"api_key\":\"alpha\""));
      assertEquals(200, known.statusCode(), known.body());
    }
    assertFalse(
        SERVER.bean(DepthAnything.class).loaded(ModelId.parse("depth-anything-v3/base")),
        "never asked for: not loaded");
  }

  @Test
  void theWorkflowBlockAnswersTheRoutesMap() throws Exception {
    String image = halves(W, H, 0, 255);
    String spec =
        "{\"version\":\"1.0\",\"inputs\":[{\"type\":\"WorkflowImage\",\"name\":\"image\"}],"
            + "\"steps\":[{\"type\":\"roboflow_core/depth_estimation@v1\",\"name\":\"depth\","
            + "\"images\":\"$inputs.image\",\"model_version\":\"MODEL\"}],"
            + "\"outputs\":[{\"type\":\"JsonField\",\"name\":\"map\",\"selector\":\"$steps.depth.normalized_depth\"},"
            + "{\"type\":\"JsonField\",\"name\":\"picture\",\"selector\":\"$steps.depth.image\"}]}";
    String run =
        "{\"specification\":SPEC,\"inputs\":{\"image\":{\"type\":\"base64\",\"value\":\""
            + image
            + "\"}}}";
    JsonNode out =
        ok("/workflows/run", run.replace("SPEC", spec.replace("MODEL", "depth-anything-v2/small")))
            .get("outputs")
            .get(0);
    float[][] map = rows(out.get("map"));
    assertDarkLeftBrightRight(map);
    float[][] route = rows(ok("/infer/depth-estimation", body(image, "")).get("normalized_depth"));
    for (int y = 0; y < H; y++) {
      assertTrue(java.util.Arrays.equals(route[y], map[y]), "row " + y + " as the route's");
    }
    BufferedImage picture =
        ImageIO.read(
            new ByteArrayInputStream(
                Base64.getDecoder().decode(out.get("picture").get("value").asText())));
    assertColour(VIRIDIS_1, picture.getRGB(W - 6, H / 2), "right, nearest");
    HttpResponse<String> notDepth =
        SERVER.postJson(
            "/workflows/run", run.replace("SPEC", spec.replace("MODEL", "coco-nanodet/1")));
    assertEquals(400, notDepth.statusCode(), notDepth.body());
    assertTrue(notDepth.body().contains("is not a depth model"), notDepth.body());
  }

  static java.util.Set<String> registry(TestServer server) {
    java.util.Set<String> ids = new java.util.TreeSet<>();
    TestServer.json(server.get("/model/registry"))
        .get("models")
        .forEach(m -> ids.add(m.get("model_id").asText() + " " + m.get("task_type").asText()));
    return ids;
  }

  @Test
  void theModelRoutesAddListRemoveAndClearFoundationModelsWhileRequestsRun() throws Exception {
    try (TestServer own = TestServer.with(Map.of())) {
      assertEquals(
          200,
          own.postJson("/model/add", "{\"model_id\":\"depth-anything-v3/small\"}").statusCode());
      assertEquals(
          200, own.postJson("/model/add", "{\"model_id\":\"pp_ocr/small-small\"}").statusCode());
      assertTrue(
          registry(own)
              .containsAll(
                  java.util.Set.of(
                      "depth-anything-v3/small depth-estimation", "pp_ocr/small-small ocr")),
          registry(own).toString());
      // requests keep being answered while the model is removed under them, again and again
      String image = halves(W, H, 0, 255);
      java.util.concurrent.ExecutorService callers =
          java.util.concurrent.Executors.newFixedThreadPool(3);
      try {
        java.util.List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
        for (int i = 0; i < 15; i++) {
          answers.add(
              callers.submit(
                  () ->
                      own.postJson(
                              "/infer/depth-estimation",
                              body(image, ",\"model_id\":\"depth-anything-v3/small\""))
                          .statusCode()));
        }
        for (int i = 0; i < 10; i++) {
          assertEquals(
              200,
              own.postJson("/model/remove", "{\"model_id\":\"depth-anything-v3/small\"}")
                  .statusCode());
        }
        for (java.util.concurrent.Future<Integer> a : answers) {
          assertEquals(200, a.get(60, java.util.concurrent.TimeUnit.SECONDS));
        }
      } finally {
        callers.shutdownNow();
      }
      own.postJson("/model/remove", "{\"model_id\":\"depth-anything-v3/small\"}");
      assertFalse(
          registry(own).contains("depth-anything-v3/small depth-estimation"),
          registry(own).toString());
      assertTrue(registry(own).contains("pp_ocr/small-small ocr"), registry(own).toString());
      assertEquals(200, own.postJson("/model/clear", "{}").statusCode());
      assertTrue(registry(own).isEmpty(), registry(own).toString());
      assertDarkLeftBrightRight(
          rows(
              TestServer.json(
                      own.postJson(
                          "/infer/depth-estimation",
                          body(image, ",\"model_id\":\"depth-anything-v3/small\"")))
                  .get("normalized_depth")));
    }
  }

  /** #17 item 6: foundation models take their place in MAX_ACTIVE_MODELS as the store's do. */
  @Test
  void foundationModelsCountInMaxActiveModelsAndAPinnedOneStays() throws Exception {
    try (TestServer own =
        TestServer.with(Map.of("max.active.models", "2", "pinned.models", "pp_ocr/small-small"))) {
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (own.get("/readiness").statusCode() != 200 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      String image = halves(W, H, 0, 255);
      String v2 = ",\"model_id\":\"depth-anything-v2/small\"";
      String v3 = ",\"model_id\":\"depth-anything-v3/small\"";
      assertEquals(200, own.postJson("/infer/depth-estimation", body(image, v2)).statusCode());
      assertEquals(
          java.util.Set.of("depth-anything-v2/small depth-estimation", "pp_ocr/small-small ocr"),
          registry(own));
      // a store model is the third: the least recently used one that is not pinned goes
      assertEquals(
          200,
          own.postJson(
                  "/infer/object_detection",
                  TestServer.detectBody("coco-nanodet/1", "darknet-dog.jpg", ""))
              .statusCode());
      awaitRegistry(
          own, java.util.Set.of("coco-nanodet/1 object-detection", "pp_ocr/small-small ocr"));
      assertFalse(own.bean(DepthAnything.class).loaded(ModelId.parse("depth-anything-v2/small")));
      // and a foundation model evicts a store model in turn
      assertEquals(200, own.postJson("/infer/depth-estimation", body(image, v3)).statusCode());
      awaitRegistry(
          own,
          java.util.Set.of("depth-anything-v3/small depth-estimation", "pp_ocr/small-small ocr"));
      String metrics = own.get("/metrics").body();
      assertTrue(
          metrics.contains("jinference_models_loaded 2.0"),
          metrics.lines().filter(l -> l.contains("models_loaded")).toList().toString());
      // an evicted foundation model loads again when asked for
      assertDarkLeftBrightRight(
          rows(ok(own, "/infer/depth-estimation", body(image, v2)).get("normalized_depth")));
    }
  }

  private static void awaitRegistry(TestServer server, java.util.Set<String> expected)
      throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!registry(server).equals(expected) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(expected, registry(server));
  }

  static JsonNode ok(TestServer server, String path, String body) {
    HttpResponse<String> r = server.postJson(path, body);
    assertEquals(200, r.statusCode(), r.body());
    return TestServer.json(r);
  }
}
