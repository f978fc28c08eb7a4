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
public record Detection(
    double x,
    double y,
    double width,
    double height,
    double confidence,
    String className,
    int classId,
    @Nullable String detectionId) {

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
}
