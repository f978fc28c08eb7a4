package io.jinference.server.workflow;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.jinference.server.TestServer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Workflows over HTTP: running definitions, validation before anything runs, saved workflows. */
class WorkflowsTest {
  @RegisterExtension
  static WireMockExtension api =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static TestServer server;
  private static String spec;

  @BeforeAll
  static void start() throws Exception {
    try (InputStream in =
        WorkflowsTest.class.getResourceAsStream("/workflows/detect-and-draw.json")) {
      spec = new String(in.readAllBytes());
    }
    server = TestServer.with(Map.of("workflows.dir", resource("/workflows").toString()));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(WorkflowsTest.class.getResource(name).toURI());
  }

  private static String image(String photo) {
    return "{\"type\":\"base64\",\"value\":\"" + TestServer.base64(photo) + "\"}";
  }

  private static JsonNode run(String body, int status) {
    HttpResponse<String> r = server.postJson("/workflows/run", body);
    assertEquals(status, r.statusCode(), r.body());
    return TestServer.json(r);
  }

  private static Set<String> classes(JsonNode predictions) {
    Set<String> s = new HashSet<>();
    predictions.path("predictions").forEach(p -> s.add(p.path("class").asText()));
    return s;
  }

  @Test
  void detectsAndDrawsWithDefaultParameters() throws Exception {
    JsonNode out =
        run(
                "{\"specification\":"
                    + spec
                    + ",\"inputs\":{\"image\":"
                    + image("darknet-dog.jpg")
                    + "}}",
                200)
            .get("outputs");
    assertEquals(1, out.size());
    JsonNode predictions = out.get(0).get("predictions");
    assertEquals(768, predictions.path("image").path("width").asInt());
    assertTrue(classes(predictions).containsAll(Set.of("dog", "bicycle")), predictions.toString());
    assertEquals("base64", out.get(0).path("viz").path("type").asText());
    var drawn =
        ImageIO.read(
            new ByteArrayInputStream(
                Base64.getDecoder().decode(out.get(0).path("viz").path("value").asText())));
    assertEquals(768, drawn.getWidth());
  }

  @Test
  void aListOfImagesIsABatchAndParametersOverrideDefaults() {
    String body =
        "{\"specification\":"
            + spec
            + ",\"inputs\":{\"image\":["
            + image("darknet-giraffe.jpg")
            + ","
            + image("darknet-person.jpg")
            + "],\"confidence\":0.5},\"excluded_fields\":[\"viz\"]}";
    JsonNode out = run(body, 200).get("outputs");
    assertEquals(2, out.size());
    // Golden detections (tools/convert-nanodet): giraffe 0.83, zebra 0.68; person 0.74, horse 0.51,
    // cow 0.498
    assertEquals(Set.of("giraffe", "zebra"), classes(out.get(0).get("predictions")));
    assertEquals(
        Set.of("person", "horse"), classes(out.get(1).get("predictions")), "0.5 drops cow and dog");
    assertFalse(out.get(0).has("viz"), "excluded");
  }

  @Test
  void batchInputsGiveOneValuePerImageAndBatchesAreBounded() {
    String labelled =
        "{\"version\":\"1.0\",\"inputs\":[{\"type\":\"WorkflowImage\",\"name\":\"image\"},"
            + "{\"type\":\"WorkflowBatchInput\",\"name\":\"label\",\"kind\":[\"string\"]}],\"steps\":[{\"type\":"
            + "\"PropertyDefinition\",\"name\":\"echo\",\"data\":\"$inputs.label\",\"operations\":[]},"
            + "{\"type\":\"ObjectDetectionModel\",\"name\":\"det\",\"images\":\"$inputs.image\",\"model_id\":"
            + "\"coco-nanodet/1\",\"confidence\":0.5}],\"outputs\":[{\"type\":\"JsonField\",\"name\":\"label\","
            + "\"selector\":\"$steps.echo.output\"},{\"type\":\"JsonField\",\"name\":\"det\",\"selector\":"
            + "\"$steps.det.predictions\"}]}";
    String two = "[" + image("darknet-giraffe.jpg") + "," + image("darknet-person.jpg") + "]";
    JsonNode out =
        run(
                "{\"specification\":"
                    + labelled
                    + ",\"inputs\":{\"image\":"
                    + two
                    + ",\"label\":[\"first\",\"second\"]}}",
                200)
            .get("outputs");
    assertEquals("first", out.get(0).get("label").asText());
    assertEquals("second", out.get(1).get("label").asText());
    assertEquals(Set.of("giraffe", "zebra"), classes(out.get(0).get("det")));

    JsonNode mismatched =
        run(
            "{\"specification\":"
                + labelled
                + ",\"inputs\":{\"image\":"
                + two
                + ",\"label\":[\"a\",\"b\",\"c\"]}}",
            400);
    assertEquals("RuntimeInputError", mismatched.get("error_type").asText());
    StringBuilder many = new StringBuilder("[");
    for (int i = 0; i < 33; i++) {
      many.append(i == 0 ? "" : ",").append("{\"type\":\"base64\",\"value\":\"AAAA\"}");
    }
    JsonNode tooMany =
        run("{\"specification\":" + spec + ",\"inputs\":{\"image\":" + many + "]}}", 400);
    assertTrue(tooMany.get("message").asText().contains("MAX_BATCH_SIZE"), tooMany.toString());
  }

  @Test
  void batchInputsOfDimensionalityTwoAreNestedBatches() throws Exception {
    // regions: for each image, a list of images (as the crops of an image); the detector runs once
    // per region
    String regions =
        "{\"version\":\"1.0\",\"inputs\":[{\"type\":\"WorkflowBatchInput\",\"name\":\"regions\","
            + "\"kind\":[\"image\"],\"dimensionality\":2},{\"type\":\"WorkflowBatchInput\",\"name\":\"notes\","
            + "\"kind\":[\"string\"],\"dimensionality\":2}],\"steps\":[{\"type\":\"ObjectDetectionModel\","
            + "\"name\":\"det\",\"images\":\"$inputs.regions\",\"model_id\":\"coco-nanodet/1\",\"confidence\":0.5},"
            + "{\"type\":\"PropertyDefinition\",\"name\":\"count\",\"data\":\"$steps.det.predictions\","
            + "\"operations\":[{\"type\":\"SequenceLength\"}]},{\"type\":\"PropertyDefinition\",\"name\":\"shout\","
            + "\"data\":\"$inputs.notes\",\"operations\":[{\"type\":\"StringToUpperCase\"}]}],"
            + "\"outputs\":[{\"type\":\"JsonField\",\"name\":\"det\",\"selector\":\"$steps.det.predictions\"},"
            + "{\"type\":\"JsonField\",\"name\":\"count\",\"selector\":\"$steps.count.output\"},"
            + "{\"type\":\"JsonField\",\"name\":\"shout\",\"selector\":\"$steps.shout.output\"}]}";
    String giraffe = image("darknet-giraffe.jpg");
    String person = image("darknet-person.jpg");
    JsonNode out =
        run(
                "{\"specification\":"
                    + regions
                    + ",\"inputs\":{\"regions\":[["
                    + giraffe
                    + ","
                    + person
                    + "],["
                    + person
                    + "]],\"notes\":[[\"a\",\"b\"],[\"c\"]]}}",
                200)
            .get("outputs");
    assertEquals(2, out.size(), "two batch elements");
    assertEquals(2, out.get(0).get("det").size(), "one result per region");
    assertEquals(Set.of("giraffe", "zebra"), classes(out.get(0).get("det").get(0)));
    assertEquals(Set.of("person", "horse"), classes(out.get(0).get("det").get(1)));
    assertEquals(
        TestServer.comparable(out.get(0).get("det").get(1)),
        TestServer.comparable(out.get(1).get("det").get(0)),
        "the same photo, the same answer");
    assertEquals(
        out.get(0).get("det").get(0).get("predictions").size(),
        out.get(0).get("count").get(0).asInt());
    assertEquals("[\"A\",\"B\"]", out.get(0).get("shout").toString());
    assertEquals("[\"C\"]", out.get(1).get("shout").toString());
    // one batch element may be given without the outer list
    JsonNode single =
        run(
                "{\"specification\":"
                    + regions
                    + ",\"inputs\":{\"regions\":["
                    + person
                    + "],"
                    + "\"notes\":[\"x\"]}}",
                200)
            .get("outputs");
    assertEquals(1, single.size());
    assertEquals(
        TestServer.comparable(out.get(1).get("det")),
        TestServer.comparable(single.get(0).get("det")));
    // regions (depth 2) and whole images (depth 1) in one step do not mix
    JsonNode mixed =
        run(
            "{\"specification\":"
                + regions
                    .replace(
                        "\"inputs\":[",
                        "\"inputs\":[{\"type\":" + "\"WorkflowImage\",\"name\":\"image\"},")
                    .replace(
                        "\"data\":\"$inputs.notes\"",
                        "\"data\":" + "{\"n\":\"$inputs.notes\",\"i\":\"$inputs.image\"}")
                + ",\"inputs\":{}}",
            400);
    assertEquals(
        "StepInputDimensionalityError", mixed.get("error_type").asText(), mixed.toString());
    JsonNode three =
        run(
            "{\"specification\":"
                + regions.replace(
                    "\"dimensionality\":2}],\"steps", "\"dimensionality\":3}]," + "\"steps")
                + ",\"inputs\":{}}",
            400);
    assertTrue(three.get("message").asText().contains("dimensionality 3"), three.toString());
  }

