package io.jinference.server.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.jinference.server.TestServer;
import io.jinference.server.image.FakeDns;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Hostile input, one test for each way a single request could take the machine or slip past a
 * policy (issue 13), against the real server over real HTTP. Each asserts the status, the message,
 * that the answer comes within a bound (far below what the attack cost before), and that a normal
 * detection sent while it runs, and one right after, still answer in their usual time.
 */
class HostileInputTest {
  private static final String MODEL = "coco-nanodet/1";
  private static final String SERVER_KEY = "server-key-7f3a";

  @RegisterExtension
  static WireMockExtension remote =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
          .build();

  @TempDir static Path tmp;
  private static TestServer server;
  private static long usualMillis;

  @BeforeAll
  static void start() throws IOException {
    Path roots = Files.createDirectories(tmp.resolve("images"));
    Map<String, Object> settings = new HashMap<>();
    settings.put("allow.non.https.url.input", "true");
    settings.put("allow.url.to.non.global.addresses", "true");
    settings.put("image.url.timeout.ms", "3000");
    settings.put("workflows.execution.timeout.ms", "1500");
    settings.put("allow.loading.images.from.local.filesystem", "true");
    settings.put("local.image.roots", roots.toString());
    settings.put("blacklisted.destinations.for.url.input", "127.0.0.2, 10.0.0.0/8");
    settings.put("HTTP_IDLE_TIMEOUT_MS", "1000");
    settings.put(
        "test.dns",
        "images.example.com=127.0.0.1;rebind.example.com=127.0.0.1|127.0.0.2;"
            + "alias.example.com=127.0.0.2");
    server = TestServer.with(settings);
    normal(server); // warm: the model is loaded, the code is compiled
    normal(server);
    long[] times = new long[5];
    for (int i = 0; i < times.length; i++) {
      long t0 = System.nanoTime();
      normal(server);
      times[i] = (System.nanoTime() - t0) / 1_000_000;
    }
    java.util.Arrays.sort(times);
    usualMillis = times[times.length / 2];
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static void normal(TestServer s) {
    HttpResponse<String> r =
        s.postJson(
            "/infer/object_detection",
            TestServer.detectBody(MODEL, "darknet-dog.jpg", "\"confidence\":0.3"));
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(TestServer.json(r).path("predictions").size() > 0, r.body());
  }

  /**
   * A normal request is "not slowed" within this: its usual time with room for a loaded 2-core CI
   * machine.
   */
  private static long notSlowedBound(long usual) {
    return usual * 4 + 2_000;
  }

  /**
   * Sends the hostile request, and a normal one while it runs and another after it; checks the
   * hostile answer's status, message and time, and that neither normal request was slowed.
   */
  private static JsonNode hostile(
      TestServer s,
      long usual,
      int status,
      String messagePart,
      Duration bound,
      Supplier<HttpResponse<String>> call) {
    long t0 = System.nanoTime();
    CompletableFuture<HttpResponse<String>> attack = CompletableFuture.supplyAsync(call);
    sleep(150);
    long n0 = System.nanoTime();
    normal(s);
    long during = (System.nanoTime() - n0) / 1_000_000;
    HttpResponse<String> r = attack.join();
    long took = (System.nanoTime() - t0) / 1_000_000;
    assertEquals(status, r.statusCode(), r.body());
    JsonNode body = TestServer.json(r);
    assertTrue(
        body.path("message").asText().contains(messagePart),
        "message '" + body.path("message").asText() + "' should say '" + messagePart + "'");
    assertFalse(body.path("error_type").asText().isEmpty(), r.body());
    assertFalse(
        r.body().contains("at io.") || r.body().contains("Exception"),
        "no stack trace: " + r.body());
    assertTrue(
        took < bound.toMillis(), "answered in " + took + " ms, bound " + bound.toMillis() + " ms");
    assertTrue(
        during < notSlowedBound(usual),
        "a normal request during it took " + during + " ms (usual " + usual + " ms)");
    long a0 = System.nanoTime();
    normal(s);
    long after = (System.nanoTime() - a0) / 1_000_000;
    assertTrue(
        after < notSlowedBound(usual),
        "a normal request after it took " + after + " ms (usual " + usual + " ms)");
    return body;
  }

  private static JsonNode hostile(
      int status, String messagePart, Duration bound, Supplier<HttpResponse<String>> call) {
    return hostile(server, usualMillis, status, messagePart, bound, call);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String base64Image(byte[] bytes) {
    return "{\"type\":\"base64\",\"value\":\"" + Base64.getEncoder().encodeToString(bytes) + "\"}";
  }

  private static HttpResponse<String> detect(String imageJson) {
    return server.postJson(
        "/infer/object_detection", "{\"model_id\":\"" + MODEL + "\",\"image\":" + imageJson + "}");
  }

  private static HttpResponse<String> workflow(
      String steps, String outputs, String inputs, String inputValues) {
    return server.postJson(
        "/workflows/run",
        "{\"specification\":{\"version\":\"1.0\",\"inputs\":["
            + inputs
            + "],\"steps\":["
            + steps
            + "],\"outputs\":["
            + outputs
            + "]},\"inputs\":{"
            + inputValues
            + "}}");
  }

  private static final String IMAGE_INPUT = "{\"type\":\"WorkflowImage\",\"name\":\"image\"}";

  private static String dogInput() {
    return "\"image\":" + base64Image(TestServer.photo("darknet-dog.jpg"));
  }

  // 1. Pixels materialised by a workflow are counted before they are allocated.

  @Test
  void dynamicCropsOfManyGrownBoxesAreRefusedByThePixelBudget() {
    // Hundreds of low-confidence boxes, each grown to the whole image, then cut out: a full copy
    // per box.
    String steps =
        "{\"type\":\"ObjectDetectionModel\",\"name\":\"det\",\"images\":\"$inputs.image\","
            + "\"model_id\":\""
            + MODEL
            + "\",\"confidence\":0.01,\"max_detections\":300},"
            + "{\"type\":\"roboflow_core/detection_offset@v1\",\"name\":\"grown\",\"predictions\":\"$steps.det.predictions\","
            + "\"offset_width\":5000,\"offset_height\":5000},"
            + "{\"type\":\"roboflow_core/dynamic_crop@v1\",\"name\":\"crops\",\"images\":\"$inputs.image\","
            + "\"predictions\":\"$steps.grown.predictions\"}";
    JsonNode body =
        hostile(
            413,
            "$steps.crops",
            Duration.ofSeconds(10),
            () ->
                workflow(
                    steps,
                    "{\"type\":\"JsonField\",\"name\":\"n\",\"selector\":\"$steps.crops.crops\"}",
                    IMAGE_INPUT,
                    dogInput()));
    assertTrue(
        body.path("message").asText().contains("WORKFLOWS_MAX_PIXELS_PER_STEP"), body.toString());
  }

  @Test
  void aCropVisualisationScaledTenfoldIsRefusedByThePixelBudget() {
    String steps =
        "{\"type\":\"ObjectDetectionModel\",\"name\":\"det\",\"images\":\"$inputs.image\","
            + "\"model_id\":\""
            + MODEL
            + "\",\"confidence\":0.2},"
            + "{\"type\":\"roboflow_core/detection_offset@v1\",\"name\":\"grown\",\"predictions\":\"$steps.det.predictions\","
            + "\"offset_width\":5000,\"offset_height\":5000},"
            + "{\"type\":\"roboflow_core/crop_visualization@v1\",\"name\":\"zoom\",\"image\":\"$inputs.image\","
            + "\"predictions\":\"$steps.grown.predictions\",\"scale_factor\":10,\"position\":\"CENTER\"}";
    hostile(
        413,
        "$steps.zoom",
        Duration.ofSeconds(10),
        () ->
            workflow(
                steps,
                "{\"type\":\"JsonField\",\"name\":\"img\",\"selector\":\"$steps.zoom.image\"}",
                IMAGE_INPUT,
                dogInput()));
  }

  // 2. A workflow has one deadline, checked between steps and inside long operations.

  @Test
  void aLongSequenceApplyStopsAtTheWorkflowDeadline() {
    // 400 matches of a 950-character alternation against 16,000 characters: several seconds of work
    // even on a fast machine (the 600-character alternation against 4,000 characters this test
    // began with finished in one second, under the deadline, on a faster machine), so the deadline
    // is what ends it.
    StringBuilder regex = new StringBuilder("(");
    for (int i = 0; i < 190; i++) {
      regex.append(i == 0 ? "" : "|").append("ab").append((char) ('c' + i % 20)).append("x");
    }
    regex.append(")+z");
    StringBuilder items = new StringBuilder();
    String text = "abcx".repeat(4000);
    for (int i = 0; i < 400; i++) {
      items.append(i == 0 ? "" : ",").append('"').append(text).append('"');
    }
    String steps =
        "{\"type\":\"PropertyDefinition\",\"name\":\"match\",\"data\":\"$inputs.texts\","
            + "\"operations\":[{\"type\":\"SequenceApply\",\"operations\":[{\"type\":\"StringMatches\",\"regex\":\""
            + regex
            + "\"}]}]}";
    JsonNode body =
        hostile(
            400,
            "WORKFLOWS_EXECUTION_TIMEOUT_MS",
            Duration.ofSeconds(6),
            () ->
                workflow(
                    steps,
                    "{\"type\":\"JsonField\",\"name\":\"m\",\"selector\":\"$steps.match.output\"}",
                    "{\"type\":\"WorkflowParameter\",\"name\":\"texts\"}",
                    "\"texts\":[" + items + "]"));
    assertTrue(body.path("message").asText().contains("$steps.match"), "names the step: " + body);
  }

  // 3. Regular expressions match in linear time: no stack overflow, no 500.

  @Test
  void aBacktrackingRegexOnALongStringAnswersInsteadOfOverflowingTheStack() {
    String steps =
        "{\"type\":\"PropertyDefinition\",\"name\":\"match\",\"data\":\"$inputs.text\","
            + "\"operations\":[{\"type\":\"StringMatches\",\"regex\":\"(a|b)*c\"}]}";
    CompletableFuture<HttpResponse<String>> r =
        CompletableFuture.supplyAsync(
            () ->
                workflow(
                    steps,
                    "{\"type\":\"JsonField\",\"name\":\"m\",\"selector\":\"$steps.match.output\"}",
                    "{\"type\":\"WorkflowParameter\",\"name\":\"text\"}",
                    "\"text\":\"" + "ab".repeat(100_000) + "\""));
    long t0 = System.nanoTime();
    normal(server);
    assertTrue((System.nanoTime() - t0) / 1_000_000 < notSlowedBound(usualMillis));
    HttpResponse<String> answer = r.join();
    assertEquals(200, answer.statusCode(), answer.body());
    assertEquals(
        false,
        TestServer.json(answer).path("outputs").get(0).path("m").asBoolean(true),
        "200,000 characters of a and b hold no c");
  }

  // 4. Decoding work is bounded by the declared pixels.

  @Test
  void aProgressiveJpegWithThousandsOfScansIsRefusedBeforeDecoding() throws IOException {
    byte[] jpeg = progressiveJpeg();
    int eoi = jpeg.length - 2;
    // The last scan of the image, repeated: each is another pass of the decoder over the whole
    // image.
    int lastScan = lastIndexOf(jpeg, (byte) 0xFF, (byte) 0xDA);
    byte[] scan = java.util.Arrays.copyOfRange(jpeg, lastScan, eoi);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(jpeg, 0, eoi);
    for (int i = 0; i < 20_000 && out.size() < 3_000_000; i++) {
      out.write(scan);
    }
    out.write(new byte[] {(byte) 0xFF, (byte) 0xD9});
    hostile(
        400,
        "more than 100 scans",
        Duration.ofSeconds(5),
        () -> detect(base64Image(out.toByteArray())));
  }

  @Test
  void aPngWhoseDataInflatesFarBeyondItsRowsIsRefused() throws IOException {
    // 64x64 RGB needs 64 x (1 + 192) bytes; this one's data inflates to 300 MB (made before the
    // clock starts).
    String bomb = base64Image(pngBomb(64, 64, 300L << 20));
    hostile(400, "inflates to more than", Duration.ofSeconds(5), () -> detect(bomb));
  }

  @Test
  void aHugeDeclaredImageIsRefusedByTheDefaultPixelLimit() {
    hostile(
        413,
        "7000x7000 pixels is larger than the limit of 16777216 pixels",
        Duration.ofSeconds(3),
        () -> detect(base64Image(pngBomb(7000, 7000, 0))));
  }

  // 5. All downloads of a request share one deadline.

  @Test
  void aBatchOfSlowUrlsIsBoundedAsAWhole() {
    remote.stubFor(
        get(urlPathMatching("/slow/.*"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withBody(TestServer.photo("darknet-dog.jpg"))
                    .withFixedDelay(1_200)));
    StringBuilder images = new StringBuilder("[");
    for (int i = 0; i < 8; i++) {
      images
          .append(i == 0 ? "" : ",")
          .append("{\"type\":\"url\",\"value\":\"http://images.example.com:")
          .append(remote.getPort())
          .append("/slow/")
          .append(i)
          .append(".jpg\"}");
    }
    images.append(']');
    // 8 x 1.2 s = 9.6 s of downloads, each within a per-image limit; the request's 3 s bound them
    // all.
    hostile(400, "IMAGE_URL_TIMEOUT_MS", Duration.ofSeconds(6), () -> detect(images.toString()));
  }

  // 6. Made-up model ids leave nothing on disk; leftovers of a crash are removed at start.

  @Test
  void madeUpModelIdsLeaveNoFoldersOrLockFilesAndLeftoversAreRemovedAtStart() throws IOException {
    remote.stubFor(get(urlPathMatching("/ort/.*")).willReturn(aResponse().withStatus(401)));
    try (TestServer online =
        TestServer.with(
            Map.of(
                "offline.mode",
                "false",
                "api.base.url",
                remote.baseUrl(),
                "roboflow.api.retries",
                "1"))) {
      long usual = usual(online);
      List<String> before = listing(online.modelStore());
      hostile(
          online,
          usual,
          401,
          "",
          Duration.ofSeconds(20),
          () -> {
            HttpResponse<String> last = null;
            for (int i = 0; i < 60; i++) {
              last =
                  online.postJson(
                      "/infer/object_detection",
                      TestServer.detectBody("made-up-" + i + "/1", "darknet-dog.jpg", ""));
            }
            return last;
          });
      assertEquals(before, listing(online.modelStore()), "nothing was created in the cache");
    }
    Path store = Files.createTempDirectory("jinference-leftovers-");
    FileTime old = FileTime.from(Instant.now().minus(Duration.ofHours(2)));
    Path download = Files.createDirectories(store.resolve(".download-123"));
    Files.write(download.resolve("weights.onnx.part"), new byte[100]);
    Path nested = Files.createDirectories(store.resolve("soccer/.download-456"));
    Path unpack = Files.createDirectories(store.resolve(".unpack-789"));
    Path lock =
        Files.write(
            Files.createDirectories(store.resolve("_file_locks")).resolve("soccer_3.lock"),
            new byte[0]);
    Path fresh = Files.createDirectories(store.resolve(".download-fresh"));
    for (Path p : List.of(download.resolve("weights.onnx.part"), download, nested, unpack, lock)) {
      Files.setLastModifiedTime(p, old);
    }
    try (TestServer restarted = TestServer.with(Map.of("model.cache.dir", store.toString()))) {
      assertFalse(
          Files.exists(download)
              || Files.exists(nested)
              || Files.exists(unpack)
              || Files.exists(lock),
          "stale leftovers removed: " + listing(store));
      assertTrue(Files.exists(fresh), "a fresh one may belong to another server's download: kept");
    }
  }

  private static List<String> listing(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.map(p -> root.relativize(p).toString())
          .sorted()
          .collect(java.util.stream.Collectors.toList());
    }
  }

  private static long usual(TestServer s) {
    normal(s);
    long t0 = System.nanoTime();
    normal(s);
    return Math.max(usualMillis, (System.nanoTime() - t0) / 1_000_000);
  }

  // 7. A trickled model download is cut off at its deadline, and the model is retried later.

  @Test
  void aTrickledModelDownloadStopsAtItsDeadlineAndTheModelIsRetriedLater() {
    String base = remote.baseUrl();
    remote.stubFor(
        get(urlPathEqualTo("/ort/trickle/1"))
            .willReturn(
                okJson(
                    "{\"ort\": {"
                        + "\"type\": \"object-detection\", \"modelType\": \"yolov8n\", \"classes\": [\"cat\", \"dog\", \"car\"],"
                        + "\"environment\": \""
                        + base
                        + "/storage/trickle/environment.json\","
                        + "\"model\": \""
                        + base
                        + "/storage/trickle/weights.onnx\"}}")));
    remote.stubFor(
        get("/storage/trickle/environment.json")
            .willReturn(
                okJson(
                    "{\"PREPROCESSING\": \"{\\\"resize\\\": {\\\"enabled\\\": true, \\\"width\\\": 320, \\\"height\\\": 320,"
                        + " \\\"format\\\": \\\"Stretch to\\\"}}\"}")));
    byte[] weights = read("/model-store/yolov8-fixture/1/weights.onnx");
    remote.stubFor(
        get("/storage/trickle/weights.onnx")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withBody(weights)
                    .withChunkedDribbleDelay(200, 60_000)));
    try (TestServer online =
        TestServer.with(
            Map.of(
                "offline.mode",
                "false",
                "api.base.url",
                base,
                "roboflow.api.request.timeout.ms",
                "2000"))) {
      long usual = usual(online);
      hostile(
          online,
          usual,
          504,
          "Timeout",
          Duration.ofSeconds(8),
          () ->
              online.postJson(
                  "/infer/object_detection",
                  TestServer.detectBody("trickle/1", "darknet-dog.jpg", "")));
      remote.stubFor(
          get("/storage/trickle/weights.onnx")
              .willReturn(aResponse().withStatus(200).withBody(weights)));
      HttpResponse<String> later =
          online.postJson(
              "/infer/object_detection", TestServer.detectBody("trickle/1", "darknet-dog.jpg", ""));
      assertEquals(
          200, later.statusCode(), "retried, not refused until a restart: " + later.body());
    }
  }

  private static byte[] read(String resource) {
    try (InputStream in = HostileInputTest.class.getResourceAsStream(resource)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  // 8. Stalled connections are closed; a client leaving mid-upload costs one DEBUG line.

  @Test
  void stalledConnectionsAreClosedAndAnAbortedUploadLogsNoErrors() throws Exception {
    java.net.URI u = server.uri("/");
    List<Socket> stalled = new ArrayList<>();
    try {
      for (int i = 0; i < 200; i++) {
        Socket s = new Socket(u.getHost(), u.getPort());
        s.setSoTimeout(8_000);
        s.getOutputStream()
            .write(
                "POST /infer/object_detection HTTP/1.1\r\nHost: x\r\nContent-Len"
                    .getBytes(StandardCharsets.ISO_8859_1));
        stalled.add(s);
      }
      long t0 = System.nanoTime();
      normal(server);
      assertTrue(
          (System.nanoTime() - t0) / 1_000_000 < notSlowedBound(usualMillis),
          "served beside 200 stalled");
      for (Socket s : stalled) {
        assertEquals(-1, readToEnd(s.getInputStream()), "the server closed a stalled connection");
      }
      assertTrue(
          (System.nanoTime() - t0) / 1_000_000 < 6_000, "closed within the idle timeout and some");
    } finally {
      for (Socket s : stalled) {
        s.close();
      }
    }
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> events = new ListAppender<>();
    events.start();
    root.addAppender(events);
    try {
      for (int i = 0; i < 5; i++) {
        try (Socket s = new Socket(u.getHost(), u.getPort())) {
          OutputStream out = s.getOutputStream();
          out.write(
              ("POST /infer/object_detection HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                      + "Content-Length: 1000000\r\n\r\n{\"model_id\":\""
                      + MODEL
                      + "\",\"image\":{\"type\":\"base64\","
                      + "\"value\":\"")
                  .getBytes(StandardCharsets.ISO_8859_1));
          out.write(new byte[100_000]);
          out.flush();
        } // closed mid-upload
      }
      sleep(1_500);
      normal(server);
    } finally {
      root.detachAppender(events);
    }
    List<ILoggingEvent> errors = new ArrayList<>(events.list);
    errors.removeIf(e -> !e.getLevel().isGreaterOrEqual(Level.WARN));
    assertEquals(
        List.of(),
        errors.stream()
            .map(ILoggingEvent::getFormattedMessage)
            .collect(java.util.stream.Collectors.toList()),
        "aborted uploads log nothing above DEBUG");
  }

  private static int readToEnd(InputStream in) throws IOException {
    byte[] buf = new byte[4096];
    int n;
    while ((n = in.read(buf)) > 0) {
      // a 4xx the server may send before closing
    }
    return n;
  }

  // 9. The server's own key is never sent upstream.

  @Test
  void theServersOwnKeyIsNeverForwardedToTheRoboflowApi() {
    remote.stubFor(get(urlPathMatching("/ort/private-.*")).willReturn(aResponse().withStatus(404)));
    try (TestServer guarded =
        TestServer.with(
            Map.of(
                "offline.mode",
                "false",
                "api.base.url",
                remote.baseUrl(),
                "roboflow.api.retries",
                "1",
                "inference.server.api.keys",
                SERVER_KEY,
                "roboflow.api.key",
                "env-rf-key"))) {
      String body = TestServer.detectBody("private-a/1", "darknet-dog.jpg", "");
      HttpResponse<String> bearer =
          guarded.send(
              HttpRequest.newBuilder(guarded.uri("/infer/object_detection"))
                  .header("Content-Type", "application/json")
                  .header("Authorization", "Bearer " + SERVER_KEY)
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build());
      assertEquals(404, bearer.statusCode(), bearer.body());
      HttpResponse<String> inBody =
          guarded.postJson(
              "/infer/object_detection",
              TestServer.detectBody(
                  "private-b/1", "darknet-dog.jpg", "\"api_key\":\"" + SERVER_KEY + "\""));
      assertEquals(404, inBody.statusCode(), inBody.body());
      HttpResponse<String> both =
          guarded.send(
              HttpRequest.newBuilder(guarded.uri("/infer/object_detection"))
                  .header("Content-Type", "application/json")
                  .header("Authorization", "Bearer " + SERVER_KEY)
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          TestServer.detectBody(
                              "private-c/1", "darknet-dog.jpg", "\"api_key\":\"user-rf-key\"")))
                  .build());
      assertEquals(404, both.statusCode(), both.body());
    }
    Map<String, String> keys = new HashMap<>();
    for (LoggedRequest r : remote.findAll(getRequestedFor(urlPathMatching("/ort/private-.*")))) {
      assertFalse(r.getUrl().contains(SERVER_KEY), "the server key went upstream: " + r.getUrl());
      keys.put(r.getUrl().replaceAll("\\?.*", ""), r.queryParameter("api_key").firstValue());
    }
    assertEquals(
        "env-rf-key",
        keys.get("/ort/private-a/1"),
        "a server key in the header: the configured key");
    assertEquals(
        "env-rf-key", keys.get("/ort/private-b/1"), "a server key in the body: the configured key");
    assertEquals(
        "user-rf-key", keys.get("/ort/private-c/1"), "the caller's own Roboflow key beside it");
  }

  // 10, 11, 12. URL policy on the resolved addresses; the fetch connects to the address that was
  // checked.

  @Test
  void aNamePointingAtMetadataThroughNat64IsRefusedWithDefaultSettings() {
    try (TestServer defaults =
        TestServer.with(Map.of("test.dns", "metadata.example.com=64:ff9b::a9fe:a9fe"))) {
      long usual = usual(defaults);
      hostile(
          defaults,
          usual,
          400,
          "network destination that is not allowed",
          Duration.ofSeconds(3),
          () ->
              defaults.postJson(
                  "/infer/object_detection",
                  "{\"model_id\":\""
                      + MODEL
                      + "\",\"image\":"
                      + "{\"type\":\"url\",\"value\":\"https://metadata.example.com/latest/meta-data\"}}"));
    }
  }

  @Test
  void theFetchConnectsToTheCheckedAddressNotToASecondDnsAnswer() {
    remote.stubFor(
        get("/rebind.jpg")
            .willReturn(aResponse().withStatus(200).withBody(TestServer.photo("darknet-dog.jpg"))));
    // The DNS answers 127.0.0.1 (allowed, where the image is) once, then 127.0.0.2 (denied): only
    // one lookup counts.
    HttpResponse<String> r =
        detect(
            "{\"type\":\"url\",\"value\":\"http://rebind.example.com:"
                + remote.getPort()
                + "/rebind.jpg\"}");
    assertEquals(200, r.statusCode(), r.body());
    assertEquals(
        1, FakeDns.lookups("rebind.example.com"), "the host was resolved once, by the policy");
  }

  @Test
  void theDenyListCannotBeBypassedByAnotherSpellingOrName() {
    for (String host :
        new String[] {
          "alias.example.com",
          "2130706434",
          "127.000.000.002",
          "[::ffff:127.0.0.2]",
          "[64:ff9b::a00:1]",
          "10.1.2.3"
        }) {
      String url = "http://" + host + ":" + remote.getPort() + "/x.jpg";
      HttpResponse<String> r =
          server.postJson(
              "/infer/object_detection",
              "{\"model_id\":\""
                  + MODEL
                  + "\",\"image\":{\"type\":\"url\",\"value\":\""
                  + url
                  + "\"}}");
      assertEquals(400, r.statusCode(), host + ": " + r.body());
      String message = TestServer.json(r).path("message").asText();
      assertTrue(
          message.contains("blacklisted") || message.contains("without FQDN"),
          host + ": " + message);
    }
  }

  // 13. Versions parse exactly.

  @Test
  void versionsParseExactly() {
    HttpResponse<String> zeros =
        server.postJson(
            "/infer/object_detection",
            TestServer.detectBody("coco-nanodet/0000000000000000001", "darknet-dog.jpg", ""));
    assertEquals(
        200, zeros.statusCode(), "leading zeros: version 1, as Python's int(): " + zeros.body());
    hostile(
        400,
        "Invalid Model ID",
        Duration.ofSeconds(3),
        () ->
            server.postJson(
                "/infer/object_detection",
                TestServer.detectBody(
                    "coco-nanodet/100000000000000000001", "darknet-dog.jpg", "")));
  }

  // 14. One body limit, our setting's name in the message.

  @Test
  void jsonBodiesUpToTheConfiguredLimitAreReadAndLargerOnesNameTheSetting() {
    // A 15 MiB JSON body (a real photo with 11 MB of padding after its end): within
    // MAX_REQUEST_BODY_BYTES (20 MiB).
    byte[] photo = TestServer.photo("darknet-dog.jpg");
    byte[] padded = java.util.Arrays.copyOf(photo, photo.length + 11_000_000);
    HttpResponse<String> large = detect(base64Image(padded));
    assertEquals(
        200, large.statusCode(), large.body().substring(0, Math.min(300, large.body().length())));
    byte[] tooLarge = new byte[21 * 1024 * 1024];
    java.util.Arrays.fill(tooLarge, (byte) 'A');
    hostile(
        413,
        "larger than the limit of 20971520 bytes (MAX_REQUEST_BODY_BYTES)",
        Duration.ofSeconds(10),
        // Expect: 100-continue, as careful clients send large bodies: the server refuses on the
        // declared length, before the body is sent (without it, a server that stops reading may
        // reset the connection before the client has read the answer).
        () ->
            server.send(
                java.net.http.HttpRequest.newBuilder(server.uri("/infer/object_detection"))
                    .expectContinue(true)
                    .header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(tooLarge))
                    .build()));
  }

  // 15. Numbers beyond a double are refused, never answered wrong.

  @Test
  void anArithmeticOverflowIsRefused() {
    String huge = "1" + "0".repeat(400);
    String steps =
        "{\"type\":\"PropertyDefinition\",\"name\":\"product\",\"data\":\"$inputs.n\","
            + "\"operations\":[{\"type\":\"Multiply\",\"other\":"
            + huge
            + "}]}";
    hostile(
        400,
        "too large",
        Duration.ofSeconds(3),
        () ->
            workflow(
                steps,
                "{\"type\":\"JsonField\",\"name\":\"p\",\"selector\":\"$steps.product.output\"}",
                "{\"type\":\"WorkflowParameter\",\"name\":\"n\"}",
                "\"n\":" + huge));
  }

  // 17. Segment Anything: embeddings a client sends cannot make the decoder write huge masks, and a
  // deep or wrong nesting is refused while parsing.

  @Test
  void samEmbeddingsForAHugeImageSizeAreRefusedBeforeTheDecoder() {
    // a valid SAM embedding (.npy of f32[1, 256, 64, 64], zeros) claimed for a 60000 x 60000 image:
    // its masks at that size would be 14 GB of floats
    java.io.ByteArrayOutputStream npy = new java.io.ByteArrayOutputStream();
    String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 256, 64, 64), }";
    String header = dict + " ".repeat(64 - (10 + dict.length() + 1) % 64) + "\n";
    npy.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    npy.writeBytes(new byte[] {(byte) header.length(), 0});
    npy.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
    npy.writeBytes(new byte[4 * 256 * 64 * 64]);
    String embeddings = Base64.getEncoder().encodeToString(npy.toByteArray());
    hostile(
        400,
        "orig_im_size",
        Duration.ofSeconds(10),
        () ->
            server.postJson(
                "/sam/segment_image",
                "{\"sam_version_id\":\"vit_b\",\"embeddings\":\""
                    + embeddings
                    + "\",\"embeddings_format\":\"binary\",\"orig_im_size\":[60000,60000],"
                    + "\"point_coords\":[[10,10]],\"point_labels\":[1]}"));
    // the same embedding for a real size is answered
    HttpResponse<String> fine =
        server.postJson(
            "/sam/segment_image",
            "{\"sam_version_id\":\"vit_b\",\"embeddings\":\""
                + embeddings
                + "\",\"embeddings_format\":\"binary\",\"orig_im_size\":[300,400],"
                + "\"point_coords\":[[10,10]],\"point_labels\":[1]}");
    assertEquals(200, fine.statusCode(), fine.body());
  }

  @Test
  void deeplyNestedSamEmbeddingsAreRefusedWhileParsing() {
    String deep = "[".repeat(50_000) + "]".repeat(50_000);
    hostile(
        422,
        "nesting depth",
        Duration.ofSeconds(10),
        () ->
            server.postJson(
                "/sam/segment_image",
                "{\"sam_version_id\":\"vit_b\",\"embeddings\":"
                    + deep
                    + ",\"orig_im_size\":[300,400]}"));
  }

  // 16. Local files: regular files under the configured roots only, one answer for absent and
  // refused.

  @Test
  void localFilesOnlyUnderTheRootsAndAbsentLooksLikeRefused() throws Exception {
    Path roots = tmp.resolve("images");
    Path photo = Files.write(roots.resolve("dog.jpg"), TestServer.photo("darknet-dog.jpg"));
    assertEquals(200, detect("{\"type\":\"file\",\"value\":\"" + photo + "\"}").statusCode());
    Path outside = Files.write(tmp.resolve("outside.jpg"), TestServer.photo("darknet-dog.jpg"));
    Path link = Files.createSymbolicLink(roots.resolve("link.jpg"), outside);
    Path fifo = roots.resolve("fifo.jpg");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assertEquals(0, mkfifo.waitFor());
    String expected =
        "does not exist or is not readable under the allowed folders (LOCAL_IMAGE_ROOTS)";
    List<String> messages = new ArrayList<>();
    for (Path p :
        List.of(outside, link, roots.resolve("absent.jpg"), Path.of("/etc/hostname"), fifo)) {
      JsonNode body =
          hostile(
              400,
              expected,
              Duration.ofSeconds(3),
              () -> detect("{\"type\":\"file\",\"value\":\"" + p + "\"}"));
      messages.add(body.path("message").asText());
    }
    assertEquals(1, messages.stream().distinct().count(), "one answer for all: " + messages);
  }

  // Test images made here: a real photo re-encoded as progressive JPEG, and PNGs whose data says
  // more than rows.

  private static byte[] progressiveJpeg() throws IOException {
    BufferedImage photo =
        ImageIO.read(new java.io.ByteArrayInputStream(TestServer.photo("darknet-dog.jpg")));
    return TestServer.encode(photo, "jpeg", true);
  }

  private static int lastIndexOf(byte[] b, byte first, byte second) {
    for (int i = b.length - 2; i >= 0; i--) {
      if (b[i] == first && b[i + 1] == second) {
        return i;
      }
    }
    throw new IllegalArgumentException("marker not found");
  }

  /**
   * An RGB PNG of the given size whose image data inflates to its rows plus {@code extra} zero
   * bytes.
   */
  private static byte[] pngBomb(int width, int height, long extra) {
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    png.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
    ByteBuffer ihdr =
        ByteBuffer.allocate(13)
            .putInt(width)
            .putInt(height)
            .put((byte) 8)
            .put((byte) 2)
            .put((byte) 0)
            .put((byte) 0)
            .put((byte) 0);
    chunk(png, "IHDR", ihdr.array());
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
    ByteArrayOutputStream idat = new ByteArrayOutputStream();
    byte[] zeros = new byte[1 << 20];
    byte[] buf = new byte[1 << 16];
    long total = (long) height * (1 + 3L * width) + extra;
    boolean declaredOnly =
        extra == 0 && (long) width * height > 1_000_000; // a header is all the test needs
    long left = declaredOnly ? 1024 : total;
    while (left > 0) {
      int n = (int) Math.min(zeros.length, left);
      deflater.setInput(zeros, 0, n);
      left -= n;
      while (!deflater.needsInput()) {
        idat.write(buf, 0, deflater.deflate(buf));
      }
    }
    deflater.finish();
    while (!deflater.finished()) {
      idat.write(buf, 0, deflater.deflate(buf));
    }
    deflater.end();
    chunk(png, "IDAT", idat.toByteArray());
    chunk(png, "IEND", new byte[0]);
    return png.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    byte[] t = type.getBytes(StandardCharsets.US_ASCII);
    out.writeBytes(t);
    out.writeBytes(data);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }
}
