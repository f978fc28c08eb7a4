package io.jinference.server.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jinference.server.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pipelines on live streams served by the test on loopback (MJPEG over HTTP, as IP cameras serve
 * it): detections on a live frame equal the single-image answer on the same JPEG; pause drops
 * frames and resume takes them again; a stream that drops is reconnected; a silent peer is
 * reported, not waited for, and HTTP requests meanwhile are not slowed; an RTMP stream (FFmpeg as
 * the RTMP server) is read and detected.
 */
class PipelineStreamsTest {
  static TestServer server;
  static MjpegStream stream;
  static byte[] dog;

  @BeforeAll
  static void start() throws Exception {
    dog = TestServer.photo("darknet-dog.jpg");
    stream = new MjpegStream(List.of(dog), 10).start();
    server =
        TestServer.with(
            Map.of(
                "allow.non.https.url.input", "true",
                "allow.url.input.without.fqdn", "true",
                "allow.url.to.non.global.addresses", "true",
                "pipelines.source.timeout.ms", "1000"));
  }

  @AfterAll
  static void stop() {
    stream.close();
    server.close();
  }

  static String start(String url) {
    String body =
        PipelinesTest.initialise("\"" + url + "\"", ",\"max_fps\":5", "")
            .replace("\"results_buffer_size\":64", "\"results_buffer_size\":8");
    HttpResponse<String> r = server.postJson("/inference_pipelines/initialise", body);
    assertEquals(200, r.statusCode(), r.body());
    return TestServer.json(r).get("context").get("pipeline_id").asText();
  }

  static JsonNode status(String id) {
    return status(server, id);
  }

  static JsonNode status(TestServer on, String id) {
    return TestServer.json(on.get("/inference_pipelines/" + id + "/status")).get("report");
  }

  static JsonNode awaitStatus(String id, Predicate<JsonNode> condition, String what)
      throws InterruptedException {
    return awaitStatus(server, id, condition, what);
  }

