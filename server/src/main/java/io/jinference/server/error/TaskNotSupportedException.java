package io.jinference.server.error;

/** A task route declared in the contract but not served by this version (501). */
public final class TaskNotSupportedException extends ApiException {
  public TaskNotSupportedException(String taskType) {
    super(501, "TaskNotSupportedError", "The task " + taskType + " is not served by this version of jinference.");
  }
}
