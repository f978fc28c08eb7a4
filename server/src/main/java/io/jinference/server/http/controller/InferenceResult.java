package io.jinference.server.http.controller;

import io.jinference.server.inference.task.Prediction;
import java.util.List;

/**
 * What one inference request produced, before it becomes the contract's response objects.
 *
 * @param modelId the model that served the request (its canonical id)
 * @param inferenceId the request's id, the same on every response of a batch (Roboflow's is the
 *     request's id)
 * @param seconds the whole request's time, as Roboflow's {@code time}
 * @param predictions one per image, in request order
 * @param visualizations the JPEG of each image's predictions, or null entries when not asked for
 */
record InferenceResult(
    String modelId,
    String inferenceId,
    double seconds,
    List<Prediction> predictions,
    List<byte[]> visualizations) {}
