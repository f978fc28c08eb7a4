package io.jinference.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.jinference.sdk.BadRequestException;
import io.jinference.sdk.Detection;
import io.jinference.sdk.ImageSource;
import io.jinference.sdk.InferenceConfiguration;
import io.jinference.sdk.InferenceHTTPClient;
import io.jinference.sdk.ModelDescription;
import io.jinference.sdk.NotFoundException;
import io.jinference.sdk.ObjectDetectionResult;
import io.jinference.sdk.ServerInfo;
import io.jinference.server.TestServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Java SDK against the real server: SDK -> HTTP -> Micronaut -> ONNX Runtime and back. */
class SdkAgainstServerTest {
  private static final String MODEL = "coco-nanodet/1";
  private static final String DOG = "darknet-dog.jpg";
  private static final InferenceConfiguration LOW =
      InferenceConfiguration.builder().confidenceThreshold(0.3f).build();
  private static HttpServer photos;
  private static TestServer server;
  private static InferenceHTTPClient client;

  @BeforeAll
  static void start() throws IOException {
    photos = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    photos.createContext(
        "/",
        exchange -> {
          byte[] body = TestServer.photo(exchange.getRequestURI().getPath().substring(1));
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    photos.start();
    server =
        TestServer.with(
            Map.of(
                "allow.non.https.url.input",
                "true",
                "allow.url.input.without.fqdn",
                "true",
                "allow.url.to.non.global.addresses",
                "true"));
    client = new InferenceHTTPClient(server.url(), null).withConfiguration(LOW);
  }

  @AfterAll
  static void stop() {
    client.close();
    server.close();
    photos.stop(0);
  }

  private static String photoUrl(String name) {
    return "http://127.0.0.1:" + photos.getAddress().getPort() + "/" + name;
  }

  private static Set<String> summary(ObjectDetectionResult r) {
    return r.predictions().stream()
        .map(d -> d.className() + "@" + Math.round(d.x()) + "," + Math.round(d.y()))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void inferByFileReturnsTypedDetections() {
    ObjectDetectionResult r = client.detect(ImageSource.path(TestServer.photoPath(DOG)), MODEL);
    assertEquals(768, r.imageWidth());
    assertEquals(576, r.imageHeight());
    Detection bicycle = r.predictions().get(0);
    assertEquals("bicycle", bicycle.className());
    assertEquals(1, bicycle.classId());
    // Golden box (tools/convert-nanodet): x 122..570, y 129..424.
    assertEquals(122, bicycle.left(), 2);
    assertEquals(570, bicycle.right(), 2);
    assertEquals(129, bicycle.top(), 2);
    assertEquals(424, bicycle.bottom(), 2);
    assertTrue(r.predictions().stream().anyMatch(d -> d.className().equals("dog")));
  }

  @Test
  void ocrImageReadsAsRapidOcrReads() throws Exception {
    io.jinference.sdk.OcrResult page =
        client.ocrImage(ImageSource.path(TestServer.photoPath("skimage-page.png")));
    com.fasterxml.jackson.databind.JsonNode golden = OcrRouteTest.golden("skimage-page.png");
    java.util.List<String> texts = new java.util.ArrayList<>();
    golden.forEach(l -> texts.add(l.get("text").asText()));
    assertEquals(String.join(" ", texts), page.text());
    assertEquals(texts, page.lines().stream().map(io.jinference.sdk.OcrResult.Line::text).toList());
    // the first line's box from its golden corners: (7,12) (292,14) (292,33) (7,32)
    io.jinference.sdk.OcrResult.Line first = page.lines().get(0);
    assertEquals((7 + 292) / 2.0, first.x(), 2);
    assertEquals((12 + 33) / 2.0, first.y(), 2);
    assertEquals(292 - 7, first.width(), 2);
    assertEquals(33 - 12, first.height(), 2);
    assertTrue(page.time() != null && page.time() > 0);
    assertEquals("", client.ocrImage(ImageSource.path(TestServer.photoPath(DOG))).text());
    assertThrows(
        io.jinference.sdk.InvalidInputException.class,
        () -> client.ocrImage(ImageSource.path(java.nio.file.Path.of("no-such-file.png"))));
  }

  @Test
  void clipEmbeddingsAndComparisonAsTheRoutesAnswer() throws Exception {
    // the test store's CLIP-shaped graphs: ClipRouteTest derives each embedding on its own
    String solid = ClipRouteTest.solid(200, 30, 90, 64, 48);
    byte[] png =
        java.util.Base64.getDecoder()
            .decode(
                new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(solid)
                    .get("value")
                    .asText());
    float[] image = client.clip().embedImage(ImageSource.bytes(png));
    double[] expected = ClipRouteTest.imageEmbedding(200, 30, 90);
    assertEquals(expected.length, image.length);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], image[i], 1e-3 * Math.max(1, Math.abs(expected[i])), "dim " + i);
    }
    java.util.List<float[]> texts =
        client.clip().withVersion("ViT-B-32").embedTexts(java.util.List.of("a dog", "a red cat"));
    assertEquals(2, texts.size());
    double[] cat = ClipRouteTest.textEmbedding("a red cat");
    for (int i = 0; i < cat.length; i++) {
      assertEquals(cat[i], texts.get(1)[i], 1e-4 * Math.max(1, Math.abs(cat[i])), "dim " + i);
    }
    java.util.List<Double> similarity =
        client
            .clip()
            .compareAsync(ImageSource.bytes(png), java.util.List.of("a dog", "a red cat"))
            .get(60, java.util.concurrent.TimeUnit.SECONDS);
    assertEquals(ClipRouteTest.cosine(expected, cat), similarity.get(1), 1e-3);
    io.jinference.sdk.BadRequestException tooLong =
        org.junit.jupiter.api.Assertions.assertThrows(
            io.jinference.sdk.BadRequestException.class,
            () -> client.clip().embedTexts(java.util.List.of(" word".repeat(80))));
    assertTrue(tooLong.getMessage().contains("tokens"), tooLong.getMessage());
  }