  @Test
  void everyModelTaskInOneWorkflow() throws Exception {
    String every;
    try (InputStream in = WorkflowsTest.class.getResourceAsStream("/workflows/every-task.json")) {
      every = new String(in.readAllBytes());
    }
    JsonNode out =
        run(
                "{\"specification\":"
                    + every
                    + ",\"inputs\":{\"image\":"
                    + image("darknet-person.jpg")
                    + "}}",
                200)
            .get("outputs")
            .get(0);
    JsonNode person = out.path("poses").path("predictions").get(0);
    assertEquals("person", person.path("class").asText());
    assertTrue(person.path("keypoints").size() >= 10, person.toString());
    assertEquals("nose", person.path("keypoints").get(0).path("class").asText());
    assertTrue(out.path("masks").path("predictions").get(0).path("points").size() >= 4);
    assertEquals(
        out.path("class").path("top").asText(),
        out.path("class").path("predictions").get(0).path("class").asText());
    assertTrue(
        out.path("tags").path("predictions").path("predictions").has("red"),
        out.path("tags").toString());
    assertTrue(
        out.path("tags").has("inference_id"), "$steps.tags.* gives every output of the step");
    assertEquals("base64", out.path("viz").path("type").asText());
  }

  @Test
  void describeListsExactlyTheBlocksThatRun() {
    JsonNode described = TestServer.json(server.get("/workflows/blocks/describe"));
    Set<String> ids = new HashSet<>();
    described.get("blocks").forEach(b -> ids.add(b.get("manifest_type_identifier").asText()));
    assertEquals(37, ids.size(), ids.toString());
    assertTrue(ids.contains("roboflow_core/segment_anything@v1"));
    assertTrue(ids.contains("roboflow_core/depth_estimation@v1"));
    assertTrue(ids.contains("roboflow_core/clip_comparison@v1"));
    assertTrue(ids.contains("roboflow_core/clip_comparison@v2"));
    assertTrue(ids.contains("roboflow_core/pp_ocr@v1"));
    assertTrue(ids.contains("roboflow_core/roboflow_object_detection_model@v2"));
    assertTrue(ids.contains("roboflow_core/bounding_box_visualization@v1"));
    // every described identifier and alias compiles as a step type; the POST form answers the same
    for (JsonNode b : described.get("blocks")) {
      assertTrue(b.get("block_schema").get("required").toString().contains("\"name\""));
    }
    assertEquals(
        described.get("blocks").size(),
        TestServer.json(server.postJson("/workflows/blocks/describe", "{}")).get("blocks").size());
    JsonNode viz = null;
    for (JsonNode b : described.get("blocks")) {
      if (b.get("manifest_type_identifier")
          .asText()
          .equals("roboflow_core/bounding_box_visualization@v1")) {
        viz = b;
      }
    }
    assertEquals("Bounding Box Visualization", viz.get("human_friendly_block_name").asText());
    assertEquals(
        2, viz.get("block_schema").get("properties").get("thickness").get("default").asInt());
    assertEquals("image", viz.get("outputs_manifest").get(0).get("name").asText());
  }

  @Test
  void offsetGrowsBoxesWithinTheImageAndPropertiesAreExtracted() throws Exception {
    String workflow;
    try (InputStream in =
        WorkflowsTest.class.getResourceAsStream("/workflows/offset-and-properties.json")) {
      workflow = new String(in.readAllBytes());
    }
    JsonNode out =
        run(
                "{\"specification\":"
                    + workflow
                    + ",\"inputs\":{\"image\":"
                    + image("darknet-dog.jpg")
                    + "}}",
                200)
            .get("outputs")
            .get(0);
    JsonNode boxes = out.path("boxes").path("predictions");
    JsonNode grown = out.path("grown").path("predictions");
    // Golden detections at 0.3 (tools/convert-nanodet): bicycle, dog, truck, bench, car, most
    // confident first
    assertEquals(5, out.path("count").asInt());
    assertEquals(
        "[\"bicycle\",\"dog\",\"truck\",\"bench\",\"car\"]", out.path("classes").toString());
    assertEquals(5, grown.size());
    boolean clipped = false;
    for (int i = 0; i < boxes.size(); i++) {
      // Roboflow's offset_detections: x1 - w // 2, x2 + w // 2 (200 -> 100, 100 -> 50), clipped to
      // 768 x 576
      double[] b = corners(boxes.get(i));
      double[] g = corners(grown.get(i));
      double[] expected = {
        Math.max(0, b[0] - 100),
        Math.max(0, b[1] - 50),
        Math.min(768, b[2] + 100),
        Math.min(576, b[3] + 50)
      };
      clipped |= b[2] + 100 > 768;
      for (int k = 0; k < 4; k++) {
        assertEquals(expected[k], g[k], 1e-9, grown.get(i).toString());
      }
      assertEquals(boxes.get(i).path("class").asText(), grown.get(i).path("class").asText());
    }
    assertTrue(clipped, "the car at the right edge is clipped to the image");
    assertEquals(out.path("class").path("top").asText(), out.path("top").asText());
    assertFalse(out.path("top").asText().isEmpty());
  }

