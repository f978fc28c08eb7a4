package io.jinference.server.http.controller;

import io.jinference.server.http.api.InferenceApi;
import io.jinference.server.http.auth.RequestKeys;
import io.jinference.server.http.model.ClassificationInferenceRequest;
import io.jinference.server.http.model.InstanceSegmentationInferenceRequest;
import io.jinference.server.http.model.KeypointsDetectionInferenceRequest;
import io.jinference.server.http.model.ObjectDetectionInferenceRequest;
import io.jinference.server.http.wire.ImageInput;
import io.jinference.server.http.wire.InferenceResponses;
import io.jinference.server.inference.task.Task;
import io.micronaut.http.annotation.Controller;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/**
 * {@code /infer/{task}} routes. Work runs on the blocking executor, never on a Netty event loop.
 * The hyphenated aliases of the seed documents answer exactly as the underscore routes.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
class InferenceController implements InferenceApi {
  private final InferenceHandler handler;
  private final TaskRequests requests;

  InferenceController(InferenceHandler handler, TaskRequests requests) {
    this.handler = handler;
    this.requests = requests;
  }

  @Override
  public InferenceResponses inferObjectDetection(
      ObjectDetectionInferenceRequest request, RequestKeys keys) {
    return run(requests.objectDetection(request, keys), Task.OBJECT_DETECTION, request.getImage());
  }

  @Override
  public InferenceResponses inferObjectDetectionAlias(
      ObjectDetectionInferenceRequest request, RequestKeys keys) {
    return inferObjectDetection(request, keys);
  }

  @Override
  public InferenceResponses inferInstanceSegmentation(
      InstanceSegmentationInferenceRequest request, RequestKeys keys) {
    return run(
        requests.instanceSegmentation(request, keys),
        Task.INSTANCE_SEGMENTATION,
        request.getImage());
  }

  @Override
  public InferenceResponses inferInstanceSegmentationAlias(
      InstanceSegmentationInferenceRequest request, RequestKeys keys) {
    return inferInstanceSegmentation(request, keys);
  }

  @Override
  public InferenceResponses inferClassification(
      ClassificationInferenceRequest request, RequestKeys keys) {
    return run(requests.classification(request, keys), Task.CLASSIFICATION, request.getImage());
  }

  @Override
  public InferenceResponses inferKeypointsDetection(
      KeypointsDetectionInferenceRequest request, RequestKeys keys) {
    return run(
        requests.keypointsDetection(request, keys), Task.KEYPOINT_DETECTION, request.getImage());
  }

  @Override
  public InferenceResponses inferKeypointsDetectionAlias(
      KeypointsDetectionInferenceRequest request, RequestKeys keys) {
    return inferKeypointsDetection(request, keys);
  }

  /** A list of images answers a list, one image an object, as the request was written. */
  private InferenceResponses run(InferenceJob job, Task task, ImageInput image) {
    return new InferenceResponses(ResponseBuilder.responses(handler.run(job, task)), image.batch());
  }
}