  @Test
  void sam2MasksFromPromptsOnAnImageOrAKeptEmbedding() throws Exception {
    // the test store's SAM 2 graphs draw a disk of 120 px of the 1024 frame around each prompt's
    // points (Sam2RouteTest): 400 x 300 pixels make it an ellipse of radii 46.9 and 35.2
    String picture = Sam2RouteTest.picture(400, 300, 400);
    byte[] png =
        java.util.Base64.getDecoder()
            .decode(
                new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(picture)
                    .get("value")
                    .asText());
    io.jinference.sdk.Sam2Service sam2 = client.sam2().withVersion("hiera_tiny");
    java.util.List<io.jinference.sdk.SamMask> masks =
        sam2.segment(
            ImageSource.bytes(png),
            java.util.List.of(
                io.jinference.sdk.SamPrompt.builder().positive(200, 150).build(),
                io.jinference.sdk.SamPrompt.builder().box(100, 100, 40, 20).build()));
    assertEquals(2, masks.size());
    assertEquals(0.9, masks.get(0).confidence(), 1e-6);
    java.util.List<io.jinference.sdk.Point> outline = masks.get(0).polygons().get(0);
    double left = outline.stream().mapToDouble(io.jinference.sdk.Point::x).min().orElseThrow();
    assertEquals(200 - 120 * 400 / 1024.0, left, 2);
    double top =
        masks.get(1).polygons().get(0).stream()
            .mapToDouble(io.jinference.sdk.Point::y)
            .min()
            .orElseThrow();
    assertEquals(100 - 120 * 300 / 1024.0, top, 2);

    String id = sam2.embedImage(ImageSource.bytes(png), "sdk-picture");
    assertEquals("sdk-picture", id);
    io.jinference.sdk.SamMask single =
        sam2.withSingleMask()
            .segmentAsync(
                id,
                java.util.List.of(io.jinference.sdk.SamPrompt.builder().positive(200, 150).build()))
            .get(60, java.util.concurrent.TimeUnit.SECONDS)
            .get(0);
    assertEquals(0.5, single.confidence(), 1e-6);
    // far outside the picture: an empty mask
    assertTrue(
        sam2.segment(
                id,
                java.util.List.of(
                    io.jinference.sdk.SamPrompt.builder().positive(-5000, 9000).build()))
            .get(0)
            .polygons()
            .isEmpty());
    io.jinference.sdk.BadRequestException gone =
        assertThrows(
            io.jinference.sdk.BadRequestException.class,
            () -> sam2.segment("never-embedded", java.util.List.of()));
    assertTrue(gone.getMessage().contains("embedding cache"), gone.getMessage());
  }

