package io.jinference.sdk;

import java.util.List;

/**
 * One object found by a keypoint model: its box and its keypoints (those above the keypoint
 * confidence threshold).
 *
 * @param detection the object's box, class and confidence
 * @param keypoints the object's keypoints
 */
public record KeypointsPrediction(Detection detection, List<Keypoint> keypoints) {
  /**
   * Checks the components and keeps unmodifiable copies of the lists.
   *
   * @param detection the object's box, class and confidence
   * @param keypoints the object's keypoints
   */
  public KeypointsPrediction {
    keypoints = List.copyOf(keypoints);
  }
}
