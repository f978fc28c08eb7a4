package io.jinference.server.pipeline;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A live RTSP camera on loopback, as IP cameras serve it: RTSP 1.0 (RFC 2326) with RTP over the
 * RTSP connection (interleaved TCP, the transport the server asks for), H.264 packetised as RFC
 * 6184 says (single NAL units and FU-A fragments), one photo at about {@code fps}. FFmpeg has no
 * RTSP server mode for players, hence this one; it answers what FFmpeg's RTSP client sends
 * (OPTIONS, DESCRIBE, SETUP, PLAY, GET_PARAMETER, TEARDOWN), optionally asks for Basic credentials,
 * and optionally answers DESCRIBE with a redirect, as a hostile camera could.
 */
final class RtspStream implements AutoCloseable {
  private static final int PAYLOAD = 1400;

  private final int fps;
  private final ServerSocket socket;
  private final List<byte[]> frames; // access units, each a list of NAL units in Annex B
  private final String sps;
  private final String pps;
  private final List<Socket> connections = new CopyOnWriteArrayList<>();
  private final AtomicInteger sent = new AtomicInteger();
  private final AtomicInteger describes = new AtomicInteger();
  private volatile String credentials; // "user:password" for Basic, or null
  private volatile String redirect; // a Location for DESCRIBE, or null
  private volatile Exception failure;
  private volatile boolean closed;

  RtspStream(byte[] jpeg, int fps) throws Exception {
    this.fps = fps;
    List<byte[]> nals = split(encode(jpeg, fps));
    String s = null;
    String p = null;
    for (byte[] nal : nals) {
      int type = nal[0] & 0x1f;
      if (type == 7 && s == null) {
        s = Base64.getEncoder().encodeToString(nal);
      } else if (type == 8 && p == null) {
        p = Base64.getEncoder().encodeToString(nal);
      }
    }
    this.sps = s;
    this.pps = p;
    this.frames = accessUnits(nals);
    this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "rtsp-stream");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Asks every client for these credentials with HTTP Basic, as a camera with a password does. */
  RtspStream requireCredentials(String user, String password) {
    this.credentials = user + ":" + password;
    return this;
  }

  /** Answers every DESCRIBE with a redirect to {@code location}. */
  RtspStream redirectTo(String location) {
    this.redirect = location;
    return this;
  }

  String url() {
    return "rtsp://127.0.0.1:" + port() + "/live";
  }

  int port() {
    return socket.getLocalPort();
  }

  /** RTP packets sent so far, all clients together. */
  int sent() {
    return sent.get();
  }

  /** DESCRIBE requests answered (with the stream, a redirect or a 401). */
  int describes() {
    return describes.get();
  }

  Exception failure() {
    return failure;
  }

  private void accept() {
    try {
      while (!closed) {
        Socket c = socket.accept();
        connections.add(c);
        Thread t = new Thread(() -> serve(c), "rtsp-client");
        t.setDaemon(true);
        t.start();
      }
    } catch (IOException e) {
      // closed
    }
  }

