package io.jinference.server.pipeline;

import io.jinference.server.error.ApiException;
import io.jinference.server.image.UrlPolicy;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FFmpeg's one RTSP connection, relayed on loopback to the camera address the URL policy checked.
 *
 * <p>Why: FFmpeg's RTSP client follows a redirect (a 3xx answer with a {@code Location}) to any
 * host, resolving and connecting by itself, around the URL policy (measured: a camera's redirect to
 * a blacklisted address was connected to). FFmpeg offers no option to stop it, so FFmpeg talks to
 * this relay instead, which reads the camera's side of the conversation (RTSP answers, and RTP
 * interleaved in {@code $}-frames, the TCP transport the server asks for): a redirect to an address
 * the policy allows is rewritten to a new relay to that checked address; one it refuses, or past
 * {@link #MAX_REDIRECTS}, ends the connection and is reported. FFmpeg's side is copied unread.
 *
 * <p>Plain {@code rtsp://} only: an {@code rtsps://} conversation is encrypted, and FFmpeg's own
 * redirect handling stays there (see docs/compatibility.md).
 */
final class RtspRelay implements VideoSource.Link {
  static final int MAX_REDIRECTS = 3;
  private static final Logger LOG = LoggerFactory.getLogger(RtspRelay.class);
  private static final int MAX_HEADER_BYTES = 64 * 1024;
  private static final int MAX_BODY_BYTES = 1024 * 1024;

  private final UrlPolicy.Destination camera;
  private final Function<String, UrlPolicy.Destination> policy;
  private final int timeoutMs;
  private final int redirectsLeft;
  private final ServerSocket listener;
  private final List<AutoCloseable> sockets = new CopyOnWriteArrayList<>();
  // relays made for redirects: FFmpeg leaves this connection for theirs, so they outlive it
  private final List<RtspRelay> redirects = new CopyOnWriteArrayList<>();
  private volatile String refusal;
  private volatile boolean closed;

  /**
   * Listens on loopback for FFmpeg's connection (for {@code timeoutMs} at most), then connects to
   * the first checked address of {@code camera}.
   *
   * @param policy checks a redirect's {@code Location}, throwing the policy's refusal
   */
  RtspRelay(
      UrlPolicy.Destination camera,
      Function<String, UrlPolicy.Destination> policy,
      int timeoutMs,
      int redirectsLeft)
      throws IOException {
    this.camera = camera;
    this.policy = policy;
    this.timeoutMs = timeoutMs;
    this.redirectsLeft = redirectsLeft;
    this.listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    listener.setSoTimeout(timeoutMs);
    sockets.add(listener);
    Thread t = new Thread(this::run, "rtsp-relay-" + listener.getLocalPort());
    t.setDaemon(true);
    t.start();
  }

  /** The camera's URL with the relay in place of the host: what FFmpeg is given. */
  @Override
  public String url() {
    return PinnedUrl.withHost(camera.uri(), "127.0.0.1", listener.getLocalPort());
  }

  @Override
  public String refusal() {
    String own = refusal;
    if (own != null) {
      return own;
    }
    for (RtspRelay r : redirects) {
      if (r.refusal() != null) {
        return r.refusal();
      }
    }
    return null;
  }

  private void run() {
    try {
      Socket ffmpeg = listener.accept(); // one connection: FFmpeg's, over which RTP comes too
      sockets.add(ffmpeg);
      listener.close();
      Socket upstream = new Socket();
      sockets.add(upstream);
      int port = camera.uri().getPort() == -1 ? 554 : camera.uri().getPort();
      upstream.connect(new InetSocketAddress(camera.addresses().get(0), port), timeoutMs);
      Thread requests =
          new Thread(() -> copy(ffmpeg, upstream), "rtsp-relay-out-" + listener.getLocalPort());
      requests.setDaemon(true);
      requests.start();
      relayAnswers(
          new DataInputStream(new BufferedInputStream(upstream.getInputStream())),
          ffmpeg.getOutputStream());
    } catch (IOException | RuntimeException e) {
      if (!closed) {
        LOG.debug("RTSP relay to {} ended", camera.addresses().get(0), e);
      }
    } finally {
      endConnection();
    }
  }

  private void copy(Socket from, Socket to) {
    try {
      from.getInputStream().transferTo(to.getOutputStream());
    } catch (IOException e) {
      // either side closed
    } finally {
      endConnection();
    }
  }

  /** Copies the camera's messages to FFmpeg, reading each RTSP answer's head on the way. */
  private void relayAnswers(DataInputStream in, OutputStream out) throws IOException {
    byte[] chunk = new byte[65_536];
    while (!closed) {
      int first = in.read();
      if (first < 0) {
        return;
      }
      if (first == '$') { // interleaved RTP/RTCP: channel, 16-bit length, packet
        int channel = in.readUnsignedByte();
        int length = in.readUnsignedShort();
        in.readFully(chunk, 0, length);
        out.write(new byte[] {'$', (byte) channel, (byte) (length >> 8), (byte) length});
        out.write(chunk, 0, length);
        continue;
      }
      String head = head(first, in);
      String answer = rewriteRedirect(head);
      if (answer == null) {
        return; // refused: the connection ends and FFmpeg's open fails
      }
      out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
      long body = contentLength(head);
      if (body < 0 || body > MAX_BODY_BYTES) {
        throw new IOException("RTSP answer with a body of " + body + " bytes");
      }
      in.readFully(chunk, 0, (int) body); // an SDP, or an error text: small
      out.write(chunk, 0, (int) body);
    }
  }

  /**
   * The head as it goes to FFmpeg: unchanged, or a redirect's {@code Location} replaced by a relay
   * to the checked address; null when the redirect is refused.
   */
  private String rewriteRedirect(String head) {
    String status = head.substring(0, Math.max(0, head.indexOf('\r')));
    if (!status.matches("RTSP/\\S+ 3\\d\\d( .*)?")) { // FFmpeg follows these answers only
      return head;
    }
    String location = header(head, "location");
    if (location == null) {
      refusal = "the camera redirected without a location.";
      return null;
    }
    if (redirectsLeft == 0) {
      refusal = "the camera redirected more than " + MAX_REDIRECTS + " times.";
      return null;
    }
    UrlPolicy.Destination next;
    try {
      next = policy.apply(location);
    } catch (ApiException e) {
      refusal = "the camera redirected to an address that is not allowed: " + e.getMessage();
      return null;
    }
    if (!"rtsp".equalsIgnoreCase(next.uri().getScheme())) {
      refusal = "the camera redirected to another protocol (" + next.uri().getScheme() + ").";
      return null;
    }
    RtspRelay relay;
    try {
      relay = new RtspRelay(next, policy, timeoutMs, redirectsLeft - 1);
    } catch (IOException e) {
      refusal = "could not follow the camera's redirect: " + e.getMessage();
      return null;
    }
    redirects.add(relay);
    StringBuilder rewritten = new StringBuilder();
    for (String line : head.split("\r\n", -1)) {
      rewritten
          .append(
              line.regionMatches(true, 0, "location:", 0, 9) ? "Location: " + relay.url() : line)
          .append("\r\n");
    }
    return rewritten.substring(0, rewritten.length() - 2); // split kept the final empty line
  }

  /** An RTSP message head whose first byte was read, up to and with its blank line. */
  private static String head(int first, InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    head.write(first);
    int matched = 0; // of "\r\n\r\n"
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("the camera closed inside an RTSP answer");
      }
      head.write(b);
      matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
      if (head.size() > MAX_HEADER_BYTES) {
        throw new IOException("RTSP answer head over " + MAX_HEADER_BYTES + " bytes");
      }
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  private static String header(String head, String name) {
    for (String line : head.split("\r\n", -1)) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
        return line.substring(colon + 1).trim();
      }
    }
    return null;
  }

  private static long contentLength(String head) {
    String value = header(head, "content-length");
    try {
      return value == null ? 0 : Long.parseLong(value);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private void endConnection() {
    closed = true;
    for (AutoCloseable c : sockets) {
      try {
        c.close();
      } catch (Exception e) {
        // closing anyway
      }
    }
  }

  /** Ends the relay, and those it made for redirects: FFmpeg's reads on them fail at once. */
  @Override
  public void close() {
    endConnection();
    redirects.forEach(RtspRelay::close);
  }
}
