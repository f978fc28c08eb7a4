package io.jinference.server.pipeline;

import java.net.URI;

/**
 * One {@code video_reference}, checked: a local file, a network stream or a camera. {@link
 * #display()} is what status reports and logs show: a stream's user and password are left out.
 */
record SourceReference(Kind kind, String location, String display) {
  enum Kind {
    FILE,
    STREAM,
    CAMERA
  }

  static SourceReference file(String location, String shown) {
    return new SourceReference(Kind.FILE, location, shown);
  }

  static SourceReference camera(int index) {
    return new SourceReference(Kind.CAMERA, "/dev/video" + index, String.valueOf(index));
  }

  static SourceReference stream(URI uri) {
    String shown =
        uri.getScheme()
            + "://"
            + uri.getHost()
            + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
            + (uri.getRawPath() == null ? "" : uri.getRawPath());
    return new SourceReference(Kind.STREAM, uri.toString(), shown);
  }

  boolean isFile() {
    return kind == Kind.FILE;
  }
}
