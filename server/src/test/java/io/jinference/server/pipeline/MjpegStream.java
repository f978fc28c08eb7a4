package io.jinference.server.pipeline;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A live camera stand-in on loopback: MJPEG over HTTP ({@code multipart/x-mixed-replace}, as IP
 * cameras serve it), the given JPEG photos in turn at about {@code fps}, until stopped. It can be
 * stopped and started again on the same port, as a camera that drops off the network and comes
 * back.
 */
final class MjpegStream implements AutoCloseable {
  private final List<byte[]> jpegs;
  private final int fps;
  private final AtomicInteger served = new AtomicInteger();
  private HttpServer server;
  private int port;

  MjpegStream(List<byte[]> jpegs, int fps) {
    this.jpegs = jpegs;
    this.fps = fps;
  }

  MjpegStream start() throws IOException {
    // every loopback address (127.0.0.2 too: a redirect test needs a second address)
    server =
        HttpServer.create(
            new InetSocketAddress(java.net.InetAddress.getByName("0.0.0.0"), port), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext(
        "/stream.mjpg",
        exchange -> {
          exchange
              .getResponseHeaders()
              .set("Content-Type", "multipart/x-mixed-replace;boundary=frame");
          exchange.sendResponseHeaders(200, 0);
          try (OutputStream out = exchange.getResponseBody()) {
            for (int i = 0; ; i++) {
              byte[] jpeg = jpegs.get(i % jpegs.size());
              out.write(
                  ("--frame\r\nContent-Type: image/jpeg\r\nContent-Length: "
                          + jpeg.length
                          + "\r\n\r\n")
                      .getBytes(StandardCharsets.US_ASCII));
              out.write(jpeg);
              out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
              out.flush();
              served.incrementAndGet();
              Thread.sleep(1000 / fps);
            }
          } catch (IOException | InterruptedException e) {
            // the reader went away, or the stream was stopped
          }
        });
    server.start();
    port = server.getAddress().getPort();
    return this;
  }

  String url() {
    return "http://127.0.0.1:" + port + "/stream.mjpg";
  }

  int served() {
    return served.get();
  }

  /** Drops every connection at once, as a camera losing power. */
  void stop() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }

  @Override
  public void close() {
    stop();
  }
}
