package io.jinference.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jinference.server.TestServer;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/**
 * The SAM (1) routes over real HTTP, on the test store's graphs of Meta's SAM ONNX interface
 * (tools/make-fixtures/make_sam_fixtures.py): the encoder averages the picture's normalised red
 * channel over 16 x 16 blocks of SAM's 1024 frame (the picture's longest side fitted to 1024,
 * padded with zeros right and below); the decoder's mask is a disk of radius 100 frame pixels
 * around the mean of the points (label -1 left out), at the image's size the disk alone and at low
 * resolution (256 x 256 over the padded frame) cut to the bright part of the frame, with confidence
 * 0.8 (+0.05 with a mask input). A W x H picture's frame scale is 1024 / max(W, H), the same on
 * both axes: every expected value follows from that.
 */
class SamRouteTest {
  static final TestServer SERVER = TestServer.shared();
  static final String WHITE_600x300 = white(600, 300);

  static String white(int w, int h) {
    try {
      return Sam2RouteTest.picture(w, h, w);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonNode ok(String path, String body) {
    HttpResponse<String> r = SERVER.postJson(path, body);
    assertEquals(200, r.statusCode(), r.body());
    return TestServer.json(r);
  }

  static String body(String fields) {
    return "{\"sam_version_id\":\"vit_b\"," + fields + "}";
  }

  @Test
  void aPointGivesTheDecodersMaskAtTheImagesSizeAndAtLowResolution() {
    JsonNode r =
        ok(
            "/sam/segment_image",
            body(
                "\"image\":"
                    + WHITE_600x300
                    + ",\"point_coords\":[[300,290]],\"point_labels\":[1]"));
    assertEquals(1, r.get("masks").size());
    Sam2RouteTest.Shape full = Sam2RouteTest.Shape.of(r.get("masks").get(0));
    double radius = 100 * 600 / 1024.0; // a circle: SAM keeps the aspect ratio
    assertEquals(300 - radius, full.minX(), 2, full.toString());
    assertEquals(300 + radius, full.maxX(), 2, full.toString());
    assertEquals(290 - radius, full.minY(), 2, full.toString());
    assertEquals(299, full.maxY(), 1, "cut at the image's bottom: " + full);
    // low resolution: the frame's 512 rows of picture are 128 of 256; the padding below is dark
    Sam2RouteTest.Shape low = Sam2RouteTest.Shape.of(r.get("low_res_masks").get(0));
    double y = 290 * 1024 / 600.0 / 4;
    assertEquals(128 - 25, low.minX(), 1.5, low.toString());
    assertEquals(y - 25, low.minY(), 1.5, low.toString());
    assertEquals(127, low.maxY(), 1, "the padding is outside the mask: " + low);
    assertTrue(r.get("time").asDouble() > 0);
  }

  @Test
  void embeddingsKeptByImageIdAsNumbersAndAsNumpy() throws Exception {
    JsonNode e = ok("/sam/embed_image", body("\"image_id\":\"wide\",\"image\":" + WHITE_600x300));
    JsonNode embeddings = e.get("embeddings");
    assertEquals(1, embeddings.size());
    assertEquals(256, embeddings.get(0).size());
    assertEquals(64, embeddings.get(0).get(255).size());
    assertEquals(64, embeddings.get(0).get(255).get(63).size());
    double white = (1 - 0.485) / 0.229; // ImageNet's red statistics
    assertEquals(white, embeddings.get(0).get(7).get(0).get(0).asDouble(), 1e-3);
    assertEquals(0, embeddings.get(0).get(7).get(40).get(0).asDouble(), 1e-6, "padding");

    // the kept embedding: no image needed
    JsonNode r =
        ok(
            "/sam/segment_image",
            body("\"image_id\":\"wide\",\"point_coords\":[[300,150]],\"point_labels\":[1]"));
    Sam2RouteTest.Shape byId = Sam2RouteTest.Shape.of(r.get("masks").get(0));
    assertEquals(300, byId.cx(), 1.5);
    assertEquals(150, byId.cy(), 1.5);

    // as NumPy, and sent back as embeddings with the image's size
    HttpResponse<byte[]> npy =
        SERVER.postForBytes(
            "/sam/embed_image",
            "application/json",
            body("\"format\":\"binary\",\"image\":" + WHITE_600x300)
                .getBytes(StandardCharsets.UTF_8));
    assertEquals(200, npy.statusCode());
    float[] values = Sam2RouteTest.npy(npy.body(), "(1, 256, 64, 64)");
    assertEquals(white, values[0], 1e-3);
    JsonNode sent =
        ok(
            "/sam/segment_image",
            body(
                "\"embeddings\":\""
                    + Base64.getEncoder().encodeToString(npy.body())
                    + "\",\"embeddings_format\":\"binary\",\"orig_im_size\":[300,600],"
                    + "\"point_coords\":[[300,150]],\"point_labels\":[1]"));
    assertEquals(r.get("masks").toString(), sent.get("masks").toString());
    assertEquals(r.get("low_res_masks").toString(), sent.get("low_res_masks").toString());
  }

  @Test
  void aBoxAsSamsCornerLabelsAndTheKeptMaskAsInput() {
    // a box's corners (labels 2 and 3) average to its centre
    JsonNode box =
        ok(
            "/sam/segment_image",
            body(
                "\"image_id\":\"boxed\",\"image\":"
                    + WHITE_600x300
                    + ",\"point_coords\":[[100,50],[200,150]],\"point_labels\":[2,3]"));
    Sam2RouteTest.Shape s = Sam2RouteTest.Shape.of(box.get("masks").get(0));
    assertEquals(150, s.cx(), 1.5);
    assertEquals(100, s.cy(), 1.5);
    // has_mask_input: the decoder gets the kept low-resolution mask (the fixture's +0.05 shows in
    // binary answers only, so the mask itself says it: the prior adds to the logits)
    HttpResponse<byte[]> withPrior =
        SERVER.postForBytes(
            "/sam/segment_image",
            "application/json",
            body("\"image_id\":\"boxed\",\"has_mask_input\":true,\"format\":\"binary\","
                    + "\"point_coords\":[[150,100]],\"point_labels\":[1]")
                .getBytes(StandardCharsets.UTF_8));
    assertEquals(200, withPrior.statusCode());
    Map<String, byte[]> files = unzip(withPrior.body());
    float[] low = Sam2RouteTest.npy(files.get("low_res_masks.npy"), "(1, 256, 256)");
    Sam2RouteTest.npy(files.get("masks.npy"), "(1, 300, 600)");
    // near the disk's centre in the low-resolution frame, its logit is 100 minus the distance in
    // frame pixels (under 4 here); the kept mask of the box, centred there too, adds as much
    int cx = (int) (150 * 1024 / 600.0 / 4);
    int cy = (int) (100 * 1024 / 600.0 / 4);
    assertEquals(200, low[cy * 256 + cx], 8);

    HttpResponse<String> nothingKept =
        SERVER.postJson(
            "/sam/segment_image",
            body("\"image\":" + WHITE_600x300 + ",\"image_id\":\"fresh\",\"has_mask_input\":true"));
    assertEquals(400, nothingKept.statusCode(), nothingKept.body());
    assertTrue(nothingKept.body().contains("No mask is kept"), nothingKept.body());
  }

  static Map<String, byte[]> unzip(byte[] zip) {
    Map<String, byte[]> files = new HashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        files.put(e.getName(), in.readAllBytes());
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    return files;
  }

  @Test
  void badInputIsAClearClientError() {
    String image = "\"image\":" + white(64, 64);
    String[][] cases = {
      {body(image + ",\"point_coords\":[[1,1]],\"point_labels\":[7]"), "SAM's labels"},
      {body(image + ",\"point_coords\":[[1,1],[2,2]],\"point_labels\":[1]"), "one label a point"},
      {body(image + ",\"point_coords\":[[1,1,1]],\"point_labels\":[1]"), "point_coords[0]"},
      {body(image + ",\"format\":\"xml\""), "format xml"},
      {body(image + ",\"mask_input\":[[[1,2]]]"), "mask_input"},
      {body("\"embeddings\":[[1,2]],\"orig_im_size\":[10,10]"), "[1, 256, 64, 64]"},
      {body("\"embeddings\":[[1,2]]"), "orig_im_size"},
      {
        body(
            "\"embeddings\":\"bm90IG51bXB5\",\"embeddings_format\":\"binary\",\"orig_im_size\":[10,10]"),
        "not a NumPy"
      },
      {body("\"image_id\":\"never-embedded\""), "not in the embedding cache"},
    };
    for (String[] c : cases) {
      long started = System.nanoTime();
      HttpResponse<String> r = SERVER.postJson("/sam/segment_image", c[0]);
      assertEquals(400, r.statusCode(), c[1] + ": " + r.body());
      assertTrue(r.body().contains(c[1]), c[1] + ": " + r.body());
      assertTrue(System.nanoTime() - started < 5_000_000_000L, c[1]);
    }
    HttpResponse<String> missing = SERVER.postJson("/sam/embed_image", "{" + image + "}");
    assertEquals(404, missing.statusCode(), missing.body()); // vit_h: no files
    assertTrue(missing.body().contains("encoder.onnx"), missing.body());
    // a point outside the picture: an empty polygon, and the server keeps serving
    JsonNode outside =
        ok(
            "/sam/segment_image",
            body(image + ",\"point_coords\":[[-900,-900]],\"point_labels\":[1]"));
    assertEquals("[[]]", outside.get("masks").toString());
  }
}
