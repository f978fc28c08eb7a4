package io.jinference.sdk;

import org.jspecify.annotations.Nullable;

/**
 * One detected object, in pixels of the original image. {@code x} and {@code y} are the box centre,
 * as in Roboflow's JSON; {@link #left()}, {@link #top()}, {@link #right()} and {@link #bottom()}
 * give the corners.
 *
 * <pre>{@code
 * for (Detection d : result.predictions()) {
 *   System.out.printf("%s %.2f at [%.0f, %.0f, %.0f, %.0f]%n",
 *       d.className(), d.confidence(), d.left(), d.top(), d.right(), d.bottom());
 * }
 * }</pre>
 */
public final class Detection extends Value {
  private static final String[] NAMES = {
    "x", "y", "width", "height", "confidence", "className", "classId", "detectionId"
  };

  private final double x;
  private final double y;
  private final double width;
  private final double height;
  private final double confidence;
  private final String className;
  private final int classId;
  private final @Nullable String detectionId;

  /**
   * Creates one from its parts.
   *
   * @param x box centre, horizontal
   * @param y box centre, vertical
   * @param width box width
   * @param height box height
   * @param confidence the detection's confidence, 0 to 1
   * @param className the class's name
   * @param classId the class's index in the model's class list
   * @param detectionId the server's id of this detection, or null
   */
  public Detection(
      double x,
      double y,
      double width,
      double height,
      double confidence,
      String className,
      int classId,
      @Nullable String detectionId) {
    this.x = x;
    this.y = y;
    this.width = width;
    this.height = height;
    this.confidence = confidence;
    this.className = className;
    this.classId = classId;
    this.detectionId = detectionId;
  }

  /**
   * Box centre, horizontal.
   *
   * @return box centre, horizontal
   */
  public double x() {
    return x;
  }

  /**
   * Box centre, vertical.
   *
   * @return box centre, vertical
   */
  public double y() {
    return y;
  }

  /**
   * Box width.
   *
   * @return box width
   */
  public double width() {
    return width;
  }

  /**
   * Box height.
   *
   * @return box height
   */
  public double height() {
    return height;
  }

  /**
   * The detection's confidence, 0 to 1.
   *
   * @return the detection's confidence, 0 to 1
   */
  public double confidence() {
    return confidence;
  }

  /**
   * The class's name.
   *
   * @return the class's name
   */
  public String className() {
    return className;
  }

  /**
   * The class's index in the model's class list.
   *
   * @return the class's index in the model's class list
   */
  public int classId() {
    return classId;
  }

  /**
   * The server's id of this detection, or null.
   *
   * @return the server's id of this detection, or null
   */
  public @Nullable String detectionId() {
    return detectionId;
  }

  /**
   * The box's left edge in pixels ({@code x - width / 2}).
   *
   * @return the left
   */
  public double left() {
    return x - width / 2;
  }

  /**
   * The box's top edge in pixels ({@code y - height / 2}).
   *
   * @return the top
   */
  public double top() {
    return y - height / 2;
  }

  /**
   * The box's right edge in pixels ({@code x + width / 2}).
   *
   * @return the right
   */
  public double right() {
    return x + width / 2;
  }

  /**
   * The box's bottom edge in pixels ({@code y + height / 2}).
   *
   * @return the bottom
   */
  public double bottom() {
    return y + height / 2;
  }

  @Override
  Object[] parts() {
    return new Object[] {x, y, width, height, confidence, className, classId, detectionId};
  }

  @Override
  String[] partNames() {
    return NAMES;
  }
}
