package io.jinference.sdk;

/** One keypoint of a detected object. */
public final class Keypoint extends Value {
  private static final String[] NAMES = {"x", "y", "confidence", "id", "name"};

  private final double x;
  private final double y;
  private final double confidence;
  private final int id;
  private final String name;

  /**
   * Creates one from its parts.
   *
   * @param x horizontal, in pixels of the original image
   * @param y vertical
   * @param confidence the keypoint's confidence
   * @param id the keypoint's index in the model's skeleton
   * @param name the keypoint's name, e.g. {@code nose}
   */
  public Keypoint(double x, double y, double confidence, int id, String name) {
    this.x = x;
    this.y = y;
    this.confidence = confidence;
    this.id = id;
    this.name = name;
  }

  /**
   * Horizontal, in pixels of the original image.
   *
   * @return horizontal, in pixels of the original image
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

  /**
   * The keypoint's confidence.
   *
   * @return the keypoint's confidence
   */
  public double confidence() {
    return confidence;
  }

  /**
   * The keypoint's index in the model's skeleton.
   *
   * @return the keypoint's index in the model's skeleton
   */
  public int id() {
    return id;
  }

  /**
   * The keypoint's name, e.g. {@code nose}.
   *
   * @return the keypoint's name, e.g. {@code nose}
   */
  public String name() {
    return name;
  }

  @Override
  Object[] parts() {
    return new Object[] {x, y, confidence, id, name};
  }

  @Override
  String[] partNames() {
    return NAMES;
  }
}