  @Test
  void detectThenCropThenClassifyTheCropsThenRelabel() throws Exception {
    String workflow;
    try (InputStream in =
        WorkflowsTest.class.getResourceAsStream("/workflows/detect-crop-classify.json")) {
      workflow = new String(in.readAllBytes());
    }
    JsonNode out =
        run(
                "{\"specification\":"
                    + workflow
                    + ",\"inputs\":{\"image\":"
                    + image("darknet-dog.jpg")
                    + "}}",
                200)
            .get("outputs")
            .get(0);
    JsonNode boxes = out.path("boxes").path("predictions");
    assertEquals(5, boxes.size(), "golden detections at 0.3: bicycle, dog, truck, bench, car");
    assertEquals(5, out.path("crops").size());
    assertEquals(5, out.path("crop_classes").size(), "the classifier ran once per crop");
    JsonNode relabelled = out.path("relabelled").path("predictions");
    assertEquals(5, relabelled.size(), "a threshold of 0 gives every crop a class");
    for (int i = 0; i < boxes.size(); i++) {
      JsonNode box = boxes.get(i);
      // the crop is the box (integer corners), cut from the photo
      var crop =
          ImageIO.read(
              new ByteArrayInputStream(
                  Base64.getDecoder().decode(out.path("crops").get(i).path("value").asText())));
      assertEquals(box.path("width").asInt(), crop.getWidth());
      assertEquals(box.path("height").asInt(), crop.getHeight());
      // in the crop's own coordinates the detection fills it; in the parent's it is the original
      // box
      JsonNode own = out.path("crop_boxes").get(i);
      assertEquals(crop.getWidth(), own.path("image").path("width").asInt());
      assertEquals(
          box.path("width").asDouble() / 2,
          own.path("predictions").get(0).path("x").asDouble(),
          1e-9);
      JsonNode inParent = out.path("crop_boxes_in_parent").get(i);
      assertEquals(768, inParent.path("image").path("width").asInt());
      for (String k : new String[] {"x", "y", "width", "height", "class"}) {
        assertEquals(box.path(k), inParent.path("predictions").get(0).path(k), k);
      }
      // the relabelled detection keeps its box and takes its crop's class and confidence
      JsonNode classified = out.path("crop_classes").get(i);
      assertEquals(classified.path("top").asText(), relabelled.get(i).path("class").asText());
      assertEquals(
          classified.path("confidence").asDouble(),
          relabelled.get(i).path("confidence").asDouble(),
          1e-9);
      assertEquals(box.path("x"), relabelled.get(i).path("x"));
      assertEquals(box.path("width"), relabelled.get(i).path("width"));
    }
  }

  @Test
  void continueIfPerCropClassifiesOnlyTheCropsItLetsThrough() throws Exception {
    String all;
    String some;
    try (InputStream a =
            WorkflowsTest.class.getResourceAsStream("/workflows/detect-crop-classify.json");
        InputStream s =
            WorkflowsTest.class.getResourceAsStream("/workflows/classify-some-crops.json")) {
      all = new String(a.readAllBytes());
      some = new String(s.readAllBytes());
    }
    String inputs = ",\"inputs\":{\"image\":" + image("darknet-dog.jpg") + "}}";
    JsonNode everyCrop = run("{\"specification\":" + all + inputs, 200).get("outputs").get(0);
    JsonNode gated = run("{\"specification\":" + some + inputs, 200).get("outputs").get(0);
    JsonNode boxes = gated.path("boxes").path("predictions");
    assertEquals(5, boxes.size(), "golden detections at 0.3: bicycle, dog, truck, bench, car");
    JsonNode classes = gated.path("crop_classes");
    assertEquals(5, classes.size(), "one entry per crop");
    List<JsonNode> expected = new java.util.ArrayList<>();
    for (int i = 0; i < boxes.size(); i++) {
      String cls = boxes.get(i).path("class").asText();
      if (cls.equals("dog") || cls.equals("truck")) {
        // the crop went on to the classifier, which answers as it does when every crop goes
        assertEquals(
            everyCrop.path("crop_classes").get(i).path("top"), classes.get(i).path("top"), cls);
        expected.add(everyCrop.path("relabelled").path("predictions").get(i));
      } else {
        assertTrue(classes.get(i).isNull(), "the " + cls + " crop was stopped: " + classes.get(i));
      }
    }
    JsonNode relabelled = gated.path("relabelled").path("predictions");
    assertEquals(2, relabelled.size(), "detections whose crop was stopped are dropped");
    for (int i = 0; i < expected.size(); i++) {
      for (String k : new String[] {"x", "y", "width", "height", "class", "confidence"}) {
        assertEquals(expected.get(i).path(k), relabelled.get(i).path(k), k);
      }
    }
    // stopping every crop masks the classifier and what depends on it
    JsonNode none =
        run(
                "{\"specification\":"
                    + some
                    + ",\"inputs\":{\"image\":"
                    + image("darknet-dog.jpg")
                    + ",\"classes\":[\"giraffe\"]}}",
                200)
            .get("outputs")
            .get(0);
    assertTrue(none.path("crop_classes").isNull(), none.path("crop_classes").toString());
    assertTrue(none.path("relabelled").isNull(), none.path("relabelled").toString());
  }

  @Test
  void dynamicCropFadesWhatLiesOutsideTheMask() throws Exception {
    String workflow;
    try (InputStream in = WorkflowsTest.class.getResourceAsStream("/workflows/masked-crops.json")) {
      workflow = new String(in.readAllBytes());
    }
    JsonNode out =
        run(
                "{\"specification\":"
                    + workflow
                    + ",\"inputs\":{\"image\":"
                    + image("darknet-person.jpg")
                    + "}}",
                200)
            .get("outputs")
            .get(0);
    assertTrue(out.path("plain").size() > 0, "the segmenter found something");
    int inside = 0;
    int outside = 0;
    for (int i = 0; i < out.path("plain").size(); i++) {
      java.awt.image.BufferedImage plain = decode(out.path("plain").get(i));
      java.awt.image.BufferedImage masked = decode(out.path("masked").get(i));
      java.awt.image.BufferedImage faded = decode(out.path("faded").get(i));
      java.awt.geom.Path2D outline = new java.awt.geom.Path2D.Double();
      JsonNode points = out.path("outlines").get(i).path("predictions").get(0).path("points");
      for (int k = 0; k < points.size(); k++) {
        double x = points.get(k).path("x").asDouble();
        double y = points.get(k).path("y").asDouble();
        if (k == 0) {
          outline.moveTo(x, y);
        } else {
          outline.lineTo(x, y);
        }
      }
      outline.closePath();
      // pixels well inside or well outside the outline (away from the edge, where rounding and JPEG
      // blur)
      for (int y = 4; y < plain.getHeight() - 4; y += 3) {
        for (int x = 4; x < plain.getWidth() - 4; x += 3) {
          java.awt.geom.Rectangle2D around =
              new java.awt.geom.Rectangle2D.Double(x - 4, y - 4, 9, 9);
          int[] p = rgb(plain.getRGB(x, y));
          if (outline.contains(around)) {
            inside++;
            assertClose(p, rgb(masked.getRGB(x, y)), "inside the mask the crop is untouched");
            assertClose(p, rgb(faded.getRGB(x, y)), "inside the mask the crop is untouched");
          } else if (!outline.intersects(around)) {
            outside++;
            assertClose(
                new int[] {0, 255, 0},
                rgb(masked.getRGB(x, y)),
                "outside, opacity 1: the background");
            assertClose(
                new int[] {p[0] / 2, (p[1] + 255) / 2, p[2] / 2},
                rgb(faded.getRGB(x, y)),
                "outside, opacity 0.5: half way to the background");
          }
        }
      }
    }
    assertTrue(inside > 20 && outside > 20, "inside " + inside + ", outside " + outside);
    JsonNode badColour =
        run(
            "{\"specification\":"
                + workflow.replace("#00FF00", "green-ish")
                + ",\"inputs\":"
                + "{\"image\":"
                + image("darknet-person.jpg")
                + "}}",
            400);
    assertTrue(
        badColour.get("message").asText().contains("background_color"), badColour.toString());
    // a runtime parameter of the wrong type is the client's mistake, named, not a server error
    String byParameter =
        workflow
            .replace(
                "\"inputs\": [{\"type\": \"WorkflowImage\", \"name\": \"image\"}]",
                "\"inputs\": [{\"type\": \"WorkflowImage\", \"name\": \"image\"}, {\"type\": \"WorkflowParameter\", "
                    + "\"name\": \"opacity\"}]")
            .replace("\"mask_opacity\": 1.0", "\"mask_opacity\": \"$inputs.opacity\"");
    assertTrue(
        byParameter.contains("$inputs.opacity") && byParameter.contains("\"opacity\"}"),
        byParameter);
    JsonNode badOpacity =
        run(
            "{\"specification\":"
                + byParameter
                + ",\"inputs\":{\"image\":"
                + image("darknet-person.jpg")
                + ",\"opacity\":\"opaque\"}}",
            400);
    assertTrue(badOpacity.get("message").asText().contains("mask_opacity"), badOpacity.toString());
  }

