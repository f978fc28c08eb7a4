package io.jinference.sdk;

/**
 * One keypoint of a detected object, in pixels of the original image.
 *
 * <pre>{@code
 * for (Keypoint k : pose.keypoints()) {
 *   System.out.println(k.name() + " at " + k.x() + "," + k.y() + " (" + k.confidence() + ")");
 * }
 * }</pre>
 */
public final class Keypoint {
  private final double x;
  private final double y;
  private final double confidence;
  private final int id;
  private final String name;

  Keypoint(double x, double y, double confidence, int id, String name) {
    this.x = x;
    this.y = y;
    this.confidence = confidence;
    this.id = id;
    this.name = name;
  }

  public double x() {
    return x;
  }

  public double y() {
    return y;
  }

  public double confidence() {
    return confidence;
  }

  /** The keypoint's index ({@code class_id} in JSON). */
  public int id() {
    return id;
  }

  /** The keypoint's name, e.g. {@code left_eye} ({@code class} in JSON). */
  public String name() {
    return name;
  }

  @Override
  public String toString() {
    return "Keypoint[" + name + " " + x + "," + y + " " + confidence + "]";
  }
}
