package io.jinference.sdk;

/** A vertex of a segmentation polygon, in pixels of the original image. */
public final class Point {
  private final double x;
  private final double y;

  /**
   * Creates one from its parts.
   *
   * @param x horizontal
   * @param y vertical
   */
  public Point(double x, double y) {
    this.x = x;
    this.y = y;
  }

  /**
   * The horizontal.
   *
   * @return the horizontal
   */
  public double x() {
    return x;
  }

  /**
   * The vertical.
   *
   * @return the vertical
   */
  public double y() {
    return y;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Point)) {
      return false;
    }
    Point that = (Point) o;
    return Double.compare(x, that.x) == 0 && Double.compare(y, that.y) == 0;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(x, y);
  }

  @Override
  public String toString() {
    return "Point[x=" + x + ", y=" + y + "]";
  }
}
