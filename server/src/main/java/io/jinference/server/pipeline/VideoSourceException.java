package io.jinference.server.pipeline;

/** A video source that cannot be opened or read; its message is safe to show a client. */
final class VideoSourceException extends Exception {
  VideoSourceException(String message) {
    super(message);
  }
}
