package io.jinference.server.image;

import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Pixels of one decoded image: an 8-bit, 3-channel BGR OpenCV matrix (native memory, freed by
 * {@link #close()}).
 */
public final class DecodedImage implements AutoCloseable {
  private final Mat bgr;

  DecodedImage(Mat bgr) {
    this.bgr = bgr;
  }

  /** Wraps a BGR matrix made elsewhere (tests, fixtures); this object then owns it. */
  public static DecodedImage ofBgr(Mat bgr) {
    return new DecodedImage(bgr);
  }

  public Mat bgr() {
    return bgr;
  }

  public int width() {
    return bgr.cols();
  }

  public int height() {
    return bgr.rows();
  }

  @Override
  public void close() {
    bgr.close();
  }
}