  private static int[] rgb(int argb) {
    return new int[] {(argb >> 16) & 255, (argb >> 8) & 255, argb & 255};
  }

  /** Equal within JPEG noise: the crops come back re-encoded. */
  private static void assertClose(int[] expected, int[] actual, String what) {
    for (int c = 0; c < 3; c++) {
      assertEquals(
          expected[c],
          actual[c],
          24,
          what
              + ": "
              + java.util.Arrays.toString(expected)
              + " vs "
              + java.util.Arrays.toString(actual));
    }
  }

  @Test
  void batchDepthMismatchesAreRefusedBeforeRunning() throws Exception {
    String workflow;
    try (InputStream in =
        WorkflowsTest.class.getResourceAsStream("/workflows/detect-crop-classify.json")) {
      workflow = new String(in.readAllBytes());
    }
    // the classifier on the whole image gives one answer per image, not one per detection's crop
    JsonNode wholeImage =
        invalid(
            workflow.replace("\"images\": \"$steps.crop.crops\"", "\"images\": \"$inputs.image\""),
            "StepInputDimensionalityError");
    assertEquals("relabel", wholeImage.get("blocks_errors").get(0).get("block_id").asText());
    assertEquals(
        "classification_predictions",
        wholeImage.get("blocks_errors").get(0).get("property_name").asText());
    // drawing per-crop detections on the whole image mixes depths 1 and 2
    JsonNode mixed =
        invalid(
            workflow
                .replace(
                    "\"outputs\": [",
                    "\"outputs\": [{\"type\": \"JsonField\", \"name\": "
                        + "\"viz\", \"selector\": \"$steps.viz.image\"},")
                .replace(
                    "\"steps\": [",
                    "\"steps\": [{\"type\": "
                        + "\"BoundingBoxVisualization\", \"name\": \"viz\", \"image\": \"$inputs.image\", \"predictions\": "
                        + "\"$steps.crop.predictions\"},"),
            "StepInputDimensionalityError");
    assertEquals("viz", mixed.get("blocks_errors").get(0).get("block_id").asText());
  }

  @Test
  void labelPolygonKeypointAndBlurVisualisations() throws Exception {
    String workflow;
    try (InputStream in = WorkflowsTest.class.getResourceAsStream("/workflows/visualise.json")) {
      workflow = new String(in.readAllBytes());
    }
    JsonNode out =
        run(
                "{\"specification\":"
                    + workflow
                    + ",\"inputs\":{\"image\":"
                    + image("darknet-person.jpg")
                    + "}}",
                200)
            .get("outputs")
            .get(0);
    java.awt.image.BufferedImage photo =
        ImageIO.read(TestServer.photoPath("darknet-person.jpg").toFile());
    JsonNode box = out.path("boxes").path("predictions").get(0);
    int x1 = (int) (box.path("x").asDouble() - box.path("width").asDouble() / 2);
    int y1 = (int) (box.path("y").asDouble() - box.path("height").asDouble() / 2);
    int x2 = (int) (box.path("x").asDouble() + box.path("width").asDouble() / 2);
    int y2 = (int) (box.path("y").asDouble() + box.path("height").asDouble() / 2);
    for (String name : new String[] {"labels", "polygons", "keypoints", "blur", "crops"}) {
      java.awt.image.BufferedImage drawn = decode(out.path(name));
      assertEquals(photo.getWidth(), drawn.getWidth(), name);
      assertTrue(
          difference(photo, drawn, 0, 0, photo.getWidth(), photo.getHeight()) > 0.5,
          name + " drew nothing");
    }
    // blur changes the inside of the boxes, not what lies outside every box (beyond JPEG noise)
    java.awt.image.BufferedImage blurred = decode(out.path("blur"));
    double inside = difference(photo, blurred, x1 + 4, y1 + 4, x2 - 4, y2 - 4);
    double outside = 0;
    int corners = 0;
    for (int[] c : new int[][] {{0, 0}, {photo.getWidth() - 40, photo.getHeight() - 40}}) {
      if (outsideAll(out.path("boxes").path("predictions"), c[0], c[1], 40)) {
        outside = Math.max(outside, difference(photo, blurred, c[0], c[1], c[0] + 40, c[1] + 40));
        corners++;
      }
    }
    assertTrue(corners > 0, "a corner of the photo lies outside every box");
    assertTrue(inside > 4 * outside && inside > 3, "inside " + inside + " outside " + outside);
    // crop_visualization at 0.3: the box's content, scaled, sits on the box's top centre; its
    // middle pixel is the
    // box's middle pixel (the person's box, y 100..376, leaves room above it)
    java.awt.image.BufferedImage cropped = decode(out.path("crops"));
    int h = (int) Math.round((y2 - y1) * 0.3);
    assertTrue(y1 - h >= 0, "the scaled crop fits above the box");
    int middle = cropped.getRGB((x1 + x2) / 2, y1 - h / 2);
    int original = photo.getRGB((x1 + x2) / 2, (y1 + y2) / 2);
    for (int shift = 0; shift <= 16; shift += 8) {
      assertEquals(
          (original >> shift) & 255, (middle >> shift) & 255, 40, "scaled crop above the box");
    }
    assertTrue(
        difference(photo, cropped, (x1 + x2) / 2 - 5, y1 - h + 5, (x1 + x2) / 2 + 5, y1 - 5) > 10,
        "the region above the box changed");
    // the label is drawn above the top-left corner of its box (TOP_LEFT, the default), in the
    // person's colour
    // (class 0: Roboflow's first palette colour, #4892EA); its 10-pixel padding is plain background
    int[] person = {0x48, 0x92, 0xEA};
    java.awt.image.BufferedImage labelled = decode(out.path("labels"));
    assertClose(person, rgb(labelled.getRGB(x1 + 3, y1 - 3)), "label above the top-left corner");
    // BOTTOM_RIGHT: below the bottom-right corner, running leftwards; nothing drawn above the box
    // any more
    java.awt.image.BufferedImage below = decode(out.path("labels_below"));
    assertClose(person, rgb(below.getRGB(x2 - 6, y2 + 6)), "label below the bottom-right corner");
    assertClose(
        rgb(photo.getRGB(x1 + 3, y1 - 3)),
        rgb(below.getRGB(x1 + 3, y1 - 3)),
        "nothing above the box");
    // border_radius 8: the label's very corner is cut off (the photo shows through), 6 pixels in it
    // is not
    assertClose(
        rgb(photo.getRGB(x2 - 1, y2 + 1)), rgb(below.getRGB(x2 - 1, y2 + 1)), "a rounded corner");
    // edge: a red line of COCO's skeleton joins the shoulders (keypoints 6 and 7, counted from 1)
    java.util.Map<String, double[]> joints = new java.util.HashMap<>();
    for (JsonNode k : out.path("poses").path("predictions").get(0).path("keypoints")) {
      joints.put(
          k.path("class").asText(), new double[] {k.path("x").asDouble(), k.path("y").asDouble()});
    }
    double[] left = joints.get("left_shoulder");
    double[] right = joints.get("right_shoulder");
    assertTrue(left != null && right != null, "both shoulders found: " + joints.keySet());
    java.awt.image.BufferedImage skeleton = decode(out.path("skeleton"));
    assertClose(
        new int[] {255, 0, 0},
        rgb(
            skeleton.getRGB(
                (int) Math.round((left[0] + right[0]) / 2),
                (int) Math.round((left[1] + right[1]) / 2))),
        "the shoulders' edge");
  }

