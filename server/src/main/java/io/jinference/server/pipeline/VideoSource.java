package io.jinference.server.pipeline;

import io.jinference.server.image.DecodedImage;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One video source read on its own thread with JavaCV's FFmpeg grabber into a {@link FrameBuffer}:
 * a file is read once to its end; a stream that drops is reopened after a pause, until the pipeline
 * stops it. Every network read is bounded by FFmpeg's own timeouts, so the thread never hangs on a
 * silent peer, and a stream may not fall back on local files (FFmpeg's protocol whitelist).
 */
final class VideoSource {
  private static final Logger LOG = LoggerFactory.getLogger(VideoSource.class);
  private static final long MAX_RECONNECT_PAUSE_MS = 5_000;

  enum State {
    NOT_STARTED,
    INITIALISING,
    RUNNING,
    MUTED,
    RESTARTING,
    ENDED,
    ERROR,
    TERMINATED
  }

  /**
   * What limits a source: its frame rate cap, the read timeout, the largest frame, and the bytes
   * its buffered frames may take (the buffer holds fewer frames than asked when they are large).
   */
  record Limits(Double maxFps, long timeoutMs, long maxPixels, long maxBufferBytes) {}

  /** How a source reaches the network, under the server's URL policy. */
  interface Network {
    /** An http(s) stream, read by the server's own client (each redirect checked). */
    java.io.InputStream open(String url);

    /**
     * An RTSP or RTMP URL checked against the policy now, as FFmpeg is to open it: with the checked
     * address (or a relay to it) in place of the host, so that FFmpeg neither resolves the name
     * again nor follows a redirect around the policy.
     */
    Link link(String url) throws java.io.IOException;
  }

  /** The URL FFmpeg opens for a stream, and what ends with the grabber. */
  interface Link extends AutoCloseable {
    String url();

    /** Why the link ended the stream itself (a refused redirect), or null. */
    default String refusal() {
      return null;
    }

    @Override
    default void close() {}
  }

  /** Containers a stream read through Java may be: no playlists, which would open more URLs. */
  private static final String STREAM_FORMATS =
      "mpjpeg,mjpeg,mpegts,flv,matroska,webm,mov,mp4,m4a,3gp,3g2,mj2,h264,hevc,avi,ogg";

  private final int sourceId;
  private final SourceReference reference;
  private final FrameBuffer buffer;
  private final Limits limits;
  private final StatusUpdates updates;
  private final Network http;
  private final AtomicLong framesRead = new AtomicLong();
  private final AtomicLong framesDropped = new AtomicLong();
  private final AdaptiveDropping adaptive; // null unless an ADAPTIVE_* strategy
  private volatile State state = State.NOT_STARTED;
  private volatile boolean muted;
  private volatile boolean stopping;
  private volatile int width;
  private volatile int height;
  private volatile double fps;
  private volatile long totalFrames;
  private FFmpegFrameGrabber opened;
  private volatile Link link; // the open stream's, closed with its grabber or by stop()
  private Thread thread;

  VideoSource(
      int sourceId,
      SourceReference reference,
      int bufferSize,
      BufferFilling filling,
      Limits limits,
      StatusUpdates updates,
      Network http) {
    this.sourceId = sourceId;
    this.http = http;
    this.reference = reference;
    this.limits = limits;
    this.updates = updates;
    this.adaptive = filling.adaptive() ? new AdaptiveDropping(System::nanoTime) : null;
    this.buffer =
        new FrameBuffer(
            bufferSize,
            filling,
            framesDropped::incrementAndGet,
            adaptive == null ? () -> {} : adaptive::taken);
  }

  int sourceId() {
    return sourceId;
  }

  FrameBuffer buffer() {
    return buffer;
  }

  State state() {
    return state;
  }

  long framesRead() {
    return framesRead.get();
  }

  long framesDropped() {
    return framesDropped.get();
  }

  /**
   * Opens a file now, on the caller's thread, so that a file that is not a video is refused when
   * the pipeline is asked for; streams open on the source's thread (they may take seconds and are
   * retried).
   */
  void openFileNow() throws VideoSourceException {
    if (reference.isFile()) {
      opened = open();
    }
  }

  void start(String threadName) {
    state = State.INITIALISING;
    thread = new Thread(this::run, threadName);
    thread.setDaemon(true);
    thread.start();
  }

  void mute() {
    muted = true;
  }

  void resume() {
    if (adaptive != null) {
      adaptive.resumed();
    }
    muted = false;
  }

  /**
   * Stops reading: wakes a reader waiting for room, ends the buffer, and waits up to {@code waitMs}
   * for the thread (a read in progress ends within FFmpeg's or the HTTP client's timeout).
   */
  void stop(long waitMs) {
    stopping = true;
    buffer.close();
    Link l = link;
    if (l != null) {
      l.close(); // a read or an open waiting on the camera fails now, not at its timeout
    }
    if (thread == null) {
      if (opened != null) {
        closeQuietly(opened); // opened for the check at initialise, never read
      }
    } else if (waitMs > 0) { // join(0) would wait for ever
      try {
        thread.join(waitMs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    state = State.TERMINATED;
  }

  /** Roboflow's {@code SourceMetadata}: properties, reference, id and state. */
  Map<String, Object> describe() {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("width", width);
    properties.put("height", height);
    properties.put("total_frames", totalFrames);
    properties.put("is_file", reference.isFile());
    properties.put("fps", fps);
    properties.put("is_reconnectable", !reference.isFile());
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("source_properties", properties);
    d.put("source_reference", reference.display());
    d.put("source_id", sourceId);
    d.put("state", state.name());
    d.put("frames_read", framesRead.get());
    d.put("frames_dropped", framesDropped.get());
    d.put("buffer_capacity", buffer.capacity());
    return d;
  }

  private void run() {
    long frameId = 0;
    long pause = 500;
    OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
    try {
      while (!stopping) {
        FFmpegFrameGrabber grabber = opened;
        opened = null;
        try {
          if (grabber == null) {
            grabber = open();
          }
          state = muted ? State.MUTED : State.RUNNING;
          update("INFO", "SOURCE_CONNECTION_ESTABLISHED", Map.of());
          pause = 500;
          frameId = read(grabber, converter, frameId);
        } catch (VideoSourceException e) {
          update(
              "ERROR", "SOURCE_CONNECTION_ATTEMPT_FAILED", Map.of("error_message", e.getMessage()));
          if (reference.isFile()) {
            state = State.ERROR;
            return;
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        } finally {
          if (grabber != null) {
            closeQuietly(grabber);
          }
        }
        if (stopping) {
          return;
        }
        if (reference.isFile()) {
          state = State.ENDED;
          update("INFO", "SOURCE_END", Map.of("frames_read", framesRead.get()));
          return;
        }
        state = State.RESTARTING;
        update("WARNING", "SOURCE_CONNECTION_LOST", Map.of("reconnect_in_ms", pause));
        try {
          Thread.sleep(pause);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        pause = Math.min(MAX_RECONNECT_PAUSE_MS, pause * 2);
      }
    } catch (RuntimeException e) {
      LOG.warn("Video source {} failed", reference.display(), e);
      state = State.ERROR;
      update("ERROR", "SOURCE_ERROR", Map.of("error_message", String.valueOf(e.getMessage())));
    } finally {
      buffer.end();
      if (stopping) {
        state = State.TERMINATED;
      }
    }
  }

  /** Reads frames until the end, a stop or a read error; returns the last frame number. */
  private long read(FFmpegFrameGrabber grabber, OpenCVFrameConverter.ToMat converter, long frameId)
      throws InterruptedException {
    double minGap = limits.maxFps() == null || limits.maxFps() <= 0 ? 0 : 1.0 / limits.maxFps();
    double lastKept = Double.NEGATIVE_INFINITY;
    long startNanos = System.nanoTime();
    if (adaptive != null) {
      adaptive.reset(); // a new connection: paces are measured again
    }
    while (!stopping) {
      Frame frame;
      // an adaptive skip is decided before the grab, so that a skipped frame is decoded (the
      // decoder needs it) but not converted to BGR
      boolean skip = adaptive != null && !muted && adaptive.drop(fps);
      try {
        frame = skip ? grabber.grabFrame(false, true, false, false, false) : grabber.grabImage();
      } catch (FFmpegFrameGrabber.Exception e) {
        update(
            "WARNING", "FRAME_READ_ERROR", Map.of("error_message", String.valueOf(e.getMessage())));
        return frameId;
      }
      if (frame == null || frame.image == null) {
        return frameId;
      }
      frameId++;
      framesRead.incrementAndGet();
      if (adaptive != null) {
        adaptive.grabbed();
      }
      if (skip) {
        framesDropped.incrementAndGet();
        continue;
      }
      if (muted) {
        state = State.MUTED;
        framesDropped.incrementAndGet();
        continue;
      }
      state = State.RUNNING;
      // max_fps: a file's frames are thinned by their own timestamps, a stream's by the clock
      double at =
          reference.isFile()
              ? grabber.getTimestamp() / 1_000_000.0
              : (System.nanoTime() - startNanos) / 1e9;
      if (minGap > 0 && at - lastKept < minGap - 1e-6) {
        continue;
      }
      lastKept = at;
      Mat view = converter.convert(frame);
      if (view == null || view.channels() != 3) {
        framesDropped.incrementAndGet();
        continue;
      }
      if (adaptive != null) {
        adaptive.prepared();
      }
      // the grabber reuses its frame buffer: the pipeline gets its own copy
      VideoFrame f =
          new VideoFrame(
              DecodedImage.ofBgr(view.clone()),
              frameId,
              Instant.now(),
              sourceId,
              fps,
              reference.isFile());
      if (!buffer.put(f)) {
        return frameId;
      }
    }
    return frameId;
  }

  private FFmpegFrameGrabber open() throws VideoSourceException {
    FFmpegFrameGrabber g;
    boolean viaJava = false;
    if (reference.kind() == SourceReference.Kind.CAMERA) {
      g = new FFmpegFrameGrabber(reference.location());
      g.setFormat("video4linux2");
    } else if (reference.kind() == SourceReference.Kind.STREAM
        && reference.location().regionMatches(true, 0, "http", 0, 4)) {
      java.io.InputStream in;
      try {
        in = http.open(reference.location());
      } catch (io.jinference.server.error.ApiException e) {
        throw new VideoSourceException(
            "Could not open video source " + reference.display() + ": " + e.getMessage());
      }
      g = new FFmpegFrameGrabber(in, 0); // 0: no seeking, nothing kept for it
      g.setOption("format_whitelist", STREAM_FORMATS);
      viaJava = true;
    } else if (reference.kind() == SourceReference.Kind.STREAM) {
      try {
        link = http.link(reference.location());
      } catch (io.jinference.server.error.ApiException | java.io.IOException e) {
        throw new VideoSourceException(
            "Could not open video source " + reference.display() + ": " + e.getMessage());
      }
      if (stopping) { // stop() closes the link it sees; this one it may have missed
        link.close();
      }
      g = new FFmpegFrameGrabber(link.url());
    } else {
      g = new FFmpegFrameGrabber(reference.location());
    }
    long micros = limits.timeoutMs() * 1000;
    if (reference.kind() == SourceReference.Kind.STREAM && !viaJava) {
      g.setOption("rw_timeout", String.valueOf(micros));
      if (reference.location().startsWith("rtsp")) {
        // RTSP's socket timeout. Not for RTMP, where "timeout" means "listen for a publisher that
        // long" and turns the reader into a server (found by PipelineStreamsTest's RTMP source).
        g.setOption("timeout", String.valueOf(micros));
      }
      // a playlist from the network must not read this machine's files
      g.setOption(
          "protocol_whitelist", "tcp,udp,rtp,rtsp,rtmp,rtmps,tls,http,https,httpproxy,crypto,hls");
      if (reference.location().startsWith("rtsp")) {
        g.setOption("rtsp_transport", "tcp");
      }
    } else if (reference.isFile()) {
      g.setOption("protocol_whitelist", "file");
    }
    g.setTimeout((int) Math.min(Integer.MAX_VALUE, limits.timeoutMs()));
    g.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
    try {
      // Not start(): JavaCV's start() and release() hold one JVM-wide lock (avcodec.class) while
      // they open, so one source waiting on a silent peer for its timeout would stall every other
      // pipeline's start and stop. FFmpeg has opened inputs and codecs concurrently since 4.0.
      g.startUnsafe();
    } catch (FFmpegFrameGrabber.Exception | RuntimeException e) {
      String refusal = link == null ? null : link.refusal();
      closeQuietly(g);
      if (refusal != null) {
        throw new VideoSourceException(
            "Could not open video source " + reference.display() + ": " + refusal);
      }
      throw new VideoSourceException(
          reference.kind() == SourceReference.Kind.CAMERA
              ? "Could not open camera "
                  + reference.display()
                  + " ("
                  + reference.location()
                  + "): no such video device, or it is busy."
              : "Could not open video source "
                  + reference.display()
                  + ": not a readable video or stream.");
    }
    int w = g.getImageWidth();
    int h = g.getImageHeight();
    if (w <= 0 || h <= 0) {
      closeQuietly(g);
      throw new VideoSourceException(
          "Video source " + reference.display() + " has no video stream.");
    }
    if ((long) w * h > limits.maxPixels()) {
      closeQuietly(g);
      throw new VideoSourceException(
          "Video source "
              + reference.display()
              + " has frames of "
              + w
              + "x"
              + h
              + " pixels, more than MAX_IMAGE_PIXELS ("
              + limits.maxPixels()
              + ").");
    }
    buffer.limit((int) Math.min(Integer.MAX_VALUE, limits.maxBufferBytes() / (3L * w * h)));
    width = w;
    height = h;
    fps = g.getFrameRate();
    totalFrames = reference.isFile() ? Math.max(0, g.getLengthInFrames()) : 0;
    return g;
  }

  private void update(String severity, String event, Map<String, Object> extra) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("source_id", sourceId);
    payload.put("source_reference", reference.display());
    payload.putAll(extra);
    updates.add(severity, event, payload, "video_source");
  }

  private void closeQuietly(FFmpegFrameGrabber g) {
    try {
      g.releaseUnsafe(); // without JavaCV's JVM-wide lock, as startUnsafe() above
    } catch (Exception | Error e) {
      LOG.debug("Closing a video grabber failed", e);
    }
    Link l = link;
    if (l != null) {
      link = null;
      l.close();
    }
  }
}
