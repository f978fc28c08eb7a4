package io.jinference.sdk;

import java.util.List;

/**
 * One object found by a keypoint model: its box and its keypoints (those above the keypoint
 * confidence threshold).
 */
public final class KeypointsPrediction {
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
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof KeypointsPrediction)) {
      return false;
    }
    KeypointsPrediction that = (KeypointsPrediction) o;
    return java.util.Objects.equals(detection, that.detection)
        && java.util.Objects.equals(keypoints, that.keypoints);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(detection, keypoints);
  }

  @Override
  public String toString() {
    return "KeypointsPrediction[detection=" + detection + ", keypoints=" + keypoints + "]";
  }
}
