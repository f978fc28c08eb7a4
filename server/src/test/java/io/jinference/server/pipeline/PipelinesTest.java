package io.jinference.server.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jinference.server.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Inference pipelines on the real server over HTTP: a video made by the test (three photos, four
 * frames each, H.264) runs through a detection workflow, and every frame's detections equal the
 * single-image route's answer on the same decoded frame; the lifecycle routes answer as Roboflow's.
 */
class PipelinesTest {
  static final String WORKFLOW =
      "{\"version\":\"1.0\",\"inputs\":[{\"type\":\"WorkflowImage\",\"name\":\"image\"},"
          + "{\"type\":\"WorkflowVideoMetadata\",\"name\":\"video_metadata\"}],"
          + "\"steps\":[{\"type\":\"roboflow_core/roboflow_object_detection_model@v2\",\"name\":\"det\","
          + "\"images\":\"$inputs.image\",\"model_id\":\"coco-nanodet/1\",\"confidence\":0.3}],"
          + "\"outputs\":[{\"type\":\"JsonField\",\"name\":\"predictions\",\"selector\":\"$steps.det.predictions\"}]}";
  static final List<String> PHOTOS =
      List.of("darknet-dog.jpg", "darknet-horses.jpg", "darknet-giraffe.jpg");
  static final int EACH = 4;

  /** Video configuration that processes every frame in order (files): nothing dropped. */
  static final String EVERY_FRAME =
      ",\"source_buffer_filling_strategy\":\"WAIT\",\"source_buffer_consumption_strategy\":\"LAZY\"";

