package io.jinference.sdk;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The depth map of one image ({@code /infer/depth-estimation}, Depth Anything): relative depth at
 * every pixel of the image, 1 the nearest and 0 the farthest (not distances), and the server's
 * picture of it.
 *
 * <pre>{@code
 * DepthResult depth = client.depthEstimation(ImageSource.path(Path.of("street.jpg")));
 * float centre = depth.depthAt(depth.width() / 2, depth.height() / 2);
 * depth.visualizationJpeg().ifPresent(jpeg -> Files.write(Path.of("depth.jpg"), jpeg));
 * }</pre>
 */
public final class DepthResult {
  private final int width;
  private final int height;
  private final float[] depth;
  private final byte @Nullable [] visualization;
  private final @Nullable Double time;

  /**
   * Keeps copies of the arrays.
   *
   * @param width the image's width in pixels
   * @param height the image's height in pixels
   * @param depth row by row, {@code width * height} values from 0 (farthest) to 1 (nearest)
   * @param visualization the map as a JPEG picture, or null
   * @param time the server's time for the image in seconds, or null
   */
  public DepthResult(
      int width,
      int height,
      float[] depth,
      byte @Nullable [] visualization,
      @Nullable Double time) {
    if (width < 0 || height < 0 || depth.length != width * height) {
      throw new IllegalArgumentException(
          depth.length + " depth values for a " + width + "x" + height + " image");
    }
    this.width = width;
    this.height = height;
    this.depth = depth.clone();
    this.visualization = visualization == null ? null : visualization.clone();
    this.time = time;
  }

  /**
   * The image's width.
   *
   * @return the width in pixels
   */
  public int width() {
    return width;
  }

  /**
   * The image's height.
   *
   * @return the height in pixels
   */
  public int height() {
    return height;
  }

  /**
   * The relative depth at one pixel.
   *
   * @param x the column, from 0
   * @param y the row, from 0
   * @return 0 (farthest) to 1 (nearest)
   * @throws IndexOutOfBoundsException outside the image
   */
  public float depthAt(int x, int y) {
    Objects.checkIndex(x, width);
    Objects.checkIndex(y, height);
    return depth[y * width + x];
  }

  /**
   * The whole map.
   *
   * @return a copy, row by row, {@code width() * height()} values
   */
  public float[] toArray() {
    return depth.clone();
  }

  /**
   * The server's picture of the map (viridis colours, yellow nearest).
   *
   * @return a copy of the JPEG bytes, or empty when the server sent none
   */
  public Optional<byte[]> visualizationJpeg() {
    return Optional.ofNullable(visualization).map(byte[]::clone);
  }

  /**
   * The server's time for the image.
   *
   * @return seconds, or null when the server did not say
   */
  public @Nullable Double time() {
    return time;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof DepthResult)) {
      return false;
    }
    DepthResult d = (DepthResult) o;
    return width == d.width
        && height == d.height
        && Arrays.equals(depth, d.depth)
        && Arrays.equals(visualization, d.visualization)
        && Objects.equals(time, d.time);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        width, height, Arrays.hashCode(depth), Arrays.hashCode(visualization), time);
  }

  @Override
  public String toString() {
    return "DepthResult[" + width + "x" + height + ", time=" + time + "]";
  }
}
