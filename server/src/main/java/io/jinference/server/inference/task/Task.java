package io.jinference.server.inference.task;

import io.jinference.server.error.ModelConfigurationException;

/**
 * What a model does with an image, as Roboflow's {@code environment.json} and model registry name
 * it. Every route, the legacy route and the workflow model blocks pass one of these to {@code
 * LoadedModel.infer}; the strings appear only here.
 */
public enum Task {
  OBJECT_DETECTION("object-detection", "object_detection"),
  INSTANCE_SEGMENTATION("instance-segmentation", "instance_segmentation"),
  KEYPOINT_DETECTION("keypoint-detection", "keypoints_detection"),
  CLASSIFICATION("classification", "classification");

  private final String taskType;
  private final String route;

  Task(String taskType, String route) {
    this.taskType = taskType;
    this.route = route;
  }

  /** Roboflow's task type, e.g. {@code object-detection}. */
  public String taskType() {
    return taskType;
  }

  /** The last segment of the task's {@code /infer/...} route. */
  public String route() {
    return route;
  }

  /** The task of a model package's task type; an unknown type is a model configuration error. */
  public static Task ofTaskType(String taskType) {
    for (Task t : values()) {
      if (t.taskType.equals(taskType)) {
        return t;
      }
    }
    throw new ModelConfigurationException(
        "Unknown task type '"
            + taskType
            + "'; this server runs object-detection,"
            + " instance-segmentation, keypoint-detection and classification models.");
  }

  @Override
  public String toString() {
    return taskType;
  }
}
