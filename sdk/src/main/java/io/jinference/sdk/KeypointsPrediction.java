package io.jinference.sdk;

import java.util.List;

/**
 * One object found by a keypoint model: its box and its keypoints (those above the keypoint
 * confidence threshold).
 */
public final class KeypointsPrediction extends Value {
  private static final String[] NAMES = {"detection", "keypoints"};

  private final Detection detection;
  private final List<Keypoint> keypoints;

  /**
   * Keeps unmodifiable copies of the lists.
   *
   * @param detection the object's box, class and confidence
   * @param keypoints the object's keypoints
   */
  public KeypointsPrediction(Detection detection, List<Keypoint> keypoints) {
    this.detection = detection;
    this.keypoints = List.copyOf(keypoints);
  }

  /**
   * The object's box, class and confidence.
   *
   * @return the object's box, class and confidence
   */
  public Detection detection() {
    return detection;
  }

  /**
   * The object's keypoints.
   *
   * @return the object's keypoints
   */
  public List<Keypoint> keypoints() {
    return keypoints;
  }

  @Override
  Object[] parts() {
    return new Object[] {detection, keypoints};
  }

  @Override
  String[] partNames() {
    return NAMES;
  }
}
