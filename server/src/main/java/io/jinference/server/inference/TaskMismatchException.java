package io.jinference.server.inference;

import io.jinference.server.error.ApiException;

/** A model posted to the route of another task, e.g. a classifier to /infer/object_detection (400). */
final class TaskMismatchException extends ApiException {
  TaskMismatchException(String modelId, String modelTask, String routeTask) {
    super(400, "TaskMismatchError", "Model " + modelId + " serves " + modelTask + ", not " + routeTask
        + "; use /infer/" + route(modelTask) + ".");
  }

  private static String route(String task) {
    return "keypoint-detection".equals(task) ? "keypoints_detection" : task.replace('-', '_');
  }
}
