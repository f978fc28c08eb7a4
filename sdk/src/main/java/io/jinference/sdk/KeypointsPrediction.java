package io.jinference.sdk;

import java.util.Collections;
import java.util.List;

/**
 * One object with its keypoints.
 *
 * <pre>{@code
 * KeypointsPrediction person = poses.predictions().get(0);
 * person.keypoints().stream().filter(k -> k.name().equals("nose")).findFirst();
 * }</pre>
 */
public final class KeypointsPrediction {
  private final Detection detection;
  private final List<Keypoint> keypoints;

  KeypointsPrediction(Detection detection, List<Keypoint> keypoints) {
    this.detection = detection;
    this.keypoints = Collections.unmodifiableList(keypoints);
  }

  public Detection detection() {
    return detection;
  }

  public List<Keypoint> keypoints() {
    return keypoints;
  }
}
