package io.jinference.server.pipeline;

import io.jinference.server.image.DecodedImage;
import java.time.Instant;

/**
 * One decoded frame of one source: its pixels (owned: whoever takes the frame last closes it), its
 * number in the source (from 1, as Roboflow counts) and when it was decoded.
 */
record VideoFrame(
    DecodedImage image,
    long frameId,
    Instant timestamp,
    int sourceId,
    double declaredFps,
    boolean fromFile)
    implements AutoCloseable {
  @Override
  public void close() {
    image.close();
  }
}
