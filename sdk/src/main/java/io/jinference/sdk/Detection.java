package io.jinference.sdk;

import java.util.Locale;

/**
 * One detected object, in pixels of the original image. {@code x} and {@code y} are the box centre, as in
 * Roboflow's JSON; {@link #left()}, {@link #top()}, {@link #right()} and {@link #bottom()} give the corners.
 *
 * <pre>{@code
 * for (Detection d : result.predictions()) {
 *   System.out.printf("%s %.2f at [%.0f, %.0f, %.0f, %.0f]%n",
 *       d.className(), d.confidence(), d.left(), d.top(), d.right(), d.bottom());
 * }
 * }</pre>
 */
public final class Detection {
  private final double x;
  private final double y;
  private final double width;
  private final double height;
  private final double confidence;
  private final String className;
  private final int classId;
  private final String detectionId;

  Detection(double x, double y, double width, double height, double confidence, String className, int classId,
      String detectionId) {
    this.x = x;
    this.y = y;
    this.width = width;
    this.height = height;
    this.confidence = confidence;
    this.className = className;
    this.classId = classId;
    this.detectionId = detectionId;
  }

  public double x() {
    return x;
  }

  public double y() {
    return y;
  }

  public double width() {
    return width;
  }

  public double height() {
    return height;
  }

  public double left() {
    return x - width / 2;
  }

  public double top() {
    return y - height / 2;
  }

  public double right() {
    return x + width / 2;
  }

  public double bottom() {
    return y + height / 2;
  }

  public double confidence() {
    return confidence;
  }

  /** The class name ({@code "class"} in JSON). */
  public String className() {
    return className;
  }

  public int classId() {
    return classId;
  }

  /** A UUID the server gives each detection. */
  public String detectionId() {
    return detectionId;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "Detection[%s %.3f x=%.1f y=%.1f w=%.1f h=%.1f]", className, confidence, x, y,
        width, height);
  }
}