  static JsonNode awaitStatus(TestServer on, String id, Predicate<JsonNode> condition, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      last = status(on, id);
      if (condition.test(last)) {
        return last;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("within 30 s: " + what + "; last report " + last);
  }

  static List<JsonNode> consume(String id, int ticks) throws InterruptedException {
    return consume(server, id, ticks);
  }

  static List<JsonNode> consume(TestServer on, String id, int ticks) throws InterruptedException {
    List<JsonNode> got = new ArrayList<>();
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (got.size() < ticks && System.nanoTime() < deadline) {
      JsonNode c = TestServer.json(on.get("/inference_pipelines/" + id + "/consume"));
      if (c.get("outputs").size() > 0) {
        got.add(c);
      } else {
        Thread.sleep(50);
      }
    }
    assertEquals(ticks, got.size(), "results within 30 s");
    return got;
  }

  /** Starts a pipeline on {@code reference} (JSON) with the default options; its id. */
  static String initialise(TestServer on, String reference) {
    HttpResponse<String> r =
        on.postJson("/inference_pipelines/initialise", PipelinesTest.initialise(reference, "", ""));
    assertEquals(200, r.statusCode(), r.body());
    return TestServer.json(r).get("context").get("pipeline_id").asText();
  }

  static String sourceState(JsonNode report) {
    return report.get("sources_metadata").get(0).get("state").asText();
  }

  @Test
  void liveFramesAreDetectedPausedResumedAndTheStreamIsReconnected() throws Exception {
    String id = start(stream.url());
    String single =
        "{\"model_id\":\"coco-nanodet/1\",\"confidence\":0.3,\"image\":{\"type\":\"base64\",\"value\":\""
            + java.util.Base64.getEncoder().encodeToString(dog)
            + "\"}}";
    JsonNode expected =
        TestServer.json(server.postJson("/infer/object_detection", single)).get("predictions");
    for (JsonNode tick : consume(id, 3)) {
      JsonNode got = tick.get("outputs").get(0).get("predictions").get("predictions");
      // FFmpeg decodes the JPEG to YUV and converts it to BGR itself; OpenCV's decoder rounds a
      // little differently, which moves weak detections across the threshold: those at 0.4 or more
      // (the exact match on identical pixels is PipelinesTest's) must be there, boxes within 2 px
      int clear = 0;
      for (JsonNode e : expected) {
        if (e.get("confidence").asDouble() < 0.4) {
          continue;
        }
        clear++;
        JsonNode g = find(got, e.get("class").asText());
        for (String k : List.of("x", "y", "width", "height")) {
          assertEquals(e.get(k).asDouble(), g.get(k).asDouble(), 2.0, k + " of " + g);
        }
        assertEquals(e.get("confidence").asDouble(), g.get("confidence").asDouble(), 0.05);
      }
      assertTrue(clear >= 2, "the photo has clear objects: " + expected);
    }
    JsonNode running = status(id);
    assertEquals("RUNNING", running.get("state").asText());
    assertFalse(
        running.get("sources_metadata").get(0).get("source_properties").get("is_file").asBoolean());

    assertEquals(200, server.postJson("/inference_pipelines/" + id + "/pause", "{}").statusCode());
    long dropped = status(id).get("frames_dropped").asLong();
    awaitStatus(
        id, r -> r.get("frames_dropped").asLong() >= dropped + 3, "paused frames are dropped");
    assertEquals("MUTED", status(id).get("state").asText());
    long processed = status(id).get("frames_processed").asLong();
    Thread.sleep(500);
    assertTrue(
        status(id).get("frames_processed").asLong() <= processed + 1,
        "at most the frame in flight is processed after pause");
    assertEquals(200, server.postJson("/inference_pipelines/" + id + "/resume", "{}").statusCode());
    awaitStatus(
        id, r -> r.get("frames_processed").asLong() >= processed + 3, "resumed frames processed");

    stream.stop();
    awaitStatus(
        id,
        r -> r.get("video_source_status_updates").toString().contains("SOURCE_CONNECTION_LOST"),
        "the dropped stream is reported");
    assertEquals(
        200, server.postJson("/infer/object_detection", single).statusCode(), "still serving");
    stream.start();
    long before = status(id).get("frames_processed").asLong();
    awaitStatus(
        id,
        r -> r.get("frames_processed").asLong() >= before + 3 && sourceState(r).equals("RUNNING"),
        "the stream is reconnected and frames flow again");
    assertEquals(
        200, server.postJson("/inference_pipelines/" + id + "/terminate", "{}").statusCode());
    assertEquals(
        404, server.postJson("/inference_pipelines/" + id + "/terminate", "{}").statusCode());
  }

  @Test
  void aSilentPeerIsReportedAndOtherRequestsAreNotSlowed() throws Exception {
    try (SilentPeer silent = new SilentPeer()) {
      long t0 = System.nanoTime();
      String id = start("http://127.0.0.1:" + silent.port() + "/stream.mjpg");
      assertTrue(
          System.nanoTime() - t0 < 5_000_000_000L, "initialise does not wait for the stream");
      String body = TestServer.detectBody("coco-nanodet/1", "darknet-dog.jpg", "");
      long t1 = System.nanoTime();
      assertEquals(200, server.postJson("/infer/object_detection", body).statusCode());
      assertTrue(System.nanoTime() - t1 < 5_000_000_000L, "an inference meanwhile is not held up");
      JsonNode report =
          awaitStatus(
              id,
              r ->
                  r.get("video_source_status_updates")
                      .toString()
                      .contains("SOURCE_CONNECTION_ATTEMPT_FAILED"),
              "the failed connection is reported within FFmpeg's 1 s timeout and retried");
      assertEquals(0, report.get("frames_processed").asLong());
      long t2 = System.nanoTime();
      assertEquals(
          200, server.postJson("/inference_pipelines/" + id + "/terminate", "{}").statusCode());
      assertTrue(
          System.nanoTime() - t2 < 8_000_000_000L, "terminate does not hang on the silent peer");
    }
  }

  @Test
  void aSourceWaitingOnASilentPeerDoesNotHoldUpOtherPipelines(@TempDir Path dir) throws Exception {
    Path video = dir.resolve("dog.mp4");
    TestVideos.write(
        video, List.of(TestServer.photoPath("darknet-dog.jpg")), 5, 320, 240, 10); // 5 frames
    try (SilentPeer silent = new SilentPeer();
        TestServer own =
            TestServer.with(
                Map.of(
                    "allow.url.input.without.fqdn", "true",
                    "allow.url.to.non.global.addresses", "true",
                    "allow.loading.images.from.local.filesystem", "true",
                    "local.image.roots", dir.toString(),
                    // a source waits this long on a silent peer before it gives up and retries
                    "pipelines.source.timeout.ms", "15000"))) {
      String stuck = initialise(own, "\"rtmp://127.0.0.1:" + silent.port() + "/live/x\"");
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (silent.accepted() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertTrue(silent.accepted() > 0, "the source connected to the silent peer");
      Thread.sleep(300); // the source is now inside FFmpeg's open, waiting for the handshake
      // A file source is opened at initialise: with JavaCV's JVM-wide lock held by the waiting
      // source, this took until that source's 15 s timeout.
      long t0 = System.nanoTime();
      String other = initialise(own, "\"" + video + "\"");
      long took = System.nanoTime() - t0;
      assertTrue(took < 5_000_000_000L, "a file pipeline started in " + took / 1_000_000 + " ms");
      long t1 = System.nanoTime();
      assertEquals(
          200, own.postJson("/inference_pipelines/" + other + "/terminate", "{}").statusCode());
      assertEquals(
          200, own.postJson("/inference_pipelines/" + stuck + "/terminate", "{}").statusCode());
      // the waiting source's reader is given 5 s to leave FFmpeg's open, then left to its timeout
      assertTrue(System.nanoTime() - t1 < 8_000_000_000L, "terminate is bounded");
    }
  }

  @Test
  void anRtmpHostIsResolvedOnceByTheServerAndARebindingIsRefused() throws Exception {
    // FakeDns answers these names; FFmpeg, which resolves through the system, knows neither: a
    // source that works was handed the address the server checked
    try (TestServer own =
            TestServer.with(
                Map.of(
                    "test.dns", "rebind.example=93.184.216.34|127.0.0.1",
                    "pipelines.source.timeout.ms", "2000"));
        RtmpStream rtmp = new RtmpStream(dog, 10)) {
      String port = rtmp.url().substring("rtmp://127.0.0.1:".length());
      // rebinding: the name passed the check at initialise as a public address, then pointed at
      // loopback when the source opened: refused, nothing connects
      String rebound = initialise(own, "\"rtmp://rebind.example:" + port + "\"");
      awaitStatus(
          own,
          rebound,
          r ->
              r.get("video_source_status_updates")
                  .toString()
                  .contains("URL points to a network destination that is not allowed"),
          "the rebound address is refused");
      assertEquals(0, rtmp.sent(), "nothing connected to the loopback publisher");
      own.postJson("/inference_pipelines/" + rebound + "/terminate", "{}");
    }
    // allowed: the checked address is what FFmpeg connects to
    try (TestServer own =
            TestServer.with(
                Map.of(
                    "test.dns", "cam.example=127.0.0.1",
                    "allow.url.to.non.global.addresses", "true"));
        RtmpStream rtmp = new RtmpStream(dog, 10)) {
      String port = rtmp.url().substring("rtmp://127.0.0.1:".length());
      String id = initialise(own, "\"rtmp://cam.example:" + port + "\"");
      consume(own, id, 1);
      assertEquals(
          200, own.postJson("/inference_pipelines/" + id + "/terminate", "{}").statusCode());
    }
  }

  @Test
  void aCameraNeedsLocalAccess() {
    // this server keeps ALLOW_LOADING_IMAGES_FROM_LOCAL_FILESYSTEM off: a camera is a local device
    HttpResponse<String> r =
        server.postJson("/inference_pipelines/initialise", PipelinesTest.initialise("0", "", ""));
    assertEquals(400, r.statusCode(), r.body());
    JsonNode body = TestServer.json(r);
    assertEquals("InputImageLoadError", body.get("error_type").asText());
    assertTrue(body.get("message").asText().contains("local filesystem is disabled"), r.body());
  }

  @Test
  void aRedirectIsCheckedAgainstTheUrlPolicy() throws Exception {
    // 127.0.0.2 is refused by this server's policy; FFmpeg's own HTTP client would have followed
    // the redirect there and read the stream
    String target = stream.url().replace("127.0.0.1", "127.0.0.2");
    com.sun.net.httpserver.HttpServer redirect =
        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    redirect.createContext(
        "/",
        exchange -> {
          exchange.getResponseHeaders().set("Location", target);
          exchange.sendResponseHeaders(302, -1);
          exchange.close();
        });
    redirect.start();
    try (TestServer strict =
        TestServer.with(
            Map.of(
                "allow.non.https.url.input", "true",
                "allow.url.input.without.fqdn", "true",
                "allow.url.to.non.global.addresses", "true",
                "blacklisted.destinations.for.url.input", "127.0.0.2"))) {
      String body =
          PipelinesTest.initialise(
              "\"http://127.0.0.1:" + redirect.getAddress().getPort() + "/camera\"", "", "");
      HttpResponse<String> r = strict.postJson("/inference_pipelines/initialise", body);
      assertEquals(200, r.statusCode(), r.body());
      String id = TestServer.json(r).get("context").get("pipeline_id").asText();
      long deadline = System.nanoTime() + 20_000_000_000L;
      JsonNode report = null;
      while (System.nanoTime() < deadline) {
        report =
            TestServer.json(strict.get("/inference_pipelines/" + id + "/status")).get("report");
        if (report.get("video_source_status_updates").toString().contains("blacklisted")) {
          break;
        }
        Thread.sleep(100);
      }
      assertTrue(
          report.get("video_source_status_updates").toString().contains("blacklisted"),
          report.toString());
      assertEquals(0, report.get("frames_read").asLong(), "nothing read through the redirect");
    } finally {
      redirect.stop(0);
    }
  }

  @Test
  void anRtmpStreamIsReadAndDetected() throws Exception {
    RtmpStream rtmp = new RtmpStream(dog, 10);
    try {
      String id = start(rtmp.url());
      assertLiveDetectionsOfThePhoto(id);
      assertTrue(rtmp.sent() > 0, "frames went over RTMP");
      assertEquals(
          200, server.postJson("/inference_pipelines/" + id + "/terminate", "{}").statusCode());
    } finally {
      rtmp.close();
    }
    assertEquals(null, rtmp.failure(), "the RTMP server failed");
  }

  @Test
  void anRtspCameraWithAPasswordIsReadAndDetected() throws Exception {
    try (RtspStream rtsp = new RtspStream(dog, 10).requireCredentials("viewer", "s3cret")) {
      String url = rtsp.url().replace("rtsp://", "rtsp://viewer:s3cret@");
      String id = start(url);
      assertLiveDetectionsOfThePhoto(id);
      assertTrue(rtsp.sent() > 0, "RTP packets went over the RTSP connection");
      String report = status(id).toString();
      assertFalse(report.contains("s3cret"), "the password is not reported: " + report);
      assertEquals(
          200, server.postJson("/inference_pipelines/" + id + "/terminate", "{}").statusCode());
      assertEquals(null, rtsp.failure(), "the RTSP server failed");
    }
  }

  @Test
  void anRtspCameraAskingForAPasswordItWasNotGivenIsReported() throws Exception {
    try (RtspStream rtsp = new RtspStream(dog, 10).requireCredentials("viewer", "s3cret")) {
      String id = start(rtsp.url());
      awaitStatus(
          id,
          r -> r.get("video_source_status_updates").toString().contains("not a readable video"),
          "the refused source is reported");
      assertEquals(0, rtsp.sent(), "nothing was streamed");
      assertEquals(
          200, server.postJson("/inference_pipelines/" + id + "/terminate", "{}").statusCode());
    }
  }

  @Test
  void anRtspRedirectToARefusedAddressIsNotFollowed() throws Exception {
    // FFmpeg follows an RTSP redirect anywhere by itself: here to 127.0.0.2, which this server's
    // policy refuses, where a peer counts who connects (fails on the code without the relay)
    try (SilentPeer target = new SilentPeer();
        RtspStream camera = new RtspStream(dog, 10);
        TestServer strict =
            TestServer.with(
                Map.of(
                    "allow.non.https.url.input", "true",
                    "allow.url.input.without.fqdn", "true",
                    "allow.url.to.non.global.addresses", "true",
                    "blacklisted.destinations.for.url.input", "127.0.0.2",
                    "pipelines.source.timeout.ms", "1000"))) {
      camera.redirectTo("rtsp://127.0.0.2:" + target.port() + "/live");
      String id = initialise(strict, "\"" + camera.url() + "\"");
      JsonNode report =
          awaitStatus(
              strict,
              id,
              r ->
                  r.get("video_source_status_updates")
                      .toString()
                      .contains("the camera redirected to an address that is not allowed"),
              "the refused redirect is reported");
      assertTrue(camera.describes() > 0, "the camera was asked");
      assertEquals(0, target.accepted(), "nothing connected through the redirect: " + report);
      assertEquals(0, report.get("frames_read").asLong());
      strict.postJson("/inference_pipelines/" + id + "/terminate", "{}");
    }
  }

  @Test
  void anRtspRedirectToAnAllowedAddressIsFollowed() throws Exception {
    try (RtspStream moved = new RtspStream(dog, 10);
        RtspStream camera = new RtspStream(dog, 10).redirectTo(moved.url())) {
      String id = start(camera.url());
      assertLiveDetectionsOfThePhoto(id);
      assertTrue(camera.describes() > 0, "the first camera was asked");
      assertEquals(0, camera.sent(), "and streamed nothing");
      assertTrue(moved.sent() > 0, "the redirect's camera streamed");
      assertEquals(
          200, server.postJson("/inference_pipelines/" + id + "/terminate", "{}").statusCode());
    }
  }

  @Test
  void anRtspCameraRedirectingToItselfIsGivenUpOn() throws Exception {
    try (RtspStream camera = new RtspStream(dog, 10)) {
      camera.redirectTo(camera.url());
      String id = start(camera.url());
      awaitStatus(
          id,
          r ->
              r.get("video_source_status_updates")
                  .toString()
                  .contains("the camera redirected more than 3 times"),
          "the redirect loop is reported");
      assertTrue(camera.describes() >= 4, "asked once and at three redirects");
      assertEquals(0, camera.sent());
      assertEquals(
          200, server.postJson("/inference_pipelines/" + id + "/terminate", "{}").statusCode());
    }
  }

  @Test
  void terminatingEndsAnRtspSourceWaitingOnASilentCameraAtOnce() throws Exception {
    try (SilentPeer silent = new SilentPeer();
        TestServer own =
            TestServer.with(
                Map.of(
                    "allow.url.input.without.fqdn", "true",
                    "allow.url.to.non.global.addresses", "true",
                    "pipelines.source.timeout.ms", "15000"))) {
      String id = initialise(own, "\"rtsp://127.0.0.1:" + silent.port() + "/live\"");
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (silent.accepted() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertTrue(silent.accepted() > 0, "the source connected to the silent camera");
      Thread.sleep(300); // inside FFmpeg's open, which would wait 15 s for an answer
      String prefix = "pipeline-" + id.substring(0, 8);
      long t0 = System.nanoTime();
      assertEquals(
          200, own.postJson("/inference_pipelines/" + id + "/terminate", "{}").statusCode());
      while (threads(prefix) > 0 && System.nanoTime() - t0 < 10_000_000_000L) {
        Thread.sleep(20);
      }
      long took = (System.nanoTime() - t0) / 1_000_000;
      assertEquals(0, threads(prefix), "the source's thread ended");
      assertTrue(took < 3_000, "the source left FFmpeg's open in " + took + " ms, not at 15 s");
    }
  }

  /** Three ticks of the pipeline {@code id} find the photo's clear objects where it does. */
  private static void assertLiveDetectionsOfThePhoto(String id) throws Exception {
    JsonNode expected =
        TestServer.json(
                server.postJson(
                    "/infer/object_detection",
                    "{\"model_id\":\"coco-nanodet/1\",\"confidence\":0.3,\"image\":{\"type\":"
                        + "\"base64\",\"value\":\""
                        + java.util.Base64.getEncoder().encodeToString(dog)
                        + "\"}}"))
            .get("predictions");
    for (JsonNode tick : consume(id, 3)) {
      JsonNode got = tick.get("outputs").get(0).get("predictions").get("predictions");
      // H.264 is lossy: the clear objects of the photo are found at nearly the same places
      int clear = 0;
      for (JsonNode e : expected) {
        if (e.get("confidence").asDouble() >= 0.5) {
          clear++;
          JsonNode g = find(got, e.get("class").asText());
          assertTrue(iou(e, g) >= 0.85, "IoU " + iou(e, g) + " of " + g + " and " + e);
        }
      }
      assertTrue(clear >= 1, "the photo has a clear object: " + expected);
    }
    JsonNode report = status(id);
    assertEquals("RUNNING", report.get("state").asText());
    assertFalse(
        report.get("sources_metadata").get(0).get("source_properties").get("is_file").asBoolean());
  }

  @Test
  void shuttingDownStopsEveryPipelineThread() throws Exception {
    TestServer own =
        TestServer.with(
            Map.of(
                "allow.non.https.url.input", "true",
                "allow.url.input.without.fqdn", "true",
                "allow.url.to.non.global.addresses", "true"));
    String body = PipelinesTest.initialise("\"" + stream.url() + "\"", "", "");
    HttpResponse<String> r = own.postJson("/inference_pipelines/initialise", body);
    assertEquals(200, r.statusCode(), r.body());
    String id = TestServer.json(r).get("context").get("pipeline_id").asText();
    String prefix = "pipeline-" + id.substring(0, 8);
    assertTrue(threads(prefix) >= 2, "a reader and a processing thread run");
    long t0 = System.nanoTime();
    own.close(); // what SIGTERM does: the context closes, the manager's @PreDestroy runs
    assertTrue(System.nanoTime() - t0 < 20_000_000_000L, "shutdown is bounded");
    assertEquals(0, threads(prefix), "no pipeline thread outlives the server");
  }

  private static long threads(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith(prefix))
        .count();
  }

  /** Intersection over union of two centre-size boxes. */
  private static double iou(JsonNode a, JsonNode b) {
    double[] p = corners(a);
    double[] q = corners(b);
    double w = Math.max(0, Math.min(p[2], q[2]) - Math.max(p[0], q[0]));
    double h = Math.max(0, Math.min(p[3], q[3]) - Math.max(p[1], q[1]));
    double inter = w * h;
    double union = (p[2] - p[0]) * (p[3] - p[1]) + (q[2] - q[0]) * (q[3] - q[1]) - inter;
    return inter / union;
  }

  private static double[] corners(JsonNode box) {
    double x = box.get("x").asDouble();
    double y = box.get("y").asDouble();
    double w = box.get("width").asDouble() / 2;
    double h = box.get("height").asDouble() / 2;
    return new double[] {x - w, y - h, x + w, y + h};
  }

  private static JsonNode find(JsonNode predictions, String cls) {
    for (JsonNode p : predictions) {
      if (p.get("class").asText().equals(cls)) {
        return p;
      }
    }
    throw new AssertionError(cls + " not in " + predictions);
  }
}