  @Test
  void staticCropsCutTheSameRegionAsJavaDoes() throws Exception {
    String workflow;
    try (InputStream in = WorkflowsTest.class.getResourceAsStream("/workflows/static-crops.json")) {
      workflow = new String(in.readAllBytes());
    }
    JsonNode out =
        run(
                "{\"specification\":"
                    + workflow
                    + ",\"inputs\":{\"image\":"
                    + image("darknet-dog.jpg")
                    + "}}",
                200)
            .get("outputs")
            .get(0);
    java.awt.image.BufferedImage photo =
        ImageIO.read(TestServer.photoPath("darknet-dog.jpg").toFile());
    java.awt.image.BufferedImage abs = decode(out.path("abs"));
    assertEquals(200, abs.getWidth());
    assertEquals(100, abs.getHeight());
    // centred at (384, 288): the region x 284..484, y 238..338 of the photo (JPEG re-encoding noise
    // only)
    assertTrue(difference(photo.getSubimage(284, 238, 200, 100), abs, 0, 0, 200, 100) < 4);
    java.awt.image.BufferedImage rel = decode(out.path("rel"));
    assertEquals(384, rel.getWidth(), "the left half of the 768 x 576 photo");
    assertEquals(576, rel.getHeight());
    assertTrue(difference(photo.getSubimage(0, 0, 384, 576), rel, 0, 0, 384, 576) < 4);
    assertEquals(
        384, out.path("det").path("image").path("width").asInt(), "the detector saw the crop");
    for (JsonNode p : out.path("det").path("predictions")) {
      assertTrue(p.path("x").asDouble() <= 384, p.toString());
    }
    // the right half starts at x = 384: in the image's coordinates each box moves right by exactly
    // that much
    JsonNode own = out.path("det_right").path("predictions");
    JsonNode inImage = out.path("det_right_in_image").path("predictions");
    assertEquals(384, out.path("det_right").path("image").path("width").asInt());
    assertEquals(768, out.path("det_right_in_image").path("image").path("width").asInt());
    assertTrue(own.size() > 0, "the truck is in the right half");
    assertEquals(own.size(), inImage.size());
    JsonNode cropsOfCrop = out.path("crops_of_crop_in_image");
    assertEquals(own.size(), cropsOfCrop.size(), "one crop of the crop per detection");
    for (int i = 0; i < own.size(); i++) {
      assertEquals(
          own.get(i).path("x").asDouble() + 384, inImage.get(i).path("x").asDouble(), 1e-9);
      assertEquals(own.get(i).path("y").asDouble(), inImage.get(i).path("y").asDouble(), 1e-9);
      assertEquals(
          own.get(i).path("width").asDouble(), inImage.get(i).path("width").asDouble(), 1e-9);
      // a crop of a crop maps back to the input image, not to the crop it was cut from
      JsonNode twice = cropsOfCrop.get(i);
      assertEquals(768, twice.path("image").path("width").asInt());
      double[] expected = corners(inImage.get(i));
      double[] got = corners(twice.path("predictions").get(0));
      for (int c = 0; c < 4; c++) {
        assertEquals(expected[c], got[c], 1e-9, "corner " + c);
      }
    }
    JsonNode outside =
        run(
            "{\"specification\":"
                + workflow
                + ",\"inputs\":{\"image\":"
                + image("darknet-dog.jpg")
                + ",\"x\":5000}}",
            400);
    assertTrue(outside.get("message").asText().contains("lies outside"), outside.toString());
  }

  private static java.awt.image.BufferedImage decode(JsonNode image) throws java.io.IOException {
    return ImageIO.read(
        new ByteArrayInputStream(Base64.getDecoder().decode(image.path("value").asText())));
  }

  private static boolean outsideAll(JsonNode predictions, int x, int y, int size) {
    for (JsonNode p : predictions) {
      double px1 = p.path("x").asDouble() - p.path("width").asDouble() / 2;
      double py1 = p.path("y").asDouble() - p.path("height").asDouble() / 2;
      double px2 = px1 + p.path("width").asDouble();
      double py2 = py1 + p.path("height").asDouble();
      if (x < px2 && x + size > px1 && y < py2 && y + size > py1) {
        return false;
      }
    }
    return true;
  }

  /** Mean absolute difference per channel over a rectangle. */
  private static double difference(
      java.awt.image.BufferedImage a,
      java.awt.image.BufferedImage b,
      int x1,
      int y1,
      int x2,
      int y2) {
    long sum = 0;
    long n = 0;
    for (int y = Math.max(0, y1); y < Math.min(a.getHeight(), y2); y++) {
      for (int x = Math.max(0, x1); x < Math.min(a.getWidth(), x2); x++) {
        int p = a.getRGB(x, y);
        int q = b.getRGB(x, y);
        for (int shift = 0; shift <= 16; shift += 8) {
          sum += Math.abs(((p >> shift) & 255) - ((q >> shift) & 255));
          n++;
        }
      }
    }
    return n == 0 ? 0 : (double) sum / n;
  }

  private static double[] corners(JsonNode p) {
    double x = p.path("x").asDouble();
    double y = p.path("y").asDouble();
    double w = p.path("width").asDouble();
    double h = p.path("height").asDouble();
    return new double[] {x - w / 2, y - h / 2, x + w / 2, y + h / 2};
  }

