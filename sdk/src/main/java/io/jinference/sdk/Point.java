package io.jinference.sdk;

/** A vertex of a segmentation polygon, in pixels of the original image. */
public final class Point extends Value {
  private static final String[] NAMES = {"x", "y"};

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
  Object[] parts() {
    return new Object[] {x, y};
  }

  @Override
  String[] partNames() {
    return NAMES;
  }
}
