package io.jinference.server.http.controller;

import io.jinference.server.image.Deadline;
import io.jinference.server.image.DecodedImage;
import io.jinference.server.image.ImageLoader;
import io.jinference.server.image.ImageSource;
import io.jinference.server.inference.task.Prediction;
import io.jinference.server.inference.task.Task;
import io.jinference.server.model.LoadedModel;
import io.jinference.server.model.ModelManager;
import io.jinference.server.visualization.Visualizer;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Runs an {@link InferenceJob}: the model first (an unknown model is a 404 before any image is
 * fetched), then the images, through the model's task pipeline, then the drawings asked for. The
 * images of a request are bounded by {@code MAX_BATCH_SIZE} and {@code MAX_IMAGE_PIXELS}; the model
 * runs them in chunks of its batch size.
 */
@Singleton
final class InferenceHandler {
  private final ModelManager models;
  private final ImageLoader loader;
  private final Visualizer visualizer;

  InferenceHandler(ModelManager models, ImageLoader loader, Visualizer visualizer) {
    this.models = models;
    this.loader = loader;
    this.visualizer = visualizer;
  }

  /**
   * @param task the route's task, or null to serve the model's own task (the legacy route)
   */
  InferenceResult run(InferenceJob job, Task task) {
    long start = System.nanoTime();
    LoadedModel model = models.get(job.modelId(), job.apiKey());
    boolean autoOrient = job.autoOrient() && model.modelPackage().preprocessing().autoOrient();
    List<DecodedImage> images = new ArrayList<>(job.images().size());
    List<Prediction> predictions;
    List<byte[]> drawings = new ArrayList<>(job.images().size());
    try {
      Deadline downloads = loader.downloadDeadline();
      for (ImageSource source : job.images()) {
        images.add(loader.load(source, autoOrient, downloads));
      }
      predictions = model.infer(task != null ? task : model.task(), images, job.options());
      InferenceJob.Visualization v = job.visualization();
      for (int i = 0; i < images.size(); i++) {
        drawings.add(
            v.enabled()
                ? visualizer.draw(
                    images.get(i),
                    predictions.get(i),
                    v.labels(),
                    v.stroke(),
                    model.modelPackage().colors())
                : null);
      }
    } finally {
      images.forEach(DecodedImage::close);
    }
    String inferenceId =
        job.inferenceId() != null ? job.inferenceId() : UUID.randomUUID().toString();
    return new InferenceResult(
        model.modelPackage().id().toString(),
        inferenceId,
        (System.nanoTime() - start) / 1e9,
        predictions,
        drawings);
  }
}