  private void serve(Socket c) {
    Thread player = null;
    try (c) {
      DataInputStream in = new DataInputStream(c.getInputStream());
      OutputStream out = c.getOutputStream();
      while (!closed) {
        int first = in.read();
        if (first < 0) {
          return;
        }
        if (first == '$') { // the client's RTCP reports, interleaved: read and ignore
          in.readUnsignedByte();
          in.skipNBytes(in.readUnsignedShort());
          continue;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        String requestLine = (char) first + line(in);
        for (String h = line(in); !h.isEmpty(); h = line(in)) {
          int colon = h.indexOf(':');
          headers.put(
              h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
        }
        in.skipNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
        String[] parts = requestLine.split(" ");
        String method = parts[0];
        String cseq = headers.getOrDefault("cseq", "0");
        if (method.equals("DESCRIBE")) {
          describes.incrementAndGet();
        }
        String expected =
            credentials == null
                ? null
                : "Basic "
                    + Base64.getEncoder()
                        .encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
        if (expected != null
            && !method.equals("OPTIONS")
            && !expected.equals(headers.get("authorization"))) {
          reply(out, "401 Unauthorized", cseq, "WWW-Authenticate: Basic realm=\"camera\"\r\n", "");
          continue;
        }
        switch (method) {
          case "OPTIONS" ->
              reply(
                  out,
                  "200 OK",
                  cseq,
                  "Public: OPTIONS, DESCRIBE, SETUP, PLAY, GET_PARAMETER, TEARDOWN\r\n",
                  "");
          case "DESCRIBE" -> {
            if (redirect != null) {
              reply(out, "302 Found", cseq, "Location: " + redirect + "\r\n", "");
            } else {
              reply(
                  out,
                  "200 OK",
                  cseq,
                  "Content-Base: " + parts[1] + "/\r\nContent-Type: application/sdp\r\n",
                  sdp());
            }
          }
          case "SETUP" -> {
            if (!headers.getOrDefault("transport", "").contains("RTP/AVP/TCP")) {
              reply(out, "461 Unsupported Transport", cseq, "", "");
            } else {
              reply(
                  out,
                  "200 OK",
                  cseq,
                  "Transport: RTP/AVP/TCP;unicast;interleaved=0-1\r\nSession: 12345678\r\n",
                  "");
            }
          }
          case "PLAY" -> {
            reply(out, "200 OK", cseq, "Session: 12345678\r\nRange: npt=0.000-\r\n", "");
            if (player == null) {
              player = new Thread(() -> play(c, out), "rtsp-player");
              player.setDaemon(true);
              player.start();
            }
          }
          case "GET_PARAMETER" -> reply(out, "200 OK", cseq, "Session: 12345678\r\n", "");
          case "TEARDOWN" -> {
            reply(out, "200 OK", cseq, "Session: 12345678\r\n", "");
            return;
          }
          default -> reply(out, "405 Method Not Allowed", cseq, "", "");
        }
      }
    } catch (IOException e) {
      // the client went away
    } catch (RuntimeException e) {
      failure = e;
    } finally {
      if (player != null) {
        player.interrupt();
      }
    }
  }

  private String sdp() {
    return "v=0\r\n"
        + "o=- 0 0 IN IP4 127.0.0.1\r\n"
        + "s=jinference test camera\r\n"
        + "c=IN IP4 0.0.0.0\r\n"
        + "t=0 0\r\n"
        + "a=control:*\r\n"
        + "m=video 0 RTP/AVP 96\r\n"
        + "a=rtpmap:96 H264/90000\r\n"
        + "a=fmtp:96 packetization-mode=1;sprop-parameter-sets="
        + sps
        + ","
        + pps
        + "\r\n"
        + "a=control:trackID=0\r\n";
  }

  /** Sends the frames in a loop, one access unit per 1/fps seconds, until the client goes. */
  private void play(Socket c, OutputStream out) {
    int sequence = 0;
    long frame = 0;
    try {
      while (!closed && !c.isClosed()) {
        byte[] au = frames.get((int) (frame % frames.size()));
        int timestamp = (int) (frame * 90_000 / fps);
        List<byte[]> nals = split(au);
        for (int n = 0; n < nals.size(); n++) {
          boolean lastNal = n == nals.size() - 1;
          List<byte[]> packets = packetise(nals.get(n));
          for (int k = 0; k < packets.size(); k++) {
            boolean marker = lastNal && k == packets.size() - 1;
            byte[] rtp = rtp(packets.get(k), marker, sequence++, timestamp);
            synchronized (out) {
              out.write('$');
              out.write(0);
              out.write(rtp.length >> 8);
              out.write(rtp.length & 0xff);
              out.write(rtp);
              out.flush();
            }
            sent.incrementAndGet();
          }
        }
        frame++;
        Thread.sleep(1000L / fps);
      }
    } catch (IOException | InterruptedException e) {
      // the client went away, or the stream closed
    }
  }

  /** RFC 6184: a NAL unit that fits is its own payload, a larger one is cut into FU-A fragments. */
  private static List<byte[]> packetise(byte[] nal) {
    List<byte[]> payloads = new ArrayList<>();
    if (nal.length <= PAYLOAD) {
      payloads.add(nal);
      return payloads;
    }
    byte indicator = (byte) ((nal[0] & 0xe0) | 28);
    int type = nal[0] & 0x1f;
    for (int offset = 1; offset < nal.length; offset += PAYLOAD - 2) {
      int length = Math.min(PAYLOAD - 2, nal.length - offset);
      byte[] p = new byte[length + 2];
      p[0] = indicator;
      p[1] = (byte) ((offset == 1 ? 0x80 : 0) | (offset + length == nal.length ? 0x40 : 0) | type);
      System.arraycopy(nal, offset, p, 2, length);
      payloads.add(p);
    }
    return payloads;
  }

  private static byte[] rtp(byte[] payload, boolean marker, int sequence, int timestamp) {
    byte[] p = new byte[12 + payload.length];
    p[0] = (byte) 0x80; // version 2
    p[1] = (byte) ((marker ? 0x80 : 0) | 96);
    p[2] = (byte) (sequence >> 8);
    p[3] = (byte) sequence;
    for (int i = 0; i < 4; i++) {
      p[4 + i] = (byte) (timestamp >> (24 - 8 * i));
      p[8 + i] = (byte) (0x4a494e46 >> (24 - 8 * i)); // SSRC
    }
    System.arraycopy(payload, 0, p, 12, payload.length);
    return p;
  }

  private static void reply(
      OutputStream out, String status, String cseq, String headers, String body)
      throws IOException {
    byte[] content = body.getBytes(StandardCharsets.UTF_8);
    String head =
        "RTSP/1.0 "
            + status
            + "\r\nCSeq: "
            + cseq
            + "\r\n"
            + headers
            + "Content-Length: "
            + content.length
            + "\r\n\r\n";
    synchronized (out) {
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(content);
      out.flush();
    }
  }

  private static String line(DataInputStream in) throws IOException {
    StringBuilder b = new StringBuilder();
    for (int ch = in.read(); ch >= 0 && ch != '\n'; ch = in.read()) {
      if (ch != '\r') {
        b.append((char) ch);
      }
    }
    return b.toString();
  }

  /** One second of the photo as H.264 (Annex B), a key frame first, no B-frames. */
  private static byte[] encode(byte[] jpeg, int fps) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
    try (Mat photo = opencv_imgcodecs.imdecode(new Mat(new BytePointer(jpeg)), 1);
        FFmpegFrameRecorder recorder =
            new FFmpegFrameRecorder(bytes, photo.cols(), photo.rows(), 0)) {
      recorder.setFormat("h264");
      recorder.setVideoCodec(avcodec.AV_CODEC_ID_H264);
      recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
      recorder.setFrameRate(fps);
      recorder.setGopSize(fps);
      recorder.setVideoBitrate(8_000_000);
      recorder.setVideoOption("preset", "ultrafast"); // no B-frames: decode order is display order
      recorder.setVideoOption("threads", "1"); // one slice per frame
      recorder.start();
      Frame frame = converter.convert(photo);
      for (int i = 0; i < fps; i++) {
        recorder.record(frame, avutil.AV_PIX_FMT_BGR24);
      }
      recorder.stop();
    }
    return bytes.toByteArray();
  }

  /** The NAL units of an Annex B stream, without their start codes. */
  private static List<byte[]> split(byte[] annexB) {
    List<Integer> starts = new ArrayList<>();
    List<Integer> codeStarts = new ArrayList<>();
    for (int i = 0; i + 2 < annexB.length; i++) {
      if (annexB[i] == 0 && annexB[i + 1] == 0 && annexB[i + 2] == 1) {
        codeStarts.add(i > 0 && annexB[i - 1] == 0 ? i - 1 : i);
        starts.add(i + 3);
        i += 2;
      }
    }
    List<byte[]> nals = new ArrayList<>();
    for (int k = 0; k < starts.size(); k++) {
      int end = k + 1 < starts.size() ? codeStarts.get(k + 1) : annexB.length;
      byte[] nal = new byte[end - starts.get(k)];
      System.arraycopy(annexB, starts.get(k), nal, 0, nal.length);
      nals.add(nal);
    }
    return nals;
  }

  /**
   * Groups NAL units into access units (frames), each again in Annex B: a frame ends with its slice
   * (one slice per frame, see {@link #encode}).
   */
  private static List<byte[]> accessUnits(List<byte[]> nals) {
    List<byte[]> units = new ArrayList<>();
    ByteArrayOutputStream au = new ByteArrayOutputStream();
    for (byte[] nal : nals) {
      au.writeBytes(new byte[] {0, 0, 0, 1});
      au.writeBytes(nal);
      int type = nal[0] & 0x1f;
      if (type == 1 || type == 5) {
        units.add(au.toByteArray());
        au.reset();
      }
    }
    return units;
  }

  @Override
  public void close() throws IOException {
    closed = true;
    socket.close();
    for (Socket c : connections) {
      c.close();
    }
  }
}