  static Path dir;
  static Path video;
  static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("pipelines-");
    video = dir.resolve("three-photos.mp4");
    List<Path> photos = PHOTOS.stream().map(TestServer::photoPath).toList();
    TestVideos.write(video, photos, EACH, 640, 480, 10);
    Files.writeString(dir.resolve("not-a-video.mp4"), "this is text, not a video");
    Files.createDirectories(dir.resolve("workflows/my-workspace"));
    Files.writeString(dir.resolve("workflows/my-workspace/detect.json"), WORKFLOW);
    server =
        TestServer.with(
            Map.of(
                "allow.loading.images.from.local.filesystem",
                "true",
                "local.image.roots",
                dir.toString(),
                "workflows.dir",
                dir.resolve("workflows").toString(),
                // 16 frames of 640 x 480 BGR: less than the 64 a pipeline asks for by default
                "pipelines.max.buffer.bytes",
                String.valueOf(640 * 480 * 3 * 16),
                "max.active.pipelines",
                "3"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static String initialise(String reference, String extraVideo, String extraPayload) {
    return "{\"video_configuration\":{\"type\":\"VideoConfiguration\",\"video_reference\":"
        + reference
        + extraVideo
        + "},\"processing_configuration\":{\"type\":\"WorkflowConfiguration\",\"workflow_specification\":"
        + WORKFLOW
        + "},\"sink_configuration\":{\"type\":\"MemorySinkConfiguration\",\"results_buffer_size\":64}"
        + extraPayload
        + "}";
  }

  static String start(String body) {
    return startOn(server, body);
  }

  static String startOn(TestServer on, String body) {
    HttpResponse<String> r = on.postJson("/inference_pipelines/initialise", body);
    assertEquals(200, r.statusCode(), r.body());
    JsonNode json = TestServer.json(r);
    assertEquals("success", json.get("status").asText());
    return json.get("context").get("pipeline_id").asText();
  }

  /** Consumes until the pipeline has finished and nothing is left; returns every tick. */
  static List<JsonNode> consumeAll(String id) throws InterruptedException {
    List<JsonNode> ticks = new ArrayList<>();
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      JsonNode c = TestServer.json(server.get("/inference_pipelines/" + id + "/consume"));
      if (c.get("outputs").size() > 0) {
        ticks.add(c);
        continue;
      }
      if (status(id).get("state").asText().equals("FINISHED")) {
        // finished: what is still buffered is the rest, taken here without losing any
        JsonNode rest = TestServer.json(server.get("/inference_pipelines/" + id + "/consume"));
        if (rest.get("outputs").size() == 0) {
          return ticks;
        }
        ticks.add(rest);
        continue;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("pipeline " + id + " did not finish within 60 s");
  }

  static JsonNode status(String id) {
    HttpResponse<String> r = server.get("/inference_pipelines/" + id + "/status");
    assertEquals(200, r.statusCode(), r.body());
    return TestServer.json(r).get("report");
  }

  /** Detections as comparable text: class and box rounded to a tenth of a pixel. */
  static TreeSet<String> boxes(JsonNode predictions) {
    TreeSet<String> out = new TreeSet<>();
    for (JsonNode p : predictions) {
      out.add(
          String.format(
              java.util.Locale.ROOT,
              "%s %.1f %.1f %.1f %.1f %.3f",
              p.get("class").asText(),
              p.get("x").asDouble(),
              p.get("y").asDouble(),
              p.get("width").asDouble(),
              p.get("height").asDouble(),
              p.get("confidence").asDouble()));
    }
    return out;
  }

  @Test
  void everyFrameOfAFileIsProcessedAndMatchesTheSingleImageAnswer() throws Exception {
    String id = start(initialise("\"" + video + "\"", EVERY_FRAME, ""));
    List<JsonNode> ticks = consumeAll(id);
    List<byte[]> frames = TestVideos.framesAsPng(video);
    assertEquals(PHOTOS.size() * EACH, frames.size(), "frames in the video");
    assertEquals(frames.size(), ticks.size(), "one tick per frame: WAIT and LAZY skip nothing");
    for (int i = 0; i < ticks.size(); i++) {
      JsonNode tick = ticks.get(i);
      JsonNode meta = tick.get("frames_metadata").get(0);
      assertEquals(i + 1, meta.get("frame_id").asInt(), "frames in order, numbered from 1");
      assertEquals(0, meta.get("source_id").asInt());
      assertTrue(meta.get("frame_timestamp").asText().contains("T"));
      String single =
          "{\"model_id\":\"coco-nanodet/1\",\"confidence\":0.3,\"image\":{\"type\":\"base64\",\"value\":\""
              + Base64.getEncoder().encodeToString(frames.get(i))
              + "\"}}";
      JsonNode expected =
          TestServer.json(server.postJson("/infer/object_detection", single)).get("predictions");
      assertFalse(expected.isEmpty(), "the photos have objects");
      assertEquals(
          boxes(expected),
          boxes(tick.get("outputs").get(0).get("predictions").get("predictions")),
          "frame " + (i + 1));
    }
    JsonNode report = status(id);
    assertEquals(frames.size(), report.get("frames_processed").asInt());
    assertEquals(frames.size(), report.get("frames_read").asInt());
    assertEquals(0, report.get("frames_dropped").asInt());
    JsonNode source = report.get("sources_metadata").get(0);
    assertEquals("ENDED", source.get("state").asText());
    assertEquals(640, source.get("source_properties").get("width").asInt());
    assertEquals(480, source.get("source_properties").get("height").asInt());
    assertEquals(16, source.get("buffer_capacity").asInt(), "the byte budget bounds the buffer");
    assertTrue(source.get("source_properties").get("is_file").asBoolean());
    assertTrue(report.get("inference_throughput").asDouble() > 0);
    assertTrue(report.get("latency_reports").get(0).get("inference_latency").asDouble() > 0);
    String metrics = server.get("/metrics").body();
    assertTrue(
        metrics.contains(
            "jinference_pipeline_frames_processed_total{pipeline=\"" + id + "\"} 12.0"),
        metrics.lines().filter(l -> l.startsWith("jinference_pipeline")).toList().toString());
    assertEquals(
        200, server.postJson("/inference_pipelines/" + id + "/terminate", "{}").statusCode());
  }

  static void refused(int status, String errorType, String says, HttpResponse<String> r) {
    assertEquals(status, r.statusCode(), r.body());
    JsonNode body = TestServer.json(r);
    assertEquals(errorType, body.get("error_type").asText(), r.body());
    assertTrue(body.get("message").asText().contains(says), r.body());
    assertFalse(r.body().contains("at io.jinference"), "no stack trace");
  }

  @Test
  void badPayloadsAreRefusedWithTheFieldNamed() {
    String path = "/inference_pipelines/initialise";
    refused(
        400,
        "ProcessesManagerInvalidPayload",
        "not a readable video",
        server.postJson(path, initialise("\"" + dir.resolve("not-a-video.mp4") + "\"", "", "")));
    refused(
        400,
        "InputImageLoadError",
        "does not exist or is not readable under the allowed folders",
        server.postJson(path, initialise("\"/etc/passwd\"", "", "")));
    refused(
        400,
        "InputImageLoadError",
        "FQDN",
        server.postJson(path, initialise("\"rtsp://10.0.0.1/stream\"", "", "")));
    refused(
        400,
        "InputImageLoadError",
        "invalid",
        server.postJson(path, initialise("\"file:///etc/passwd\"", "", "")));
    refused(
        400,
        "ProcessesManagerInvalidPayload",
        "source_buffer_filling_strategy must be one of",
        server.postJson(
            path,
            initialise(
                "\"" + video + "\"", ",\"source_buffer_filling_strategy\":\"SOMETIMES\"", "")));
    refused(
        400,
        "ProcessesManagerInvalidPayload",
        "max_fps must be above 0",
        server.postJson(path, initialise("\"" + video + "\"", ",\"max_fps\":0", "")));
    refused(
        400,
        "ProcessesManagerInvalidPayload",
        "results_buffer_size must be a whole number from 1 to 1024",
        server.postJson(
            path,
            initialise("\"" + video + "\"", "", "")
                .replace("\"results_buffer_size\":64", "\"results_buffer_size\":100000")));
    refused(
        400,
        "ProcessesManagerInvalidPayload",
        "no input named 'frame'",
        server.postJson(
            path,
            initialise("\"" + video + "\"", "", "")
                .replace(
                    "\"type\":\"WorkflowConfiguration\",",
                    "\"type\":\"WorkflowConfiguration\",\"image_input_name\":\"frame\",")));
    refused(
        400,
        "ProcessesManagerInvalidPayload",
        "either processing_configuration.workflow_specification or both",
        server.postJson(
            path,
            "{\"video_configuration\":{\"type\":\"VideoConfiguration\",\"video_reference\":\""
                + video
                + "\"},\"processing_configuration\":{\"type\":\"WorkflowConfiguration\"}}"));
    String many =
        "[" + String.join(",", java.util.Collections.nCopies(33, "\"" + video + "\"")) + "]";
    refused(
        400,
        "ProcessesManagerInvalidPayload",
        "MAX_BATCH_SIZE",
        server.postJson(path, initialise(many, "", "")));
    assertEquals(List.of(), listed(), "nothing was left behind by the refusals");
  }

  @Test
  void aCameraThatIsNotThereIsReportedAndRetried() throws Exception {
    // no /dev/video7 on the build machines: the source keeps trying, as for a stream that drops
    String id = start(initialise("7", "", ""));
    long deadline = System.nanoTime() + 30_000_000_000L;
    JsonNode report = status(id);
    while (!report.get("video_source_status_updates").toString().contains("ATTEMPT_FAILED")
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
      report = status(id);
    }
    assertTrue(
        report
            .get("video_source_status_updates")
            .toString()
            .contains("Could not open camera 7 (/dev/video7): no such video device"),
        report.toString());
    assertEquals(0, report.get("frames_read").asInt());
    JsonNode source = report.get("sources_metadata").get(0);
    assertTrue(source.get("source_properties").get("is_reconnectable").asBoolean());
    assertEquals("7", source.get("source_reference").asText());
    long t0 = System.nanoTime();
    assertEquals(
        200, server.postJson("/inference_pipelines/" + id + "/terminate", "{}").statusCode());
    assertTrue(System.nanoTime() - t0 < 8_000_000_000L, "terminate is bounded");
  }

  @Test
  void aWorkflowThatFailsOnEveryFrameIsReportedAndTheServerGoesOn() throws Exception {
    String failing =
        initialise("\"" + video + "\"", EVERY_FRAME, "").replace("coco-nanodet/1", "not-cached/1");
    String id = start(failing);
    assertTrue(consumeAll(id).isEmpty(), "no results from failed frames");
    JsonNode report = status(id);
    assertEquals(PHOTOS.size() * EACH, report.get("frames_failed").asInt());
    assertEquals(0, report.get("frames_processed").asInt());
    assertTrue(report.get("video_source_status_updates").toString().contains("INFERENCE_ERROR"));
    assertEquals(
        200,
        server
            .postJson(
                "/infer/object_detection",
                TestServer.detectBody("coco-nanodet/1", "darknet-dog.jpg", ""))
            .statusCode());
    assertEquals(
        200, server.postJson("/inference_pipelines/" + id + "/terminate", "{}").statusCode());
  }

  @Test
  void limitsTerminateTwiceConsumptionTimeoutAndExcludedFields() throws Exception {
    String body = initialise("\"" + video + "\"", EVERY_FRAME, "");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(start(body));
    }
    assertEquals(new TreeSet<>(ids), new TreeSet<>(listed()));
    refused(
        429,
        "TooManyPipelinesError",
        "MAX_ACTIVE_PIPELINES",
        server.postJson("/inference_pipelines/initialise", body));
    // Roboflow's Python client sends excluded_fields as a JSON body on the GET
    java.net.http.HttpRequest getWithBody =
        java.net.http.HttpRequest.newBuilder(
                server.uri("/inference_pipelines/" + ids.get(0) + "/consume"))
            .header("Content-Type", "application/json")
            .method(
                "GET",
                java.net.http.HttpRequest.BodyPublishers.ofString(
                    "{\"excluded_fields\":[\"predictions\"]}"))
            .build();
    JsonNode withBody = nextTick(() -> server.send(getWithBody));
    assertEquals("{}", withBody.get("outputs").get(0).toString(), "predictions excluded");
    JsonNode withQuery =
        nextTick(
            () ->
                server.get(
                    "/inference_pipelines/" + ids.get(0) + "/consume?excluded_fields=predictions"));
    assertEquals("{}", withQuery.get("outputs").get(0).toString());
    assertEquals(
        2, withQuery.get("frames_metadata").get(0).get("frame_id").asInt(), "the next frame");
    for (String id : ids) {
      assertEquals(
          200, server.postJson("/inference_pipelines/" + id + "/terminate", "{}").statusCode());
      refused(
          404,
          "ProcessesManagerNotFoundError",
          id,
          server.postJson("/inference_pipelines/" + id + "/terminate", "{}"));
    }
    String timed = start(initialise("\"" + video + "\"", "", ",\"consumption_timeout\":1.0"));
    long deadline = System.nanoTime() + 15_000_000_000L;
    while (listed().contains(timed) && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertFalse(listed().contains(timed), "terminated after 1 s without a consume");
    assertEquals(404, server.get("/inference_pipelines/" + timed + "/status").statusCode());
  }

  @Test
  void twoSourcesASavedWorkflowMaxFpsAndTheSeedAliases() throws Exception {
    String body =
        "{\"video_configuration\":{\"type\":\"VideoConfiguration\",\"video_reference\":[\""
            + video
            + "\",\""
            + video
            + "\"]"
            + EVERY_FRAME
            + ",\"batch_collection_timeout\":5},\"processing_configuration\":{\"type\":"
            + "\"WorkflowConfiguration\",\"workspace_name\":\"my-workspace\",\"workflow_id\":\"detect\"}}";
    HttpResponse<String> r = server.postJson("/stream/pipelines", body); // the seed's name
    assertEquals(200, r.statusCode(), r.body());
    String id = TestServer.json(r).get("context").get("pipeline_id").asText();
    List<JsonNode> ticks = consumeAll(id);
    assertEquals(
        PHOTOS.size() * EACH,
        ticks.size(),
        "one tick per frame pair: "
            + ticks.stream().map(t -> t.get("frames_metadata").toString()).toList()
            + status(id));
    for (JsonNode tick : ticks) {
      assertEquals(2, tick.get("outputs").size(), "a frame of each source per tick");
      JsonNode meta = tick.get("frames_metadata");
      assertEquals(0, meta.get(0).get("source_id").asInt());
      assertEquals(1, meta.get(1).get("source_id").asInt());
      assertEquals(meta.get(0).get("frame_id"), meta.get(1).get("frame_id"));
      assertEquals(
          boxes(tick.get("outputs").get(0).get("predictions").get("predictions")),
          boxes(tick.get("outputs").get(1).get("predictions").get("predictions")),
          "the same frame of the same file gives the same detections");
    }
    HttpResponse<String> alias = server.get("/stream/pipelines/" + id);
    assertEquals(200, alias.statusCode());
    JsonNode sources = TestServer.json(alias).get("report").get("sources_metadata");
    assertEquals(2, sources.size());
    assertEquals(8, sources.get(0).get("buffer_capacity").asInt(), "the budget is shared");
    assertTrue(
        TestServer.json(server.get("/stream/pipelines")).get("pipelines").toString().contains(id));
    HttpResponse<String> deleted =
        server.send(
            java.net.http.HttpRequest.newBuilder(server.uri("/stream/pipelines/" + id))
                .DELETE()
                .build());
    assertEquals(200, deleted.statusCode(), deleted.body());
    assertFalse(listed().contains(id));

    // the file is 10 fps: max_fps 5 keeps every other frame, by the frames' timestamps
    String half = start(initialise("\"" + video + "\"", EVERY_FRAME + ",\"max_fps\":5", ""));
    List<JsonNode> kept = consumeAll(half);
    assertEquals(PHOTOS.size() * EACH / 2, kept.size());
    assertEquals(1, kept.get(0).get("frames_metadata").get(0).get("frame_id").asInt());
    assertEquals(3, kept.get(1).get("frames_metadata").get(0).get("frame_id").asInt());

    // a results buffer of 2 keeps the newest ticks
    String small =
        start(
            initialise("\"" + video + "\"", EVERY_FRAME, "")
                .replace("\"results_buffer_size\":64", "\"results_buffer_size\":2"));
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!status(small).get("state").asText().equals("FINISHED")
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    List<JsonNode> last = consumeAll(small);
    assertEquals(2, last.size());
    assertEquals(11, last.get(0).get("frames_metadata").get(0).get("frame_id").asInt());
    assertEquals(12, last.get(1).get("frames_metadata").get(0).get("frame_id").asInt());
    assertEquals(10, status(small).get("results_dropped").asInt());
  }

  @Test
  void pipelinesTogetherHoldTheirShareOfRunsAndHttpKeepsTheRest() throws Exception {
    try (TestServer shared =
        TestServer.with(
            Map.of(
                "allow.loading.images.from.local.filesystem", "true",
                "local.image.roots", dir.toString(),
                "inference.concurrent.runs", "4",
                "pipelines.run.share.percent", "25"))) {
      String body = initialise("\"" + video + "\"", EVERY_FRAME, "");
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        HttpResponse<String> r = shared.postJson("/inference_pipelines/initialise", body);
        assertEquals(200, r.statusCode(), r.body());
        ids.add(TestServer.json(r).get("context").get("pipeline_id").asText());
      }
      PipelineManager manager = shared.bean(PipelineManager.class);
      int most = 0;
      int httpAnswered = 0;
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (System.nanoTime() < deadline) {
        most = Math.max(most, manager.framesInFlight());
        if (httpAnswered < 3) {
          assertEquals(
              200,
              shared
                  .postJson(
                      "/infer/object_detection",
                      TestServer.detectBody("coco-nanodet/1", "darknet-dog.jpg", ""))
                  .statusCode());
          httpAnswered++;
        }
        boolean allDone = true;
        for (String id : ids) {
          JsonNode report =
              TestServer.json(shared.get("/inference_pipelines/" + id + "/status")).get("report");
          allDone &= report.get("state").asText().equals("FINISHED");
        }
        if (allDone) {
          break;
        }
      }
      assertEquals(1, most, "25% of 4 runs: the three pipelines' frames took turns, one at a time");
      for (String id : ids) {
        JsonNode report =
            TestServer.json(shared.get("/inference_pipelines/" + id + "/status")).get("report");
        assertEquals(PHOTOS.size() * EACH, report.get("frames_processed").asInt(), "each finished");
      }
    }
  }

  static List<String> listed() {
    List<String> ids = new ArrayList<>();
    TestServer.json(server.get("/inference_pipelines/list"))
        .get("pipelines")
        .forEach(n -> ids.add(n.asText()));
    return ids;
  }

  static JsonNode nextTick(java.util.function.Supplier<HttpResponse<String>> call)
      throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r = call.get();
      assertEquals(200, r.statusCode(), r.body());
      JsonNode json = TestServer.json(r);
      if (json.get("outputs").size() > 0) {
        return json;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no results within 30 s");
  }

  @org.junit.jupiter.api.AfterEach
  void terminateWhatIsLeft() {
    for (String id : listed()) {
      server.postJson("/inference_pipelines/" + id + "/terminate", "{}");
    }
  }
}
