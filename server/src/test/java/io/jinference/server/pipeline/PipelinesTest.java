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
    server =
        TestServer.with(
            Map.of(
                "allow.loading.images.from.local.filesystem", "true",
                "local.image.roots", dir.toString(),
                "max.active.pipelines", "3"));
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
    HttpResponse<String> r = server.postJson("/inference_pipelines/initialise", body);
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
      String state = status(id).get("state").asText();
      if (state.equals("FINISHED")
          && TestServer.json(server.get("/inference_pipelines/" + id + "/consume"))
                  .get("outputs")
                  .size()
              == 0) {
        return ticks;
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
    String id =
        start(
            initialise(
                "\"" + video + "\"",
                ",\"source_buffer_filling_strategy\":\"WAIT\",\"source_buffer_consumption_strategy\":\"LAZY\"",
                ""));
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
}
