package io.jinference.server.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jinference.server.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ADAPTIVE_DROP_OLDEST source whose reader is slower than its decoding: frames are skipped
 * before the buffer is full (its capacity exceeds the video, so no skip here is the buffer's), and
 * the frames kept are exactly the frames a plain decode gives at the same numbers, so the skipped
 * ones were still decoded (the video changes picture every 5 frames: a P-frame decoded without its
 * predecessor would differ).
 */
class AdaptiveSourceTest {
  @Test
  void framesAreSkippedWhileTheReaderLagsAndTheKeptOnesDecodeExactly(@TempDir Path dir)
      throws Exception {
    Path video = dir.resolve("changing.mp4");
    List<Path> photos = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      for (String p : PipelinesTest.PHOTOS) {
        photos.add(TestServer.photoPath(p));
      }
    }
    TestVideos.write(video, photos, 5, 64, 48, 30); // 3000 frames
    int total = photos.size() * 5;
    VideoSource source =
        new VideoSource(
            0,
            SourceReference.file("file:" + video, video.toString()),
            total + 1,
            BufferFilling.ADAPTIVE_DROP_OLDEST,
            new VideoSource.Limits(null, 5_000, 10_000_000, Long.MAX_VALUE),
            new StatusUpdates(),
            null);
    source.openFileNow();
    source.start("adaptive-test");
    List<VideoFrame> kept = new ArrayList<>();
    try {
      while (true) {
        VideoFrame f = source.buffer().take(BufferConsumption.LAZY, 5_000);
        if (f == null) {
          assertTrue(source.buffer().exhausted(), "the source ended");
          break;
        }
        kept.add(f);
        Thread.sleep(5); // a reader at most 200 frames/s, against a decoder many times faster
      }
      assertEquals(total, source.framesRead(), "every frame was grabbed, skipped or not");
      assertTrue(source.framesDropped() > 0, "frames were skipped");
      assertEquals(total, kept.size() + source.framesDropped(), "each frame kept or skipped");
      List<Long> ids = kept.stream().map(VideoFrame::frameId).toList();
      List<Long> sorted = new ArrayList<>(ids);
      Collections.sort(sorted);
      assertEquals(sorted, ids, "in order");
      List<byte[]> plain = TestVideos.framesAsPng(video);
      assertEquals(total, plain.size());
      for (VideoFrame f : kept) {
        assertArrayEquals(
            pixels(
                opencv_imgcodecs.imdecode(
                    new Mat(new BytePointer(plain.get((int) f.frameId() - 1))), 1)),
            pixels(f.image().bgr()),
            "frame " + f.frameId());
      }
    } finally {
      source.stop(1_000);
      kept.forEach(VideoFrame::close);
    }
  }

  private static byte[] pixels(Mat m) {
    byte[] b = new byte[(int) (m.total() * m.channels())];
    m.data().get(b);
    return b;
  }
}
