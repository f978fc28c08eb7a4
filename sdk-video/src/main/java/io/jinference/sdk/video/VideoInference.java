package io.jinference.sdk.video;

import io.jinference.sdk.ImageSource;
import io.jinference.sdk.InferenceException;
import io.jinference.sdk.InferenceHTTPClient;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.jspecify.annotations.Nullable;

/**
 * Client-side video: reads the frames of a video file or a stream (RTSP, RTMP, HTTP) on this
 * machine with JavaCV over FFmpeg and sends each to a server through {@link
 * InferenceHTTPClient#infer(ImageSource, String)}, as the Python client's {@code infer_on_stream}
 * does. Any Roboflow-Inference-compatible server answers; for the server to read the video itself,
 * use its inference pipelines ({@code client.pipelines()}).
 *
 * <pre>{@code
 * try (Stream<VideoPrediction> frames =
 *     VideoInference.inferOnStream(client, "rtsp://camera.local/stream", "coco/3", 5.0)) {
 *   frames.limit(100).forEach(p -> System.out.println(p.frameId() + ": " + p.result()));
 * }
 * }</pre>
 */
public final class VideoInference {
  private static final int TIMEOUT_MS = 10_000;

  private VideoInference() {}

  /**
   * Every frame of {@code video}, in order, each inferred by {@code modelId}; blocks until the end
   * of the file.
   */
  public static void inferOnVideo(
      InferenceHTTPClient client,
      Path video,
      String modelId,
      Consumer<VideoPrediction> onPrediction) {
    try (Stream<VideoPrediction> frames = inferOnStream(client, video.toString(), modelId, null)) {
      frames.forEach(onPrediction);
    }
  }

  /**
   * The frames of a video file or stream as a lazy, ordered stream of predictions: a frame is read
   * and sent when the stream asks for the next one. Close the stream to close the source.
   *
   * @param maxFps the most frames per second sent (by the frames' timestamps); null for every frame
   */
  public static Stream<VideoPrediction> inferOnStream(
      InferenceHTTPClient client, String videoReference, String modelId, @Nullable Double maxFps) {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(modelId, "modelId");
    FFmpegFrameGrabber grabber = open(videoReference);
    Frames frames = new Frames(client, grabber, videoReference, modelId, maxFps);
    return StreamSupport.stream(frames, false).onClose(frames::close);
  }

  private static FFmpegFrameGrabber open(String reference) {
    FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(reference);
    String micros = String.valueOf(TIMEOUT_MS * 1000L);
    if (reference.contains("://")) {
      grabber.setOption("rw_timeout", micros);
      if (reference.startsWith("rtsp")) {
        // RTSP's socket timeout; for RTMP "timeout" would mean "listen for a publisher"
        grabber.setOption("timeout", micros);
      }
    }
    grabber.setTimeout(TIMEOUT_MS);
    grabber.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
    try {
      // not start(), which holds JavaCV's JVM-wide lock while a stream connects
      grabber.startUnsafe();
    } catch (FFmpegFrameGrabber.Exception | RuntimeException e) {
      try {
        grabber.close();
      } catch (Exception ignored) {
        // nothing more to free
      }
      throw new InferenceException("Could not open video " + reference + ": " + e.getMessage(), e);
    }
    return grabber;
  }

  /** Reads, thins and infers one frame per step. */
  private static final class Frames extends Spliterators.AbstractSpliterator<VideoPrediction> {
    private final InferenceHTTPClient client;
    private final FFmpegFrameGrabber grabber;
    private final String reference;
    private final String modelId;
    private final double minGapSeconds;
    private double lastSent = Double.NEGATIVE_INFINITY;
    private long frameId;
    private boolean closed;

    Frames(
        InferenceHTTPClient client,
        FFmpegFrameGrabber grabber,
        String reference,
        String modelId,
        @Nullable Double maxFps) {
      super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL);
      this.client = client;
      this.grabber = grabber;
      this.reference = reference;
      this.modelId = modelId;
      this.minGapSeconds = maxFps == null || maxFps <= 0 ? 0 : 1.0 / maxFps;
    }

    @Override
    public boolean tryAdvance(Consumer<? super VideoPrediction> action) {
      while (!closed) {
        Frame frame;
        try {
          frame = grabber.grabImage();
        } catch (FFmpegFrameGrabber.Exception e) {
          throw new InferenceException(
              "Could not read video " + reference + ": " + e.getMessage(), e);
        }
        if (frame == null || frame.image == null) {
          close();
          return false;
        }
        frameId++;
        double at = grabber.getTimestamp() / 1_000_000.0;
        if (minGapSeconds > 0 && at - lastSent < minGapSeconds - 1e-6) {
          continue;
        }
        lastSent = at;
        // a converter per frame: Java2DFrameConverter reuses its image, and each prediction keeps
        // its own
        BufferedImage image = new Java2DFrameConverter().convert(frame);
        action.accept(
            new VideoPrediction(
                reference, frameId, image, client.infer(ImageSource.image(image), modelId)));
        return true;
      }
      return false;
    }

    void close() {
      if (!closed) {
        closed = true;
        try {
          grabber.close();
        } catch (Exception e) {
          // the source is gone either way
        }
      }
    }
  }
}
