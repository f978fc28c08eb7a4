package io.jinference.server.image;

import org.bytedeco.opencv.opencv_core.Rect;

/**
 * A box in whole pixels of an image: a box in sub-pixel coordinates rounded outwards and clipped to
 * the image.
 *
 * @param x1 left (inclusive)
 * @param y1 top (inclusive)
 * @param x2 right (exclusive)
 * @param y2 bottom (exclusive)
 */
public record PixelBox(int x1, int y1, int x2, int y2) {
  /** The pixels of {@code image} that the box covers, or null when none of it lies inside. */
  public static PixelBox within(
      DecodedImage image, double left, double top, double right, double bottom) {
    int x1 = (int) Math.max(0, Math.floor(left));
    int y1 = (int) Math.max(0, Math.floor(top));
    int x2 = (int) Math.min(image.width(), Math.ceil(right));
    int y2 = (int) Math.min(image.height(), Math.ceil(bottom));
    return x2 > x1 && y2 > y1 ? new PixelBox(x1, y1, x2, y2) : null;
  }

  public int width() {
    return x2 - x1;
  }

  public int height() {
    return y2 - y1;
  }

  /** The box as an OpenCV rectangle (native; the caller closes it). */
  public Rect rect() {
    return new Rect(x1, y1, width(), height());
  }
}