  @Test
  void samMasksFromABoxAndTheEmbeddingItself() throws Exception {
    // SamRouteTest's fixture: a disk of 100 frame pixels around the prompt's points; a 600 x 300
    // picture's frame scale is 1024 / 600 on both axes, and white's normalised red is 2.249
    byte[] png =
        java.util.Base64.getDecoder()
            .decode(
                new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(SamRouteTest.WHITE_600x300)
                    .get("value")
                    .asText());
    io.jinference.sdk.SamService sam = client.sam().withVersion("vit_b");
    float[] embedding = sam.embedImage(ImageSource.bytes(png), "sdk-sam");
    assertEquals(256 * 64 * 64, embedding.length);
    assertEquals((1 - 0.485) / 0.229, embedding[0], 1e-3);
    java.util.List<io.jinference.sdk.SamMask> masks =
        sam.segment(
            "sdk-sam", io.jinference.sdk.SamPrompt.builder().box(300, 150, 100, 60).build());
    assertEquals(1, masks.size());
    assertTrue(Double.isNaN(masks.get(0).confidence()));
    double left =
        masks.get(0).polygons().get(0).stream()
            .mapToDouble(io.jinference.sdk.Point::x)
            .min()
            .orElseThrow();
    assertEquals(300 - 100 * 600 / 1024.0, left, 2);
    assertEquals(
        1,
        sam.segmentAsync(
                ImageSource.bytes(png),
                io.jinference.sdk.SamPrompt.builder().positive(50, 50).build())
            .get(60, java.util.concurrent.TimeUnit.SECONDS)
            .size());
  }

  @Test
  void depthEstimationDecodesTheMapAtTheImagesSize() throws Exception {
    // dark left half, bright right half: the test store's depth graphs read brightness as
    // nearness (DepthRouteTest)
    byte[] png = java.util.Base64.getDecoder().decode(DepthRouteTest.halves(120, 80, 0, 255));
    io.jinference.sdk.DepthResult depth = client.depthEstimation(ImageSource.bytes(png));
    assertEquals(120, depth.width());
    assertEquals(80, depth.height());
    assertEquals(0, depth.depthAt(5, 40), 0.02);
    assertEquals(1, depth.depthAt(114, 40), 0.02);
    assertTrue(depth.visualizationJpeg().isPresent());
    assertTrue(depth.time() != null && depth.time() > 0);
    io.jinference.sdk.DepthResult fixedSize =
        client.depthEstimationAsync(ImageSource.bytes(png), "depth-anything-v3/small").get();
    assertEquals(0, fixedSize.depthAt(5, 40), 0.02);
    assertEquals(1, fixedSize.depthAt(114, 40), 0.02);
    io.jinference.sdk.NotFoundException missing =
        assertThrows(
            io.jinference.sdk.NotFoundException.class,
            () -> client.depthEstimation(ImageSource.bytes(png), "depth-anything-v2/large"));
    assertTrue(missing.getMessage().contains("weights.onnx"), missing.getMessage());
  }

  @Test
  void inferByUrlSentToTheServer() {
    InferenceHTTPClient viaServer =
        client.withConfiguration(LOW.toBuilder().urlImagesFetchedByServer(true).build());
    assertEquals(
        summary(client.detect(ImageSource.path(TestServer.photoPath(DOG)), MODEL)),
        summary(viaServer.detect(ImageSource.url(photoUrl(DOG)), MODEL)));
  }

  @Test
  void inferByUrlDownloadedByTheClientAsPythonDoes() {
    // The default: the SDK fetches the URL itself, so the server's strict URL policy does not
    // apply.
    try (InferenceHTTPClient strict =
        new InferenceHTTPClient(TestServer.shared().url(), null).withConfiguration(LOW)) {
      assertEquals(
          summary(client.detect(ImageSource.path(TestServer.photoPath(DOG)), MODEL)),
          summary(strict.detect(ImageSource.url(photoUrl(DOG)), MODEL)));
    }
  }

  @Test
  void inferByBytesAndByBufferedImage() throws IOException {
    Set<String> expected =
        summary(client.detect(ImageSource.path(TestServer.photoPath(DOG)), MODEL));
    assertEquals(expected, summary(client.detect(ImageSource.bytes(TestServer.photo(DOG)), MODEL)));
    // A BufferedImage is re-encoded as JPEG by the SDK: same objects, boxes within a few pixels.
    ObjectDetectionResult fromImage =
        client.detect(
            ImageSource.image(ImageIO.read(new ByteArrayInputStream(TestServer.photo(DOG)))),
            MODEL);
    assertEquals(768, fromImage.imageWidth());
    assertTrue(
        fromImage.predictions().stream()
            .anyMatch(
                d ->
                    d.className().equals("bicycle")
                        && Math.abs(d.left() - 122) <= 4
                        && Math.abs(d.right() - 570) <= 4));
  }

