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
 *
 * @param modelId the model's id, e.g. {@code coco/3}
 * @param taskType Roboflow's task type, e.g. {@code object-detection}
 * @param batchSize the model's static batch size, or null when dynamic
 * @param inputWidth the network's input width, or null when unknown
 * @param inputHeight the network's input height, or null when unknown
 */
public record ModelDescription(
    String modelId,
    String taskType,
    @Nullable Integer batchSize,
    @Nullable Integer inputWidth,
    @Nullable Integer inputHeight) {}
