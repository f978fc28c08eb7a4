package io.jinference.server.model;

import io.jinference.server.image.DecodedImage;
import io.jinference.server.inference.task.Prediction;
import io.jinference.server.inference.task.Task;
import io.jinference.server.inference.task.TaskOptions;
import java.util.List;

/**
 * A model whose runtime resources (an ONNX Runtime session) are open and ready to serve. {@link
 * #infer} is the one entry of the task pipeline: the task routes, the legacy route and the workflow
 * model blocks all call it.
 */
public interface LoadedModel extends AutoCloseable {
  ModelPackage modelPackage();

  /** The task this model serves. */
  Task task();

  /**
   * Preprocesses and runs the images, then decodes each image's outputs for the task.
   *
   * @param task the task the caller asks for; another than {@link #task()} is a 400
   *     (TaskMismatchError)
   * @return one prediction per image, in the order of {@code images}, of the task's {@link
   *     Prediction} type
   */
  List<Prediction> infer(Task task, List<DecodedImage> images, TaskOptions options);

  /** The static batch size of the network input, or null when the batch dimension is dynamic. */
  Integer batchSize();

  int inputWidth();

  int inputHeight();

  @Override
  void close();
}
