package io.jinference.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jinference.server.TestServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/**
 * The SAM 2 routes over real HTTP, on the test store's SAM 2-shaped graphs
 * (tools/make-fixtures/make_sam2_fixtures.py): mask k of a prompt is a disk of radius RADII[k]
 * (pixels of SAM 2's 1024 x 1024 input) around the mean of the prompt's points (a box's two corners
 * average to its centre; padding points are left out), cut to where the picture is bright, with the
 * decoder's confidence IOUS[k] (+0.05 when it was given a mask to start from). SAM 2 stretches the
 * picture to 1024 x 1024, so in a W x H picture a disk is an ellipse of radii r W / 1024 and r H /
 * 1024: every expected mask follows from that and the prompts, not from the server.
 */
class Sam2RouteTest {
  static final TestServer SERVER = TestServer.shared();
  static final double[] RADII = {100, 60, 120, 80};

  static String picture(int width, int height, int brightUpToX) throws Exception {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, x < brightUpToX ? 0xffffff : 0);
      }
    }
    return "{\"type\":\"base64\",\"value\":\""
        + Base64.getEncoder().encodeToString(TestServer.encode(image, "png", false))
        + "\"}";
  }

  static JsonNode ok(String path, String body) {
    HttpResponse<String> r = SERVER.postJson(path, body);
    assertEquals(200, r.statusCode(), r.body());
    return TestServer.json(r);
  }

  static JsonNode segment(String image, String extra) {
    return ok(
        "/sam2/segment_image",
        "{\"sam2_version_id\":\"hiera_tiny\""
            + (image == null ? "" : ",\"image\":" + image)
            + extra
            + "}");
  }

  static String point(double x, double y) {
    return "{\"points\":[{\"x\":" + x + ",\"y\":" + y + ",\"positive\":true}]}";
  }

  static String prompts(String... prompts) {
    return ",\"prompts\":{\"prompts\":[" + String.join(",", prompts) + "]}";
  }

  /** Shoelace area, centroid and bounds of a polygon of [x, y] points. */
  record Shape(
      double area, double cx, double cy, double minX, double maxX, double minY, double maxY) {
    static Shape of(JsonNode polygon) {
      double a = 0;
      double cx = 0;
      double cy = 0;
      double minX = Double.MAX_VALUE;
      double maxX = -Double.MAX_VALUE;
      double minY = Double.MAX_VALUE;
      double maxY = -Double.MAX_VALUE;
      int n = polygon.size();
      for (int i = 0; i < n; i++) {
        double x0 = polygon.get(i).get(0).asDouble();
        double y0 = polygon.get(i).get(1).asDouble();
        double x1 = polygon.get((i + 1) % n).get(0).asDouble();
        double y1 = polygon.get((i + 1) % n).get(1).asDouble();
        double cross = x0 * y1 - x1 * y0;
        a += cross;
        cx += (x0 + x1) * cross;
        cy += (y0 + y1) * cross;
        minX = Math.min(minX, x0);
        maxX = Math.max(maxX, x0);
        minY = Math.min(minY, y0);
        maxY = Math.max(maxY, y0);
      }
      a /= 2;
      return new Shape(Math.abs(a), cx / (6 * a), cy / (6 * a), minX, maxX, minY, maxY);
    }
  }

  static Shape only(JsonNode prediction) {
    assertEquals("polygon", prediction.get("format").asText());
    assertEquals(1, prediction.get("masks").size(), prediction.toString());
    return Shape.of(prediction.get("masks").get(0));
  }

  static void assertEllipse(Shape s, double cx, double cy, double radius, int w, int h) {
    double rx = radius * w / 1024;
    double ry = radius * h / 1024;
    assertEquals(cx, s.cx(), 1.5, "centre x " + s);
    assertEquals(cy, s.cy(), 1.5, "centre y " + s);
    assertEquals(cx - rx, s.minX(), 2, "left " + s);
    assertEquals(cx + rx, s.maxX(), 2, "right " + s);
    assertEquals(cy - ry, s.minY(), 2, "top " + s);
    assertEquals(cy + ry, s.maxY(), 2, "bottom " + s);
    assertEquals(Math.PI * rx * ry, s.area(), 0.05 * Math.PI * rx * ry, "area " + s);
  }

  @Test
  void aPointGivesTheMostConfidentOfThreeMasksOrTheSingleOne() throws Exception {
    String white = picture(400, 300, 400);
    JsonNode multi = segment(white, prompts(point(200, 150)));
    assertEquals(1, multi.get("predictions").size());
    JsonNode best = multi.get("predictions").get(0);
    assertEquals(0.9, best.get("confidence").asDouble(), 1e-6); // proposal 2 of 1..3
    assertEllipse(only(best), 200, 150, RADII[2], 400, 300);
    assertTrue(multi.get("time").asDouble() > 0);

    JsonNode single = segment(white, prompts(point(200, 150)) + ",\"multimask_output\":false");
    JsonNode first = single.get("predictions").get(0);
    assertEquals(0.5, first.get("confidence").asDouble(), 1e-6); // proposal 0
    assertEllipse(only(first), 200, 150, RADII[0], 400, 300);
    // a loaded SAM 2 model is listed as the store's models are, with Roboflow's task
    boolean listed = false;
    for (JsonNode m : TestServer.json(SERVER.get("/model/registry")).get("models")) {
      listed |=
          m.get("model_id").asText().equals("sam2/hiera_tiny")
              && m.get("task_type").asText().equals("unsupervised-segmentation");
    }
    assertTrue(listed, "sam2/hiera_tiny in /model/registry");
  }

  @Test
  void aBoxAndPointsOfSeveralPromptsInOneRequest() throws Exception {
    String white = picture(640, 480, 640);
    // a box (centre and size) and a prompt of two points: rows of 2 and 3 points, padded with -1
    JsonNode r =
        segment(
            white,
            prompts(
                "{\"box\":{\"x\":150,\"y\":120,\"width\":60,\"height\":40}}",
                "{\"points\":[{\"x\":400,\"y\":300,\"positive\":true},"
                    + "{\"x\":440,\"y\":340,\"positive\":true}]}"));
    assertEquals(2, r.get("predictions").size());
    assertEllipse(only(r.get("predictions").get(0)), 150, 120, RADII[2], 640, 480);
    assertEllipse(only(r.get("predictions").get(1)), 420, 320, RADII[2], 640, 480);
  }

  @Test
  void thePictureShapesTheMaskAndItsEmbeddingIsKeptByImageId() throws Exception {
    String half = picture(512, 512, 256); // bright left half
    JsonNode embedded =
        ok(
            "/sam2/embed_image",
            "{\"sam2_version_id\":\"hiera_tiny\",\"image_id\":\"half\",\"image\":" + half + "}");
    assertEquals("half", embedded.get("image_id").asText());
    // no image: the kept embedding
    JsonNode r = segment(null, ",\"image_id\":\"half\"" + prompts(point(256, 256)));
    Shape s = only(r.get("predictions").get(0));
    double radius = RADII[2] / 2; // 512 px pictures: half of the 1024 frame
    assertEquals(256 - radius, s.minX(), 2, s.toString());
    assertTrue(s.maxX() <= 258, "the dark half is outside the mask: " + s);
    assertEquals(Math.PI * radius * radius / 2, s.area(), 0.06 * Math.PI * radius * radius / 2);

    // without an id, one made from the pixels: the same picture gets the same id
    String a =
        ok("/sam2/embed_image", "{\"sam2_version_id\":\"hiera_tiny\",\"image\":" + half + "}")
            .get("image_id")
            .asText();
    String b =
        ok("/sam2/embed_image", "{\"sam2_version_id\":\"hiera_tiny\",\"image\":" + half + "}")
            .get("image_id")
            .asText();
    assertEquals(a, b);
    assertTrue(a.matches("[0-9a-f]{12}"), a);
    String other =
        ok(
                "/sam2/embed_image",
                "{\"sam2_version_id\":\"hiera_tiny\",\"image\":" + picture(512, 512, 100) + "}")
            .get("image_id")
            .asText();
    assertFalse(a.equals(other));

    HttpResponse<String> unknown =
        SERVER.postJson(
            "/sam2/segment_image",
            "{\"sam2_version_id\":\"hiera_tiny\",\"image_id\":\"never-embedded\"}");
    assertEquals(400, unknown.statusCode(), unknown.body());
    assertTrue(unknown.body().contains("not in the embedding cache"), unknown.body());
  }

  @Test
  void anEvictedEmbeddingIsAClearErrorAndTheImageBringsItBack() throws Exception {
    try (TestServer small =
        TestServer.with(
            Map.of("sam2.max.embedding.cache.size", "1", "disable.sam2.logits.cache", "true"))) {
      String a = picture(200, 200, 200);
      String b = picture(200, 200, 50);
      for (String[] e : new String[][] {{"a", a}, {"b", b}}) {
        HttpResponse<String> r =
            small.postJson(
                "/sam2/embed_image",
                "{\"sam2_version_id\":\"hiera_tiny\",\"image_id\":\""
                    + e[0]
                    + "\",\"image\":"
                    + e[1]
                    + "}");
        assertEquals(200, r.statusCode(), r.body());
      }
      String byA =
          "{\"sam2_version_id\":\"hiera_tiny\",\"image_id\":\"a\"" + prompts(point(100, 100));
      HttpResponse<String> evicted = small.postJson("/sam2/segment_image", byA + "}");
      assertEquals(400, evicted.statusCode(), evicted.body());
      assertTrue(evicted.body().contains("SAM2_MAX_EMBEDDING_CACHE_SIZE"), evicted.body());
      assertEquals(
          200, small.postJson("/sam2/segment_image", byA + ",\"image\":" + a + "}").statusCode());
      // the logits cache is off: loading from it starts from nothing (no +0.05)
      small.postJson("/sam2/segment_image", byA + ",\"save_logits_to_cache\":true}");
      JsonNode loaded =
          TestServer.json(
              small.postJson(
                  "/sam2/segment_image",
                  "{\"sam2_version_id\":\"hiera_tiny\",\"image_id\":\"a\",\"load_logits_from_cache\":true"
                      + prompts(
                          "{\"points\":[{\"x\":100,\"y\":100,\"positive\":true},{\"x\":110,\"y\":100,\"positive\":true}]}")
                      + "}"));
      assertEquals(0.9, loaded.get("predictions").get(0).get("confidence").asDouble(), 1e-6);
    }
  }

  @Test
  void theWorkflowBlockSegmentsEachDetectedBoxAndKeepsItsClass() throws Exception {
    String spec =
        "{\"version\":\"1.0\",\"inputs\":[{\"type\":\"WorkflowImage\",\"name\":\"image\"}],"
            + "\"steps\":[{\"type\":\"roboflow_core/roboflow_object_detection_model@v2\",\"name\":\"det\","
            + "\"images\":\"$inputs.image\",\"model_id\":\"coco-nanodet/1\",\"confidence\":0.3},"
            + "{\"type\":\"roboflow_core/segment_anything@v1\",\"name\":\"sam\",\"images\":\"$inputs.image\","
            + "\"boxes\":\"$steps.det.predictions\",\"version\":\"hiera_tiny\"},"
            + "{\"type\":\"roboflow_core/segment_anything@v1\",\"name\":\"whole\",\"images\":\"$inputs.image\","
            + "\"version\":\"hiera_tiny\",\"threshold\":0.95}],"
            + "\"outputs\":[{\"type\":\"JsonField\",\"name\":\"det\",\"selector\":\"$steps.det.predictions\"},"
            + "{\"type\":\"JsonField\",\"name\":\"sam\",\"selector\":\"$steps.sam.predictions\"},"
            + "{\"type\":\"JsonField\",\"name\":\"whole\",\"selector\":\"$steps.whole.predictions\"}]}";
    JsonNode out =
        ok(
                "/workflows/run",
                "{\"specification\":"
                    + spec
                    + ",\"inputs\":{\"image\":{\"type\":\"base64\",\"value\":\""
                    + TestServer.base64("darknet-dog.jpg")
                    + "\"}}}")
            .get("outputs")
            .get(0);
    JsonNode boxes = out.get("det").get("predictions");
    JsonNode masks = out.get("sam").get("predictions");
    int w = out.get("det").get("image").get("width").asInt();
    int h = out.get("det").get("image").get("height").asInt();
    assertTrue(boxes.size() >= 2, boxes.toString());
    // the fixture's masks are disks of 120 frame pixels around each box's centre, cut to the
    // photo's bright parts: each lies within its ellipse and keeps its box's class
    int matched = 0;
    for (JsonNode m : masks) {
      assertEquals(0.9, m.get("confidence").asDouble(), 1e-6);
      assertTrue(m.get("points").size() >= 3, m.toString());
      boolean inside = false;
      for (JsonNode b : boxes) {
        double rx = RADII[2] * w / 1024 + 2;
        double ry = RADII[2] * h / 1024 + 2;
        boolean within =
            Math.abs(m.get("x").asDouble() - b.get("x").asDouble()) <= rx
                && Math.abs(m.get("y").asDouble() - b.get("y").asDouble()) <= ry
                && m.get("width").asDouble() <= 2 * rx
                && m.get("height").asDouble() <= 2 * ry;
        inside |= within && m.get("class").asText().equals(b.get("class").asText());
      }
      assertTrue(inside, "a mask around a detected box, of its class: " + m);
      matched++;
    }
    assertTrue(matched >= 1, masks.toString());
    assertTrue(masks.size() <= boxes.size());
    // no boxes: one mask of the whole picture, class foreground; here under the threshold
    assertEquals(0, out.get("whole").get("predictions").size(), out.get("whole").toString());
    String alone =
        "{\"version\":\"1.0\",\"inputs\":[{\"type\":\"WorkflowImage\",\"name\":\"image\"}],"
            + "\"steps\":[{\"type\":\"roboflow_core/segment_anything@v1\",\"name\":\"whole\","
            + "\"images\":\"$inputs.image\",\"version\":\"hiera_tiny\"}],"
            + "\"outputs\":[{\"type\":\"JsonField\",\"name\":\"whole\",\"selector\":\"$steps.whole.predictions\"}]}";
    JsonNode whole =
        ok(
                "/workflows/run",
                "{\"specification\":"
                    + alone
                    + ",\"inputs\":{\"image\":"
                    + picture(400, 300, 400)
                    + "}}")
            .get("outputs")
            .get(0)
            .get("whole")
            .get("predictions");
    assertEquals(1, whole.size(), whole.toString());
    assertEquals("foreground", whole.get(0).get("class").asText());
    assertEquals(0, whole.get(0).get("class_id").asInt());
    // the padding point alone: the fixture's disk sits at the picture's corner
    assertEquals(RADII[2] * 400 / 1024 / 2, whole.get(0).get("x").asDouble(), 2);
  }

  @Test
  void masksAsCocoRle() throws Exception {
    JsonNode r = segment(picture(400, 300, 400), prompts(point(120, 100)) + ",\"format\":\"rle\"");
    JsonNode p = r.get("predictions").get(0);
    assertEquals("rle", p.get("format").asText());
    assertEquals("[300,400]", p.get("masks").get("size").toString());
    boolean[] mask = TaskFixturesTest.decodeRle(p.get("masks").get("counts").asText(), 300, 400);
    double rx = RADII[2] * 400 / 1024;
    double ry = RADII[2] * 300 / 1024;
    int on = 0;
    for (boolean b : mask) {
      on += b ? 1 : 0;
    }
    assertEquals(Math.PI * rx * ry, on, 0.05 * Math.PI * rx * ry);
    assertTrue(mask[120 * 300 + 100], "the point is in the mask (column-major)");
    assertFalse(mask[(int) (120 + rx + 3) * 300 + 100], "right of the ellipse");
  }

  @Test
  void masksAsNumpyArrays() throws Exception {
    HttpResponse<byte[]> r =
        SERVER.postForBytes(
            "/sam2/segment_image",
            "application/json",
            ("{\"sam2_version_id\":\"hiera_tiny\",\"format\":\"binary\",\"image\":"
                    + picture(200, 100, 200)
                    + prompts(point(50, 50), point(150, 50))
                    + "}")
                .getBytes(StandardCharsets.UTF_8));
    assertEquals(200, r.statusCode());
    assertEquals("application/octet-stream", r.headers().firstValue("content-type").orElse(""));
    Map<String, byte[]> files = new HashMap<>();
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(r.body()))) {
      for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        files.put(e.getName(), zip.readAllBytes());
      }
    }
    assertEquals(java.util.Set.of("masks.npy", "low_res_masks.npy"), files.keySet());
    float[] masks = npy(files.get("masks.npy"), "(2, 100, 200)");
    npy(files.get("low_res_masks.npy"), "(2, 256, 256)");
    assertTrue(masks[50 * 200 + 50] > 0, "prompt 0's point");
    assertTrue(masks[50 * 200 + 150] < 0, "prompt 0 does not reach prompt 1's point");
    assertTrue(masks[100 * 200 + 50 * 200 + 150] > 0, "prompt 1's point");
  }

  /** The values of an NPY 1.0 file of little-endian float32, its header naming {@code shape}. */
  static float[] npy(byte[] file, String shape) {
    assertEquals((byte) 0x93, file[0]);
    assertEquals("NUMPY", new String(file, 1, 5, StandardCharsets.US_ASCII));
    int headerLength = (file[8] & 0xff) | (file[9] & 0xff) << 8;
    String header = new String(file, 10, headerLength, StandardCharsets.US_ASCII);
    assertTrue(header.contains("'descr': '<f4'") && header.contains("'shape': " + shape), header);
    assertEquals(0, (10 + headerLength) % 64, "NumPy aligns the data");
    ByteBuffer data =
        ByteBuffer.wrap(file, 10 + headerLength, file.length - 10 - headerLength)
            .order(ByteOrder.LITTLE_ENDIAN);
    float[] values = new float[data.remaining() / 4];
    data.asFloatBuffer().get(values);
    return values;
  }

  @Test
  void keptLogitsStartTheNextPromptThatAddsAPoint() throws Exception {
    String white = picture(300, 300, 300);
    ok(
        "/sam2/embed_image",
        "{\"sam2_version_id\":\"hiera_tiny\",\"image_id\":\"logits\",\"image\":" + white + "}");
    JsonNode first =
        segment(
            null,
            ",\"image_id\":\"logits\",\"save_logits_to_cache\":true" + prompts(point(100, 100)));
    assertEquals(0.9, first.get("predictions").get(0).get("confidence").asDouble(), 1e-6);
    String twoPoints =
        prompts(
            "{\"points\":[{\"x\":100,\"y\":100,\"positive\":true},{\"x\":110,\"y\":100,\"positive\":true}]}");
    JsonNode loaded =
        segment(null, ",\"image_id\":\"logits\",\"load_logits_from_cache\":true" + twoPoints);
    // the decoder was given the kept mask (the fixture adds 0.05 to its confidence then)
    assertEquals(0.95, loaded.get("predictions").get(0).get("confidence").asDouble(), 1e-6);
    JsonNode fresh = segment(null, ",\"image_id\":\"logits\"" + twoPoints);
    assertEquals(0.9, fresh.get("predictions").get(0).get("confidence").asDouble(), 1e-6);
    // a prompt set that does not extend a kept one starts from nothing
    JsonNode elsewhere =
        segment(
            null,
            ",\"image_id\":\"logits\",\"load_logits_from_cache\":true" + prompts(point(10, 10)));
    assertEquals(0.9, elsewhere.get("predictions").get(0).get("confidence").asDouble(), 1e-6);
  }

  @Test
  void badInputIsAClearClientError() throws Exception {
    String white = picture(100, 100, 100);
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 17; i++) {
      many.append(i == 0 ? "" : ",").append(point(i, i));
    }
    String[][] cases = {
      {
        "{\"sam2_version_id\":\"hiera_tiny\",\"image\":" + white + prompts(many.toString()) + "}",
        "SAM_MAX_PROMPTS"
      },
      {
        "{\"sam2_version_id\":\"hiera_tiny\",\"image\":" + white + ",\"format\":\"xml\"}",
        "format xml"
      },
      {
        "{\"sam2_version_id\":\"hiera_tiny\",\"image\":" + white + ",\"mask_input\":[[[1,2]]]}",
        "mask_input"
      },
      {
        "{\"sam2_version_id\":\"hiera_tiny\",\"image\":"
            + white
            + prompts("{\"box\":{\"x\":5,\"y\":5,\"width\":-3,\"height\":2}}")
            + "}",
        "negative"
      },
      {"{\"sam2_version_id\":\"hiera_tiny\",\"image\":[" + white + "," + white + "]}", "one image"},
      {"{\"sam2_version_id\":\"hiera_tiny\"}", "Send an image"},
      {"{\"model_id\":\"clip/ViT-B-16\",\"image\":" + white + "}", "is not a sam2 model"},
    };
    for (String[] c : cases) {
      long started = System.nanoTime();
      HttpResponse<String> r = SERVER.postJson("/sam2/segment_image", c[0]);
      assertEquals(400, r.statusCode(), r.body());
      assertTrue(r.body().contains(c[1]), c[1] + ": " + r.body());
      assertTrue(TestServer.json(r).has("error_type"), r.body());
      assertTrue(System.nanoTime() - started < 5_000_000_000L, c[1]);
    }
    HttpResponse<String> missing =
        SERVER.postJson("/sam2/embed_image", "{\"image\":" + white + "}"); // hiera_large: no files
    assertEquals(404, missing.statusCode(), missing.body());
    assertTrue(missing.body().contains("encoder.onnx"), missing.body());
    // a prompt far outside the picture: an answer with an empty mask, as Roboflow's
    JsonNode outside = segment(white, prompts(point(-5000, 9000)));
    assertEquals("[[]]", outside.get("predictions").get(0).get("masks").toString());
    // the server keeps serving
    segment(white, prompts(point(50, 50)));
  }
}