  @Test
  void batchKeepsTheOrder() {
    List<ObjectDetectionResult> results =
        client.detect(
            List.of(
                ImageSource.path(TestServer.photoPath("darknet-giraffe.jpg")),
                ImageSource.bytes(TestServer.photo(DOG)),
                ImageSource.path(TestServer.photoPath("darknet-person.jpg"))),
            MODEL);
    assertEquals(3, results.size());
    assertEquals("giraffe", results.get(0).predictions().get(0).className());
    assertEquals(768, results.get(1).imageWidth());
    assertEquals("person", results.get(2).predictions().get(0).className());
  }

  @Test
  void legacyRouteGivesTheSameDetections() {
    assertEquals(
        summary(client.detect(ImageSource.path(TestServer.photoPath(DOG)), MODEL)),
        summary(client.selectApiV0().detect(ImageSource.path(TestServer.photoPath(DOG)), MODEL)));
  }

  @Test
  void visualisationComesBackAsAJpeg() throws IOException {
    ObjectDetectionResult r =
        client
            .withConfiguration(LOW.toBuilder().visualizePredictions(true).build())
            .detect(ImageSource.path(TestServer.photoPath(DOG)), MODEL);
    byte[] jpeg = r.visualizationJpeg().orElseThrow();
    assertEquals(768, ImageIO.read(new ByteArrayInputStream(jpeg)).getWidth());
  }

  @Test
  void serverInfoAndModelManagement() {
    ServerInfo info = client.getServerInfo();
    assertEquals("jinference", info.name());
    List<ModelDescription> loaded = client.models().loadModel("yolov8-fixture/1");
    ModelDescription fixture =
        loaded.stream()
            .filter(m -> m.modelId().equals("yolov8-fixture/1"))
            .findFirst()
            .orElseThrow();
    assertEquals("object-detection", fixture.taskType());
    assertEquals(320, fixture.inputWidth());
    assertEquals(1, fixture.batchSize());
    assertTrue(
        client.models().listLoadedModels().stream()
            .anyMatch(m -> m.modelId().equals("yolov8-fixture/1")));
    assertTrue(
        client.models().unloadModel("yolov8-fixture/1").stream()
            .noneMatch(m -> m.modelId().equals("yolov8-fixture/1")));
    client.detect(ImageSource.path(TestServer.photoPath(DOG)), MODEL);
    assertTrue(client.models().unloadAllModels().isEmpty());
    // Roboflow's Python client posts /model/clear with no body and no Content-Type.
    assertEquals(200, server.post("/model/clear", null, new byte[0]).statusCode());
    // Loads again lazily on the next inference.
    assertEquals(
        "bicycle",
        client
            .detect(ImageSource.path(TestServer.photoPath(DOG)), MODEL)
            .predictions()
            .get(0)
            .className());
  }

  @Test
  void everyTaskThroughTheSdk() throws Exception {
    io.jinference.sdk.KeypointsResult poses =
        client
            .withConfiguration(LOW.toBuilder().visualizePredictions(true).build())
            .detectKeypoints(
                ImageSource.path(TestServer.photoPath("darknet-person.jpg")), "coco-movenet/1");
    assertEquals(17, poses.predictions().get(0).keypoints().size());
    assertEquals("nose", poses.predictions().get(0).keypoints().get(0).name());
    assertEquals(640, poses.visualizationImage().orElseThrow().getWidth());
    io.jinference.sdk.SegmentationResult masks =
        client.segment(ImageSource.path(TestServer.photoPath(DOG)), "yolov8-seg-fixture/1");
    assertEquals("dog", masks.predictions().get(0).detection().className());
    assertTrue(masks.predictions().get(0).polygon().size() >= 4);
    io.jinference.sdk.ClassificationResult cls =
        client.classify(
            ImageSource.path(TestServer.photoPath("skimage-coffee.png")), "vit-fixture/1");
    assertEquals("red", cls.top());
    // infer, the front door, answers each model's own result type (the same masks; detection ids
    // are new on every request).
    io.jinference.sdk.SegmentationResult again =
        assertInstanceOf(
            io.jinference.sdk.SegmentationResult.class,
            client.infer(ImageSource.path(TestServer.photoPath(DOG)), "yolov8-seg-fixture/1"));
    assertEquals(
        masks.predictions().stream().map(p -> p.polygon()).collect(Collectors.toList()),
        again.predictions().stream().map(p -> p.polygon()).collect(Collectors.toList()));
    assertInstanceOf(
        io.jinference.sdk.KeypointsResult.class,
        client.infer(
            ImageSource.path(TestServer.photoPath("darknet-person.jpg")), "coco-movenet/1"));
    assertEquals(
        "red",
        assertInstanceOf(
                io.jinference.sdk.ClassificationResult.class,
                client.infer(
                    ImageSource.path(TestServer.photoPath("skimage-coffee.png")), "vit-fixture/1"))
            .top());
    assertTrue(
        client
            .detectAsync(ImageSource.path(TestServer.photoPath(DOG)), MODEL)
            .get(30, java.util.concurrent.TimeUnit.SECONDS)
            .predictions()
            .stream()
            .anyMatch(d -> d.className().equals("bicycle")));
  }

