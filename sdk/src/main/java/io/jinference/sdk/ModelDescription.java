package io.jinference.sdk;

/**
 * A model loaded on the server, as {@code /model/registry} lists it.
 *
 * <pre>{@code
 * for (ModelDescription m : client.listLoadedModels()) {
 *   System.out.println(m.modelId() + " " + m.taskType() + " " + m.inputWidth() + "x" + m.inputHeight());
 * }
 * }</pre>
 */
public final class ModelDescription {
  private final String modelId;
  private final String taskType;
  private final Integer batchSize;
  private final Integer inputWidth;
  private final Integer inputHeight;

  ModelDescription(String modelId, String taskType, Integer batchSize, Integer inputWidth, Integer inputHeight) {
    this.modelId = modelId;
    this.taskType = taskType;
    this.batchSize = batchSize;
    this.inputWidth = inputWidth;
    this.inputHeight = inputHeight;
  }

  public String modelId() {
    return modelId;
  }

  /** e.g. {@code object-detection}. */
  public String taskType() {
    return taskType;
  }

  /** The static batch size, or null when the model's batch dimension is dynamic. */
  public Integer batchSize() {
    return batchSize;
  }

  public Integer inputWidth() {
    return inputWidth;
  }

  public Integer inputHeight() {
    return inputHeight;
  }

  @Override
  public String toString() {
    return "ModelDescription[" + modelId + " " + taskType + "]";
  }
}
