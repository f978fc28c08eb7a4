package io.jinference.server.inference.decode;

import io.jinference.server.inference.task.Prediction;
import io.jinference.server.inference.task.TaskOptions;
import java.util.List;

/**
 * A task's last steps: a run's raw outputs to one typed {@link Prediction} per image, in the order
 * of the runs.
 */
public interface TaskHead {
  List<Prediction> predict(List<ImageRun> runs, TaskOptions options);
}