  @Test
  void transformationFiltersSortsAndSelects() throws Exception {
    String workflow;
    try (InputStream in = WorkflowsTest.class.getResourceAsStream("/workflows/transform.json")) {
      workflow = new String(in.readAllBytes());
    }
    JsonNode out =
        run(
                "{\"specification\":"
                    + workflow
                    + ",\"inputs\":{\"image\":"
                    + image("darknet-dog.jpg")
                    + "}}",
                200)
            .get("outputs")
            .get(0);
    // Golden boxes at 0.3 (tools/convert-nanodet), left edges: bicycle 122, dog 131, bench 138,
    // truck 465, car 468;
    // centres: bicycle 346, dog 245.5, bench 198.5, truck 579, car 583; bicycle is the most
    // confident (0.68)
    assertEquals("[\"bicycle\",\"dog\",\"car\"]", out.path("order").toString());
    assertEquals(1, out.path("best").path("predictions").size());
    assertEquals("bicycle", out.path("best").path("predictions").get(0).path("class").asText());
    assertEquals(
        "[\"car\",\"truck\",\"bicycle\",\"dog\",\"bench\"]", out.path("right_to_left").toString());
    // the same names, upper-cased and cut to three letters, each through the chain
    assertEquals("[\"CAR\",\"TRU\",\"BIC\",\"DOG\",\"BEN\"]", out.path("initials").toString());
    // the right-most left edge (car, 468.x) over 4, to one decimal
    double carLeft = 0;
    for (JsonNode p : out.path("boxes").path("predictions")) {
      if (p.path("class").asText().equals("car")) {
        carLeft = p.path("x").asDouble() - p.path("width").asDouble() / 2;
      }
    }
    assertEquals(Math.round(carLeft / 4 * 10) / 10.0, out.path("widest_gap").asDouble(), 1e-9);
    // renamed (not strict: dog and bench keep their names and ids), then moved 10 pixels right
    JsonNode boxes = out.path("boxes").path("predictions");
    JsonNode vehicles = out.path("vehicles").path("predictions");
    assertEquals(boxes.size(), vehicles.size());
    for (int i = 0; i < boxes.size(); i++) {
      String was = boxes.get(i).path("class").asText();
      boolean vehicle = Set.of("truck", "car", "bicycle").contains(was);
      assertEquals(vehicle ? "vehicle" : was, vehicles.get(i).path("class").asText());
      assertEquals(
          vehicle ? 1024 : boxes.get(i).path("class_id").asInt(),
          vehicles.get(i).path("class_id").asInt());
      assertEquals(
          boxes.get(i).path("x").asDouble() + 10, vehicles.get(i).path("x").asDouble(), 1e-9);
      assertEquals(boxes.get(i).path("y").asDouble(), vehicles.get(i).path("y").asDouble(), 1e-9);
    }
  }

  @Test
  void expressionChoosesACaseOrTheDefault() throws Exception {
    String workflow;
    try (InputStream in = WorkflowsTest.class.getResourceAsStream("/workflows/expression.json")) {
      workflow = new String(in.readAllBytes());
    }
    JsonNode out =
        run(
                "{\"specification\":"
                    + workflow
                    + ",\"inputs\":{\"image\":["
                    + image("darknet-giraffe.jpg")
                    + ","
                    + image("darknet-dog.jpg")
                    + "]}}",
                200)
            .get("outputs");
    // Golden detections at 0.5 (tools/convert-nanodet): giraffe 0.83 and zebra 0.68; on the dog
    // photo only the
    // bicycle (0.68; the dog is 0.42)
    assertEquals(2, out.get(0).path("det").path("predictions").size());
    assertEquals(
        "several", out.get(0).path("verdict").asText(), "more than one: the case's static result");
    assertEquals(1, out.get(1).path("verdict").asInt(), "one: the default, the count itself");
  }

  @Test
  void malformedOperationsAreAClientError() throws Exception {
    String filter;
    try (InputStream in =
        WorkflowsTest.class.getResourceAsStream("/workflows/filter-and-branch.json")) {
      filter = new String(in.readAllBytes());
    }
    String inputs = ",\"inputs\":{\"image\":" + image("darknet-dog.jpg") + "}}";
    JsonNode operations =
        run(
            "{\"specification\":"
                + filter.replace(
                    "\"operations\": [{\"type\": \"DetectionsFilter\"",
                    "\"operations\": [\"not an operation\", {\"type\": \"DetectionsFilter\"")
                + inputs,
            400);
    assertTrue(
        operations.get("message").asText().contains("Malformed query-language operation"),
        operations.toString());
    JsonNode parameters =
        run(
            "{\"specification\":"
                + filter.replace(
                    "\"evaluation_parameters\": {\"found\": " + "\"$steps.wanted.predictions\"}",
                    "\"evaluation_parameters\": 5")
                + inputs,
            400);
    assertTrue(
        parameters.get("message").asText().contains("evaluation_parameters"),
        parameters.toString());
    String expression;
    try (InputStream in = WorkflowsTest.class.getResourceAsStream("/workflows/expression.json")) {
      expression = new String(in.readAllBytes());
    }
    JsonNode cases =
        run(
            "{\"specification\":"
                + expression.replace("\"cases\": [{", "\"cases\": [7, {")
                + inputs,
            400);
    assertTrue(
        cases.get("message").asText().contains("Malformed query-language case"), cases.toString());
  }

  @Test
  void badOffsetsAndOperationsAreNamed() throws Exception {
    String workflow;
    try (InputStream in =
        WorkflowsTest.class.getResourceAsStream("/workflows/offset-and-properties.json")) {
      workflow = new String(in.readAllBytes());
    }
    String inputs = ",\"inputs\":{\"image\":" + image("darknet-dog.jpg");
    JsonNode negative =
        run("{\"specification\":" + workflow + inputs + ",\"grow_width\":-3}}", 400);
    assertTrue(
        negative.get("message").asText().contains("offset_width must be a positive integer"),
        negative.toString());
    JsonNode wrongData =
        run(
            "{\"specification\":"
                + workflow.replace(
                    "\"data\": \"$steps.cls.predictions\"", "\"data\": \"$steps.det.predictions\"")
                + inputs
                + "}}",
            400);
    assertTrue(
        wrongData.toString().contains("ClassificationPropertyExtract applies to classes"),
        wrongData.toString());
    JsonNode units =
        run(
            "{\"specification\":"
                + workflow.replace(
                    "\"offset_height\": 100", "\"offset_height\": 100, \"units\": \"Furlongs\"")
                + inputs
                + "}}",
            400);
    assertTrue(units.toString().contains("Furlongs"), units.toString());
  }

  @Test
  void validateAndVersions() {
    HttpResponse<String> ok = server.postJson("/workflows/validate", spec);
    assertEquals("{\"status\":\"ok\"}", ok.body());
    HttpResponse<String> bad =
        server.postJson(
            "/workflows/validate",
            spec.replace(
                "$steps.det.predictions\", \"thickness", "$steps.nope.predictions\", \"thickness"));
    assertEquals(400, bad.statusCode());
    assertEquals("InvalidReferenceTargetError", TestServer.json(bad).get("error_type").asText());
    assertEquals(
        "1.0.0",
        TestServer.json(server.get("/workflows/execution_engine/versions"))
            .get("versions")
            .get(0)
            .asText());
  }

  @Test
  void filterByClassAndConfidenceThenBranch() throws Exception {
    String workflow;
    try (InputStream in =
        WorkflowsTest.class.getResourceAsStream("/workflows/filter-and-branch.json")) {
      workflow = new String(in.readAllBytes());
    }
    // dog.jpg golden: bicycle 0.68, dog 0.42, truck 0.36, bench 0.36, car 0.35 -> bicycle and dog
    // remain
    JsonNode dog =
        run(
                "{\"specification\":"
                    + workflow
                    + ",\"inputs\":{\"image\":"
                    + image("darknet-dog.jpg")
                    + "}}",
                200)
            .get("outputs")
            .get(0);
    assertEquals(Set.of("dog", "bicycle"), classes(dog.get("wanted")));
    assertEquals("base64", dog.path("viz").path("type").asText(), "the branch ran");
    // giraffe.jpg has neither: the filter leaves nothing and continue_if masks the visualisation
    JsonNode giraffe =
        run(
                "{\"specification\":"
                    + workflow
                    + ",\"inputs\":{\"image\":"
                    + image("darknet-giraffe.jpg")
                    + "}}",
                200)
            .get("outputs")
            .get(0);
    assertEquals(0, giraffe.get("wanted").get("predictions").size());
    assertTrue(
        giraffe.get("viz").isNull(), "a masked branch's output is null: " + giraffe.get("viz"));
    // the parameter's default can be overridden
    JsonNode onlyDogs =
        run(
                "{\"specification\":"
                    + workflow
                    + ",\"inputs\":{\"image\":"
                    + image("darknet-dog.jpg")
                    + ",\"classes\":[\"dog\"]}}",
                200)
            .get("outputs")
            .get(0);
    assertEquals(Set.of("dog"), classes(onlyDogs.get("wanted")));
  }

