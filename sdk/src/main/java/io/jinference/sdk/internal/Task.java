package io.jinference.sdk.internal;

/** The task routes of the v1 API, with Roboflow's task types (the registry's {@code task_type}). */
public enum Task {
  OBJECT_DETECTION("object-detection", "POST /infer/object_detection"),
  INSTANCE_SEGMENTATION("instance-segmentation", "POST /infer/instance_segmentation"),
  KEYPOINT_DETECTION("keypoint-detection", "POST /infer/keypoints_detection"),
  CLASSIFICATION("classification", "POST /infer/classification");

  public final String type;
  public final String route;

  Task(String type, String route) {
    this.type = type;
    this.route = route;
  }

  /** The task of a registry's task type, or null for one this SDK does not know. */
  public static Task of(String type) {
    for (Task t : values()) {
      if (t.type.equals(type)) {
        return t;
      }
    }
    return null;
  }
}
