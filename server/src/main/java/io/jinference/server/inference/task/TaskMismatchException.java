package io.jinference.server.inference.task;

import io.jinference.server.error.ApiException;

/**
 * A model posted to the route of another task, e.g. a classifier to /infer/object_detection (400).
 */
public final class TaskMismatchException extends ApiException {
  public TaskMismatchException(String modelId, Task modelTask, Task routeTask) {
    super(
        400,
        "TaskMismatchError",
        "Model "
            + modelId
            + " serves "
            + modelTask
            + ", not "
            + routeTask
            + "; use /infer/"
            + modelTask.route()
            + ".");
  }
}