  @Test
  @SuppressWarnings("unchecked")
  void runWorkflowBySpecification() throws Exception {
    java.util.Map<String, Object> spec;
    try (java.io.InputStream in =
        getClass().getResourceAsStream("/workflows/detect-and-draw.json")) {
      spec = TestServer.JSON.readValue(in, java.util.Map.class);
    }
    io.jinference.sdk.WorkflowResult r =
        client
            .workflows()
            .runWorkflow(
                io.jinference.sdk.WorkflowRequest.builder()
                    .specification(spec)
                    .image("image", ImageSource.path(TestServer.photoPath(DOG)))
                    .build());
    java.util.Map<String, Object> predictions =
        (java.util.Map<String, Object>) r.outputs().get(0).get("predictions");
    assertTrue(
        ((java.util.List<java.util.Map<String, Object>>) predictions.get("predictions"))
            .stream().anyMatch(p -> "bicycle".equals(p.get("class"))));
    assertEquals(768, r.image(0, "viz").orElseThrow().getWidth());
  }

  /** Every corpus workflow through the Java SDK agrees with the same request sent raw. */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {
        "detect-and-draw.json",
        "detect-crop-classify.json",
        "classify-some-crops.json",
        "every-task.json",
        "expression.json",
        "filter-and-branch.json",
        "masked-crops.json",
        "offset-and-properties.json",
        "static-crops.json",
        "transform.json",
        "visualise.json"
      })
  @SuppressWarnings("unchecked")
  void corpusWorkflowsGiveTheSameOutputsThroughTheSdk(String name) throws Exception {
    java.util.Map<String, Object> spec;
    try (java.io.InputStream in = getClass().getResourceAsStream("/workflows/" + name)) {
      spec = TestServer.JSON.readValue(in, java.util.Map.class);
    }
    String photo = TestServer.corpusPhoto(name);
    io.jinference.sdk.WorkflowResult viaSdk =
        client
            .workflows()
            .runWorkflow(
                io.jinference.sdk.WorkflowRequest.builder()
                    .specification(spec)
                    .image("image", ImageSource.path(TestServer.photoPath(photo)))
                    .build());
    java.net.http.HttpResponse<String> raw =
        server.postJson(
            "/workflows/run",
            "{\"specification\":"
                + TestServer.JSON.writeValueAsString(spec)
                + ",\"inputs\":{\"image\":{\"type\":\"base64\",\"value\":\""
                + TestServer.base64(photo)
                + "\"}}}");
    assertEquals(200, raw.statusCode(), raw.body());
    assertEquals(
        TestServer.comparable(TestServer.json(raw).get("outputs")),
        TestServer.comparable(TestServer.JSON.valueToTree(viaSdk.outputs())));
  }

  @Test
  void errorsCarryStatusAndServerMessage() {
    NotFoundException missing =
        assertThrows(
            NotFoundException.class,
            () -> client.detect(ImageSource.path(TestServer.photoPath(DOG)), "no-such-model/1"));
    assertEquals(404, missing.statusCode());
    assertTrue(
        missing.serverMessage().contains("not in the local model cache"), missing.serverMessage());
    BadRequestException bad =
        assertThrows(
            BadRequestException.class,
            () -> client.detect(ImageSource.bytes("not an image".getBytes()), MODEL));
    assertEquals(400, bad.statusCode());
    assertEquals("InputImageLoadError", bad.errorType());
  }
}
