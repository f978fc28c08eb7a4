package io.jinference.server.pipeline;

import java.net.ServerSocket;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A live RTMP source on loopback, served by FFmpeg itself in listen mode ({@code -listen 1}: FFmpeg
 * acts as the RTMP server a player connects to): one photo as H.264 in FLV at about {@code fps},
 * from the moment a reader connects until closed. FFmpeg serves one reader, which is what a
 * pipeline is.
 */
final class RtmpStream implements AutoCloseable {
  private final byte[] jpeg;
  private final int fps;
  private final String url;
  private final int port;
  private final Thread thread;
  private volatile boolean closed;
  private final java.util.concurrent.atomic.AtomicInteger sent =
      new java.util.concurrent.atomic.AtomicInteger();
  private volatile Exception failure;

  RtmpStream(byte[] jpeg, int fps) throws Exception {
    this.jpeg = jpeg;
    this.fps = fps;
    try (ServerSocket probe = new ServerSocket(0)) {
      this.port = probe.getLocalPort();
    }
    this.url = "rtmp://127.0.0.1:" + port + "/live/test";
    this.thread = new Thread(this::serve, "rtmp-stream");
    thread.setDaemon(true);
    thread.start();
  }

  String url() {
    return url;
  }

  int sent() {
    return sent.get();
  }

  Exception failure() {
    return failure;
  }

  private void serve() {
    OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
    try (Mat photo = opencv_imgcodecs.imdecode(new Mat(new BytePointer(jpeg)), 1);
        FFmpegFrameRecorder recorder =
            new FFmpegFrameRecorder(url, photo.cols(), photo.rows(), 0)) {
      recorder.setFormat("flv");
      recorder.setVideoCodec(avcodec.AV_CODEC_ID_H264);
      recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
      recorder.setFrameRate(fps);
      recorder.setGopSize(fps);
      recorder.setVideoBitrate(8_000_000);
      recorder.setOption("listen", "1");
      // Returns once a reader has connected. Not start(): JavaCV's start() holds a lock on
      // avcodec.class while it opens the output, which here waits for the reader, whose own start()
      // takes the same lock: in one JVM that never connects.
      recorder.startUnsafe();
      Frame frame = converter.convert(photo);
      while (!closed) {
        recorder.record(frame, avutil.AV_PIX_FMT_BGR24);
        sent.incrementAndGet();
        Thread.sleep(1000L / fps);
      }
      recorder.stop();
    } catch (Exception e) {
      if (!closed) {
        failure = e;
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    if (sent.get() == 0) {
      // still waiting for a reader: a connection that says nothing ends FFmpeg's wait
      try (java.net.Socket poke = new java.net.Socket("127.0.0.1", port)) {
        poke.setSoLinger(true, 0);
      } catch (java.io.IOException e) {
        // not listening (any more)
      }
    }
  }
}
