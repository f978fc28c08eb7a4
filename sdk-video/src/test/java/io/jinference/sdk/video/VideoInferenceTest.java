package io.jinference.sdk.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jinference.sdk.Detection;
import io.jinference.sdk.ImageSource;
import io.jinference.sdk.InferenceException;
import io.jinference.sdk.InferenceHTTPClient;
import io.jinference.sdk.ObjectDetectionResult;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The client-side video calls against the real server: a video the test writes (two photos, three
 * frames each, 10 fps, H.264) is read frame by frame and each frame's detections equal those of the
 * same decoded frame sent as a single image.
 */
class VideoInferenceTest {
  static EmbeddedServer server;
  static InferenceHTTPClient client;
  static Path video;

  @BeforeAll
  static void start() throws Exception {
    Path dir = Files.createTempDirectory("sdk-video-");
    video = dir.resolve("two-photos.mp4");
    Java2DFrameConverter converter = new Java2DFrameConverter();
    try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(video.toString(), 640, 480, 0)) {
      recorder.setFormat("mp4");
      recorder.setVideoCodec(avcodec.AV_CODEC_ID_H264);
      recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
      recorder.setFrameRate(10);
      recorder.start();
      for (String name : List.of("darknet-dog.jpg", "darknet-horses.jpg")) {
        BufferedImage photo =
            ImageIO.read(Path.of("../server/src/test/resources/images/" + name).toFile());
        BufferedImage sized = new BufferedImage(640, 480, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = sized.createGraphics();
        g.drawImage(photo, 0, 0, 640, 480, null);
        g.dispose();
        Frame frame = converter.convert(sized);
        for (int i = 0; i < 3; i++) {
          recorder.record(frame);
        }
      }
      recorder.stop();
    }
    server =
        ApplicationContext.run(
            EmbeddedServer.class,
            Map.of(
                "micronaut.server.port", -1, "model.cache.dir", dir.resolve("store").toString()));
    client = InferenceHTTPClient.builder().apiUrl(server.getURL().toString()).build();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static TreeSet<String> boxes(Object result) {
    return ((ObjectDetectionResult) result)
        .predictions().stream()
            .map(
                (Detection d) ->
                    String.format(
                        java.util.Locale.ROOT,
                        "%s %.1f %.1f %.1f %.1f",
                        d.className(),
                        d.x(),
                        d.y(),
                        d.width(),
                        d.height()))
            .collect(Collectors.toCollection(TreeSet::new));
  }

  static TreeSet<String> classes(VideoPrediction p) {
    return ((ObjectDetectionResult) p.result())
        .predictions().stream()
            .filter(d -> d.confidence() >= 0.5)
            .map(Detection::className)
            .collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void everyFrameIsInferredInOrderAndMatchesTheSingleImageAnswer() throws Exception {
    List<BufferedImage> decoded = new ArrayList<>();
    try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(video.toString())) {
      g.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
      g.start();
      Frame f;
      while ((f = g.grabImage()) != null) {
        decoded.add(new Java2DFrameConverter().convert(f));
      }
    }
    List<VideoPrediction> got = new ArrayList<>();
    VideoInference.inferOnVideo(client, video, "coco-nanodet/1", got::add);
    assertEquals(6, got.size());
    for (int i = 0; i < got.size(); i++) {
      VideoPrediction p = got.get(i);
      assertEquals(i + 1, p.frameId());
      assertEquals(video.toString(), p.sourceReference());
      Object expected = client.infer(ImageSource.image(decoded.get(i)), "coco-nanodet/1");
      assertFalse(boxes(expected).isEmpty(), "the photos have objects");
      assertEquals(boxes(expected), boxes(p.result()), "frame " + (i + 1));
    }
    // H.264 codes frames of the same photo a little differently: the same objects, not the same
    // boxes
    assertEquals(classes(got.get(0)), classes(got.get(2)));
    assertFalse(classes(got.get(0)).equals(classes(got.get(3))), "the second photo has others");
  }

  @Test
  void maxFpsThinsByTimestampAndABadSourceIsAClearError() {
    try (Stream<VideoPrediction> frames =
        VideoInference.inferOnStream(client, video.toString(), "coco-nanodet/1", 5.0)) {
      assertEquals(List.of(1L, 3L, 5L), frames.map(VideoPrediction::frameId).toList());
    }
    InferenceException e =
        assertThrows(
            InferenceException.class,
            () ->
                VideoInference.inferOnStream(client, "/no/such/video.mp4", "coco-nanodet/1", null));
    assertEquals(true, e.getMessage().startsWith("Could not open video /no/such/video.mp4"));
  }

  @Test
  void anRtmpStreamIsConnectedToNotListenedFor() throws Exception {
    int port;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
      port = probe.getLocalPort(); // closed again: nothing listens there
    }
    String url = "rtmp://127.0.0.1:" + port + "/live/x";
    // FFmpeg's "timeout" option turns an RTMP reader into a server waiting for a publisher: the
    // client then sat on the port instead of being refused at once
    long t0 = System.nanoTime();
    // (with the option the open never returned: measured, more than 10 minutes)
    InferenceException e =
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
            java.time.Duration.ofSeconds(30),
            () ->
                assertThrows(
                    InferenceException.class,
                    () -> VideoInference.inferOnStream(client, url, "coco-nanodet/1", null)));
    long took = (System.nanoTime() - t0) / 1_000_000;
    assertEquals(true, e.getMessage().startsWith("Could not open video " + url), e.getMessage());
    assertEquals(true, took < 5_000, "refused in " + took + " ms");
  }
}