  @Test
  void unsupportedQueryLanguageIsNamed() throws Exception {
    String workflow;
    try (InputStream in =
        WorkflowsTest.class.getResourceAsStream("/workflows/filter-and-branch.json")) {
      workflow = new String(in.readAllBytes()).replace("\"(Number) >=\"", "\"(Number) roughly\"");
    }
    JsonNode e =
        run(
            "{\"specification\":"
                + workflow
                + ",\"inputs\":{\"image\":"
                + image("darknet-dog.jpg")
                + "}}",
            400);
    assertTrue(e.toString().contains("Unsupported comparator: (Number) roughly"), e.toString());
  }

  @Test
  void aliasAndSavedWorkflows() {
    String inputs = "{\"image\":" + image("darknet-dog.jpg") + "}";
    HttpResponse<String> saved =
        server.postJson("/demo/workflows/detect-and-draw", "{\"inputs\":" + inputs + "}");
    assertEquals(200, saved.statusCode(), saved.body());
    assertTrue(
        classes(TestServer.json(saved).get("outputs").get(0).get("predictions")).contains("dog"));
    assertEquals(
        200,
        server
            .postJson("/infer/workflows/demo/detect-and-draw", "{\"inputs\":" + inputs + "}")
            .statusCode());
    assertEquals(
        200,
        server
            .postJson(
                "/infer/workflows", "{\"specification\":" + spec + ",\"inputs\":" + inputs + "}")
            .statusCode());
  }

  @Test
  void savedWorkflowsComeFromRoboflowsApiWhenNotInTheFolder() throws Exception {
    ObjectNode config = TestServer.JSON.createObjectNode();
    config.set("specification", TestServer.JSON.readTree(spec));
    ObjectNode workflow = TestServer.JSON.createObjectNode();
    workflow.putObject("workflow").put("id", "counted").put("config", config.toString());
    api.stubFor(
        get(urlPathEqualTo("/remote-ws/workflows/counted"))
            .withQueryParam("api_key", equalTo("k"))
            .willReturn(okJson(workflow.toString())));
    api.stubFor(
        get(urlPathEqualTo("/remote-ws/workflows/counted"))
            .withQueryParam("api_key", equalTo("other"))
            .willReturn(okJson(workflow.toString())));
    try (TestServer online =
        TestServer.with(Map.of("offline.mode", "false", "api.base.url", api.baseUrl()))) {
      String body = "{\"api_key\":\"k\",\"inputs\":{\"image\":" + image("darknet-dog.jpg") + "}}";
      HttpResponse<String> r = online.postJson("/remote-ws/workflows/counted", body);
      assertEquals(200, r.statusCode(), r.body());
      assertTrue(
          classes(TestServer.json(r).get("outputs").get(0).get("predictions")).contains("dog"));

      // use_cache (default true) reuses the fetched definition; false fetches again; another key
      // never shares it
      assertEquals(200, online.postJson("/remote-ws/workflows/counted", body).statusCode());
      assertEquals(1, fetches("k"));
      assertEquals(
          200,
          online
              .postJson(
                  "/remote-ws/workflows/counted",
                  body.replace("{\"api_key\"", "{\"use_cache\":false,\"api_key\""))
              .statusCode());
      assertEquals(2, fetches("k"));
      assertEquals(
          200,
          online
              .postJson("/remote-ws/workflows/counted", body.replace("\"k\"", "\"other\""))
              .statusCode());
      assertEquals(1, fetches("other"));
    }
  }

