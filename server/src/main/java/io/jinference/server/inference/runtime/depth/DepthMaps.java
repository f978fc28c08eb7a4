package io.jinference.server.inference.runtime.depth;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.ShortPointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A normalised depth map (values in [0, 1], row by row) in the forms Roboflow answers: rows of
 * numbers, a 16-bit or an 8-bit grayscale PNG (value x 65535 or x 255, rounded), and a picture in
 * viridis colours.
 */
public final class DepthMaps {
  private DepthMaps() {}

  /** {@code height} rows of {@code width} values. */
  public static float[][] rows(float[] map, int width, int height) {
    float[][] rows = new float[height][];
    for (int y = 0; y < height; y++) {
      rows[y] = java.util.Arrays.copyOfRange(map, y * width, (y + 1) * width);
    }
    return rows;
  }

  /** A 16-bit grayscale PNG of the map, value x 65535. */
  public static byte[] png16(float[] map, int width, int height) {
    short[] levels = new short[map.length];
    for (int i = 0; i < map.length; i++) {
      levels[i] = (short) Math.round(map[i] * 65535);
    }
    try (ShortPointer pixels = new ShortPointer(levels);
        Mat image = new Mat(height, width, opencv_core.CV_16UC1, pixels)) {
      return png(image);
    }
  }

  /** An 8-bit grayscale PNG of the map, value x 255. */
  public static byte[] png8(float[] map, int width, int height) {
    try (Mat image = gray8(map, width, height, true)) {
      return png(image);
    }
  }

  /**
   * The map as a BGR picture: viridis colours (dark blue farthest, yellow nearest) of value x 255,
   * truncated as Roboflow's server does. The caller closes it.
   */
  public static Mat viridis(float[] map, int width, int height) {
    Mat colours = new Mat();
    try (Mat gray = gray8(map, width, height, false)) {
      opencv_imgproc.applyColorMap(gray, colours, opencv_imgproc.COLORMAP_VIRIDIS);
    }
    return colours;
  }

  private static Mat gray8(float[] map, int width, int height, boolean round) {
    byte[] levels = new byte[map.length];
    for (int i = 0; i < map.length; i++) {
      levels[i] = (byte) (round ? Math.round(map[i] * 255) : (int) (map[i] * 255));
    }
    Mat image = new Mat(height, width, opencv_core.CV_8UC1);
    image.data().put(levels);
    return image;
  }

  private static byte[] png(Mat image) {
    try (BytePointer out = new BytePointer()) {
      if (!opencv_imgcodecs.imencode(".png", image, out)) {
        throw new IllegalStateException("OpenCV could not encode the depth map as a PNG");
      }
      byte[] bytes = new byte[(int) out.limit()];
      out.get(bytes);
      return bytes;
    }
  }
}
