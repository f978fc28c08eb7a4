package io.jinference.sdk;

import org.jspecify.annotations.Nullable;

/**
 * A model loaded on the server, as {@code /model/registry} lists it.
 *
 * <pre>{@code
 * for (ModelDescription m : client.models().listLoadedModels()) {
 *   System.out.println(m.modelId() + " " + m.taskType() + " " + m.inputWidth() + "x" + m.inputHeight());
 * }
 * }</pre>
 */
public final class ModelDescription extends Value {
  private static final String[] NAMES = {
    "modelId", "taskType", "batchSize", "inputWidth", "inputHeight"
  };

  private final String modelId;
  private final String taskType;
  private final @Nullable Integer batchSize;
  private final @Nullable Integer inputWidth;
  private final @Nullable Integer inputHeight;

  /**
   * Creates one from its parts.
   *
   * @param modelId the model's id, e.g. {@code coco/3}
   * @param taskType Roboflow's task type, e.g. {@code object-detection}
   * @param batchSize the model's static batch size, or null when dynamic
   * @param inputWidth the network's input width, or null when unknown
   * @param inputHeight the network's input height, or null when unknown
   */
  public ModelDescription(
      String modelId,
      String taskType,
      @Nullable Integer batchSize,
      @Nullable Integer inputWidth,
      @Nullable Integer inputHeight) {
    this.modelId = modelId;
    this.taskType = taskType;
    this.batchSize = batchSize;
    this.inputWidth = inputWidth;
    this.inputHeight = inputHeight;
  }

  /**
   * The model's id, e.g. {@code coco/3}.
   *
   * @return the model's id, e.g. {@code coco/3}
   */
  public String modelId() {
    return modelId;
  }

  /**
   * Roboflow's task type, e.g. {@code object-detection}.
   *
   * @return Roboflow's task type, e.g. {@code object-detection}
   */
  public String taskType() {
    return taskType;
  }

  /**
   * The model's static batch size, or null when dynamic.
   *
   * @return the model's static batch size, or null when dynamic
   */
  public @Nullable Integer batchSize() {
    return batchSize;
  }

  /**
   * The network's input width, or null when unknown.
   *
   * @return the network's input width, or null when unknown
   */
  public @Nullable Integer inputWidth() {
    return inputWidth;
  }

  /**
   * The network's input height, or null when unknown.
   *
   * @return the network's input height, or null when unknown
   */
  public @Nullable Integer inputHeight() {
    return inputHeight;
  }

  @Override
  Object[] parts() {
    return new Object[] {modelId, taskType, batchSize, inputWidth, inputHeight};
  }

  @Override
  String[] partNames() {
    return NAMES;
  }
}
