package io.jinference.server.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jinference.server.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A camera index as a pipeline source, read by FFmpeg's own video4linux2 input as on a machine with
 * a camera. The build machines have no video device, so this test runs in a JVM of its own with
 * {@code src/test/c/fake_v4l2.c} preloaded (server/pom.xml, surefire execution {@code camera}),
 * which answers for {@code FAKE_V4L2_DEVICE} as a V4L2 capture driver: capabilities, input, format
 * negotiation, mapped buffers, streaming at 10 frames/s of a real photo, and a camera pulled out
 * while it streams. Skipped where no C compiler built it, except on CI.
 */
class CameraSourceTest {
  static Path dir;
  static String device;
  static Path log;
  static Path unplugged;
  static byte[] framePng;
  static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    Path maps = Path.of("/proc/self/maps"); // Linux only, as the emulated camera
    boolean preloaded =
        Files.isReadable(maps)
            && Files.readString(maps).contains("libfakev4l2.so")
            && System.getenv("FAKE_V4L2_DEVICE") != null;
    if (!preloaded && "true".equals(System.getenv("CI"))) {
      throw new AssertionError("on CI the emulated camera must be built and preloaded");
    }
    assumeTrue(preloaded, "no emulated camera here (no C compiler, or run outside its execution)");
    device = System.getenv("FAKE_V4L2_DEVICE");
    log = Path.of(System.getenv("FAKE_V4L2_LOG"));
    unplugged = Path.of(System.getenv("FAKE_V4L2_UNPLUGGED"));
    Files.deleteIfExists(unplugged);
    writeFrame(Path.of(System.getenv("FAKE_V4L2_FRAME")));
    framePng = grabOneFrameAsPng();
    dir = Files.createTempDirectory("camera-");
    server =
        TestServer.with(
            Map.of(
                // a camera is a local device: behind the same setting as local files
                "allow.loading.images.from.local.filesystem",
                "true",
                "local.image.roots",
                dir.toString()));
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (unplugged != null) {
      Files.deleteIfExists(unplugged);
    }
  }

  /** The camera's picture: a real photo at 640 x 480, as the I420 frames a webcam delivers. */
  private static void writeFrame(Path to) throws Exception {
    Mat photo = opencv_imgcodecs.imread(TestServer.photoPath("darknet-dog.jpg").toString());
    Mat sized = new Mat();
    opencv_imgproc.resize(photo, sized, new Size(640, 480));
    Mat i420 = new Mat();
    opencv_imgproc.cvtColor(sized, i420, opencv_imgproc.COLOR_BGR2YUV_I420);
    byte[] bytes = new byte[(int) (i420.total() * i420.channels())];
    try (BytePointer data = new BytePointer(i420.data())) {
      data.get(bytes);
    }
    assertEquals(640 * 480 * 3 / 2, bytes.length);
    Files.write(to, bytes);
  }

  /**
   * One frame of the camera read by the test itself through the same FFmpeg input and pixel format
   * as the server, so that the single-image route can be asked about exactly the pixels the
   * pipeline sees.
   */
  private static byte[] grabOneFrameAsPng() throws Exception {
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(System.getenv("FAKE_V4L2_DEVICE"))) {
      grabber.setFormat("video4linux2");
      grabber.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
      grabber.start();
      Mat frame = new OpenCVFrameConverter.ToMat().convert(grabber.grabImage());
      try (BytePointer png = new BytePointer()) {
        opencv_imgcodecs.imencode(".png", frame, png);
        byte[] bytes = new byte[(int) png.limit()];
        png.get(bytes);
        grabber.stop();
        return bytes;
      }
    }
  }

  /** Starts a pipeline on the camera, with a fresh log of what was done to the device. */
  private static String startCamera() throws Exception {
    Files.deleteIfExists(log);
    return PipelinesTest.startOn(
        server, PipelinesTest.initialise(device.substring("/dev/video".length()), "", ""));
  }

  private static List<String> cameraLog() throws Exception {
    return Files.exists(log) ? Files.readAllLines(log) : List.of();
  }

  @Test
  void aCameraIndexStreamsFramesThatMatchTheSingleImageAnswerAndIsReleasedOnTerminate()
      throws Exception {
    String id = startCamera();
    List<JsonNode> ticks = new ArrayList<>();
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (ticks.size() < 3 && System.nanoTime() < deadline) {
      JsonNode c = TestServer.json(server.get("/inference_pipelines/" + id + "/consume"));
      if (c.get("outputs").size() > 0) {
        ticks.add(c);
      } else {
        Thread.sleep(50);
      }
    }
    assertEquals(3, ticks.size(), "results from the camera within 30 s");
    String single =
        "{\"model_id\":\"coco-nanodet/1\",\"confidence\":0.3,\"image\":{\"type\":\"base64\",\"value\":\""
            + Base64.getEncoder().encodeToString(framePng)
            + "\"}}";
    JsonNode expected =
        TestServer.json(server.postJson("/infer/object_detection", single)).get("predictions");
    assertTrue(
        PipelinesTest.boxes(expected).stream().anyMatch(b -> b.startsWith("dog ")),
        expected.toString());
    long lastFrame = 0;
    for (JsonNode tick : ticks) {
      assertEquals(
          PipelinesTest.boxes(expected),
          PipelinesTest.boxes(tick.get("outputs").get(0).get("predictions").get("predictions")));
      long frameId = tick.get("frames_metadata").get(0).get("frame_id").asLong();
      assertTrue(frameId > lastFrame, "newer frames each time: " + frameId + " after " + lastFrame);
      lastFrame = frameId;
    }
    JsonNode report = PipelineStreamsTest.status(server, id);
    assertEquals("RUNNING", report.get("state").asText());
    JsonNode source = report.get("sources_metadata").get(0);
    assertEquals("RUNNING", source.get("state").asText());
    JsonNode properties = source.get("source_properties");
    assertEquals(640, properties.get("width").asInt());
    assertEquals(480, properties.get("height").asInt());
    assertEquals(10.0, properties.get("fps").asDouble(), 0.01, "the camera's declared rate");
    assertFalse(properties.get("is_file").asBoolean());
    assertTrue(properties.get("is_reconnectable").asBoolean());
    assertEquals(List.of("open", "streamon"), cameraLog(), "opened once, streaming");

    long t0 = System.nanoTime();
    assertEquals(
        200, server.postJson("/inference_pipelines/" + id + "/terminate", "{}").statusCode());
    assertTrue(System.nanoTime() - t0 < 8_000_000_000L, "terminate is bounded");
    assertEquals(
        List.of("open", "streamon", "close"),
        cameraLog(),
        "terminate gives the camera back (another program could not open it otherwise)");
  }

  @Test
  void aCameraPulledOutWhileStreamingIsReportedAndReadAgainWhenItIsBack() throws Exception {
    String id = startCamera();
    PipelineStreamsTest.awaitStatus(
        server, id, r -> r.get("frames_read").asLong() >= 3, "frames from the camera");
    Files.writeString(unplugged, "");
    JsonNode gone =
        PipelineStreamsTest.awaitStatus(
            server,
            id,
            r ->
                r.get("video_source_status_updates")
                    .toString()
                    .contains("Could not open camera " + device.substring("/dev/video".length())),
            "the camera reported gone, reopening refused");
    assertTrue(
        gone.get("video_source_status_updates").toString().contains("SOURCE_CONNECTION_LOST"));
    long readWhileGone = gone.get("frames_read").asLong();
    Thread.sleep(500);
    assertEquals(
        readWhileGone,
        PipelineStreamsTest.status(server, id).get("frames_read").asLong(),
        "no frames while the camera is out");
    Files.delete(unplugged);
    JsonNode back =
        PipelineStreamsTest.awaitStatus(
            server,
            id,
            r -> r.get("frames_read").asLong() >= readWhileGone + 3,
            "frames again once the camera is back");
    assertEquals("RUNNING", back.get("sources_metadata").get(0).get("state").asText());
    assertEquals(
        200, server.postJson("/inference_pipelines/" + id + "/terminate", "{}").statusCode());
    List<String> events = cameraLog();
    assertEquals("close", events.get(events.size() - 1), events.toString());
    assertEquals(
        events.stream().filter("open"::equals).count(),
        events.stream().filter("close"::equals).count(),
        "every open of the camera was closed: " + events);
  }
}
