package io.jinference.server.workflow.engine;

import io.jinference.server.error.ApiException;
import java.util.List;

/**
 * A workflow that cannot be compiled or run, with Roboflow's error classes (reference §5): the body
 * adds the block errors ({@code blocks_errors}) that say which step and property are wrong.
 */
public final class WorkflowException extends ApiException {
  /**
   * One block's problem.
   *
   * @param blockId the step name
   * @param blockType the step's type
   * @param propertyName the field, or null
   * @param propertyDetails what is wrong with it
   */
  public record BlockError(
      String blockId, String blockType, String propertyName, String propertyDetails) {}

  private final List<BlockError> blockErrors;

  WorkflowException(int status, String errorType, String message, List<BlockError> blockErrors) {
    super(status, errorType, message);
    this.blockErrors = List.copyOf(blockErrors);
  }

  static WorkflowException syntax(String message, BlockError error) {
    return new WorkflowException(400, "WorkflowSyntaxError", message, List.of(error));
  }

  public static WorkflowException definition(String message) {
    return new WorkflowException(400, "WorkflowDefinitionError", message, List.of());
  }

  static WorkflowException dimensionality(String message, BlockError error) {
    return new WorkflowException(400, "StepInputDimensionalityError", message, List.of(error));
  }

  static WorkflowException reference(String message, BlockError error) {
    return new WorkflowException(400, "InvalidReferenceTargetError", message, List.of(error));
  }

  static WorkflowException structure(String message) {
    return new WorkflowException(400, "ExecutionGraphStructureError", message, List.of());
  }

  public static WorkflowException runtimeInput(String message) {
    return new WorkflowException(400, "RuntimeInputError", message, List.of());
  }

  /** A step failed while running: its status if the failure was the client's, else 500. */
  static WorkflowException step(String stepName, String stepType, RuntimeException cause) {
    int status = cause instanceof ApiException ? ((ApiException) cause).status() : 500;
    String detail = cause instanceof ApiException ? cause.getMessage() : "internal error";
    return new WorkflowException(
        status,
        "StepExecutionError",
        "Error during execution of step: $steps." + stepName + ". Details: " + detail,
        List.of(new BlockError(stepName, stepType, null, detail)));
  }

  public List<BlockError> blockErrors() {
    return blockErrors;
  }
}
