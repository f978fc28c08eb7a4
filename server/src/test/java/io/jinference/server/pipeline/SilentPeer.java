package io.jinference.server.pipeline;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A peer on loopback that accepts every connection and never sends a byte, as a camera that hangs
 * after the TCP handshake.
 */
final class SilentPeer implements AutoCloseable {
  private final ServerSocket socket;
  private final List<Socket> accepted = new CopyOnWriteArrayList<>();

  SilentPeer() throws IOException {
    socket = new ServerSocket(0);
    Thread acceptor =
        new Thread(
            () -> {
              try {
                while (true) {
                  accepted.add(socket.accept());
                }
              } catch (IOException e) {
                // closed
              }
            },
            "silent-peer");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return socket.getLocalPort();
  }

  /** Connections accepted so far. */
  int accepted() {
    return accepted.size();
  }

  @Override
  public void close() throws IOException {
    socket.close();
    for (Socket s : accepted) {
      s.close();
    }
  }
}
