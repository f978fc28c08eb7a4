package io.jinference.server.http.controller;

import io.jinference.server.image.ImageSource;
import io.jinference.server.inference.task.TaskOptions;
import java.util.List;

/**
 * One inference request, whichever route it came through, validated.
 *
 * @param modelId the requested model id
 * @param apiKey the request's API key (query, header or body), or null
 * @param images image sources in request order, opened once the model is known
 * @param options what the task should do
 * @param autoOrient honour EXIF orientation (when the model's preprocessing asks for it)
 * @param visualization whether and how to draw the predictions
 * @param inferenceId the request's {@code id}, or null to generate one
 */
record InferenceJob(
    String modelId,
    String apiKey,
    List<ImageSource> images,
    TaskOptions options,
    boolean autoOrient,
    Visualization visualization,
    String inferenceId) {

  /**
   * @param enabled draw the predictions and return the JPEG
   * @param labels draw class labels
   * @param stroke line width
   */
  record Visualization(boolean enabled, boolean labels, int stroke) {}
}