  private static int fetches(String apiKey) {
    return api.countRequestsMatching(
            com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                    urlPathEqualTo("/remote-ws/workflows/counted"))
                .withQueryParam("api_key", equalTo(apiKey))
                .build())
        .getCount();
  }

  /**
   * Every corpus workflow saved in a WORKFLOWS_DIR workspace answers by id as it does by
   * specification.
   */
  @Test
  void everyCorpusWorkflowRunsByIdAsBySpecification(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    Path workspace = java.nio.file.Files.createDirectories(dir.resolve("corpus"));
    java.util.List<Path> corpus;
    try (var files = java.nio.file.Files.list(resource("/workflows"))) {
      corpus = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    }
    assertTrue(corpus.size() >= 8, corpus.toString());
    for (Path f : corpus) {
      java.nio.file.Files.copy(f, workspace.resolve(f.getFileName()));
    }
    try (TestServer saved = TestServer.with(Map.of("workflows.dir", dir.toString()))) {
      for (Path f : corpus) {
        String name = f.getFileName().toString();
        String photo = TestServer.corpusPhoto(name);
        String inputs = "\"inputs\":{\"image\":" + image(photo) + "}";
        HttpResponse<String> byId =
            saved.postJson("/corpus/workflows/" + name.replace(".json", ""), "{" + inputs + "}");
        assertEquals(200, byId.statusCode(), name + ": " + byId.body());
        JsonNode bySpec =
            run(
                "{\"specification\":" + java.nio.file.Files.readString(f) + "," + inputs + "}",
                200);
        assertEquals(
            TestServer.comparable(bySpec.get("outputs")),
            TestServer.comparable(TestServer.json(byId).get("outputs")),
            name);
      }
    }
  }

  @Test
  void seedDocumentRoutesAreAliases() {
    String inputs = "{\"image\":" + image("darknet-dog.jpg") + "}";
    HttpResponse<String> bySpec =
        server.postJson(
            "/workflows/specification/infer",
            "{\"specification\":" + spec + ",\"inputs\":" + inputs + "}");
    assertEquals(200, bySpec.statusCode(), bySpec.body());
    assertTrue(
        classes(TestServer.json(bySpec).get("outputs").get(0).get("predictions")).contains("dog"));
    HttpResponse<String> byName =
        server.postJson(
            "/workflows/predefined/infer",
            "{\"workspace_name\":\"demo\","
                + "\"workflow_id\":\"detect-and-draw\",\"inputs\":"
                + inputs
                + "}");
    assertEquals(200, byName.statusCode(), byName.body());
    assertEquals(withoutIds(TestServer.json(bySpec)), withoutIds(TestServer.json(byName)));
    HttpResponse<String> missing =
        server.postJson(
            "/workflows/predefined/infer",
            "{\"workspace_name\":\"demo\","
                + "\"workflow_id\":\"nope\",\"inputs\":"
                + inputs
                + "}");
    assertEquals(404, missing.statusCode(), missing.body());
    assertEquals("WorkflowNotFoundError", TestServer.json(missing).get("error_type").asText());
    HttpResponse<String> unnamed =
        server.postJson("/workflows/predefined/infer", "{\"inputs\":" + inputs + "}");
    assertEquals(
        422, unnamed.statusCode(), "FastAPI's validation status, as Roboflow: " + unnamed.body());
    assertTrue(unnamed.body().contains("workspace_name"), unnamed.body());
  }

  /** The first output's predictions, less their random detection ids. */
  private static JsonNode withoutIds(JsonNode response) {
    JsonNode predictions =
        response.get("outputs").get(0).get("predictions").get("predictions").deepCopy();
    predictions.forEach(p -> ((ObjectNode) p).remove("detection_id"));
    return predictions;
  }

  @Test
  void describeInterfaceGivesKindsOfInputsAndOutputs() throws Exception {
    HttpResponse<String> r =
        server.postJson("/workflows/describe_interface", "{\"specification\":" + spec + "}");
    assertEquals(200, r.statusCode(), r.body());
    // Expected from detect-and-draw.json by hand: one image, two untyped parameters ("*" is
    // Roboflow's wildcard kind)
    JsonNode expected =
        TestServer.JSON.readTree(
            "{\"inputs\":{\"image\":[\"image\"],\"model_id\":[\"*\"],"
                + "\"confidence\":[\"*\"]},\"outputs\":{\"predictions\":[\"object_detection_prediction\"],"
                + "\"viz\":[\"image\"]},\"typing_hints\":{\"image\":\"dict\",\"object_detection_prediction\":\"dict\","
                + "\"*\":\"Any\"},\"kinds_schemas\":{}}");
    assertEquals(expected, TestServer.json(r));
    HttpResponse<String> saved =
        server.postJson("/demo/workflows/detect-and-draw/describe_interface", "{}");
    assertEquals(200, saved.statusCode(), saved.body());
    assertEquals(expected, TestServer.json(saved));

    String every;
    try (InputStream in = WorkflowsTest.class.getResourceAsStream("/workflows/every-task.json")) {
      every = new String(in.readAllBytes());
    }
    JsonNode tags =
        TestServer.json(
                server.postJson(
                    "/workflows/describe_interface", "{\"specification\":" + every + "}"))
            .path("outputs")
            .path("tags");
    assertTrue(tags.isObject(), "a $steps.s.* output is described field by field: " + tags);
    assertTrue(tags.has("predictions") && tags.has("inference_id"), tags.toString());

    HttpResponse<String> bad =
        server.postJson(
            "/workflows/describe_interface",
            "{\"specification\":"
                + spec.replace("$steps.det.predictions\"}", "$steps.nowhere.predictions\"}")
                + "}");
    assertEquals(400, bad.statusCode(), bad.body());
    assertEquals("InvalidReferenceTargetError", TestServer.json(bad).get("error_type").asText());
  }

  @Test
  void definitionSchemaOffersExactlyTheDescribedBlocks() {
    JsonNode schema = TestServer.json(server.get("/workflows/definition/schema")).get("schema");
    assertEquals(Set.of("version", "inputs", "steps", "outputs"), names(schema.get("required")));
    Set<String> inSchema = new HashSet<>();
    schema
        .path("properties")
        .path("steps")
        .path("items")
        .path("anyOf")
        .forEach(step -> inSchema.addAll(names(step.path("properties").path("type").path("enum"))));
    Set<String> described = new HashSet<>();
    TestServer.json(server.get("/workflows/blocks/describe"))
        .get("blocks")
        .forEach(
            b -> {
              described.add(b.get("manifest_type_identifier").asText());
              described.addAll(names(b.get("manifest_type_identifier_aliases")));
            });
    assertEquals(described, inSchema);
    assertTrue(
        inSchema.contains("roboflow_core/roboflow_object_detection_model@v2"), inSchema.toString());
  }

  private static Set<String> names(JsonNode array) {
    Set<String> s = new HashSet<>();
    array.forEach(n -> s.add(n.asText()));
    return s;
  }

  private static JsonNode invalid(String specification, String errorType) {
    JsonNode e =
        run(
            "{\"specification\":"
                + specification
                + ",\"inputs\":{\"image\":"
                + image("darknet-dog.jpg")
                + "}}",
            400);
    assertEquals(errorType, e.get("error_type").asText(), e.toString());
    return e;
  }

  @Test
  void unknownBlockIsNamed() {
    JsonNode e =
        invalid(
            spec.replace(
                "roboflow_core/bounding_box_visualization@v1", "roboflow_core/teleport@v1"),
            "WorkflowSyntaxError");
    assertEquals("viz", e.get("blocks_errors").get(0).get("block_id").asText());
    assertEquals(
        "roboflow_core/teleport@v1", e.get("blocks_errors").get(0).get("block_type").asText());
  }

  @Test
  void unknownAndMissingFieldsAreNamed() {
    JsonNode unknown =
        invalid(spec.replace("\"thickness\": 3", "\"thicknes\": 3"), "WorkflowSyntaxError");
    assertEquals("thicknes", unknown.get("blocks_errors").get(0).get("property_name").asText());
    JsonNode missing =
        invalid(spec.replace("\"model_id\": \"$inputs.model_id\", ", ""), "WorkflowSyntaxError");
    assertEquals("model_id", missing.get("blocks_errors").get(0).get("property_name").asText());
  }

  @Test
  void danglingSelectorsAndKindMismatchesAreRefused() {
    JsonNode dangling =
        invalid(
            spec.replace(
                "\"predictions\": \"$steps.det.predictions\", \"thickness\"",
                "\"predictions\": \"$steps.detector.predictions\", \"thickness\""),
            "InvalidReferenceTargetError");
    assertEquals("predictions", dangling.get("blocks_errors").get(0).get("property_name").asText());
    invalid(
        spec.replace(
            "\"image\": \"$inputs.image\", \"predictions\"",
            "\"image\": \"$steps.det.predictions\", \"predictions\""),
        "InvalidReferenceTargetError");
    invalid(
        spec.replace("\"selector\": \"$steps.viz.image\"", "\"selector\": \"$steps.viz.nothing\""),
        "InvalidReferenceTargetError");
  }

  @Test
  void cyclesAreRefused() {
    String cyclic =
        "{\"version\":\"1.0\",\"inputs\":[{\"type\":\"WorkflowImage\",\"name\":\"image\"}],\"steps\":["
            + "{\"type\":\"BoundingBoxVisualization\",\"name\":\"a\",\"image\":\"$steps.b.image\",\"predictions\":"
            + "\"$steps.d.predictions\"},{\"type\":\"BoundingBoxVisualization\",\"name\":\"b\",\"image\":\"$steps.a.image\","
            + "\"predictions\":\"$steps.d.predictions\"},{\"type\":\"ObjectDetectionModel\",\"name\":\"d\",\"images\":"
            + "\"$inputs.image\",\"model_id\":\"coco-nanodet/1\"}],\"outputs\":[]}";
    assertTrue(
        invalid(cyclic, "ExecutionGraphStructureError").get("message").asText().contains("cycle"));
  }

  @Test
  void blocksThatRunCodeOrCallOutAreRefused() {
    JsonNode e =
        invalid(
            spec.replace(
                "roboflow_core/bounding_box_visualization@v1", "roboflow_core/webhook_sink@v1"),
            "WorkflowSyntaxError");
    assertTrue(e.get("message").asText().contains("outside services"), e.toString());
  }

  @Test
  void aFailingStepIsReported() {
    JsonNode e =
        run(
            "{\"specification\":"
                + spec
                + ",\"inputs\":{\"image\":"
                + image("darknet-dog.jpg")
                + ",\"model_id\":\"missing-model/1\"}}",
            404);
    assertEquals("StepExecutionError", e.get("error_type").asText());
    assertEquals("det", e.get("blocks_errors").get(0).get("block_id").asText());
    assertTrue(e.get("message").asText().contains("$steps.det"), e.toString());
  }

  @Test
  void missingImageInput() {
    JsonNode e = run("{\"specification\":" + spec + ",\"inputs\":{}}", 400);
    assertEquals("RuntimeInputError", e.get("error_type").asText());
  }
}
