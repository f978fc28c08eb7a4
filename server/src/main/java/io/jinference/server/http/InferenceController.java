package io.jinference.server.http;

import io.jinference.server.config.Setting;
import io.jinference.server.config.Settings;
import io.jinference.server.error.InvalidRequestException;
import io.jinference.server.http.api.InferenceApi;
import io.jinference.server.http.model.ClassificationInferenceRequest;
import io.jinference.server.http.model.InferenceRequestImage;
import io.jinference.server.http.model.InstanceSegmentationInferenceRequest;
import io.jinference.server.http.model.KeypointsDetectionInferenceRequest;
import io.jinference.server.http.model.ObjectDetectionInferenceRequest;
import io.jinference.server.http.wire.Confidence;
import io.jinference.server.http.wire.ImageInput;
import io.jinference.server.http.wire.InferenceResponses;
import io.jinference.server.image.Deadline;
import io.jinference.server.image.ImageLoader;
import io.jinference.server.image.ImageReference;
import io.jinference.server.inference.DetectionParams;
import io.jinference.server.inference.MaskParams;
import io.jinference.server.inference.PreprocessFlags;
import io.micronaut.core.beans.BeanWrapper;
import io.micronaut.http.annotation.Controller;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /infer/{task}} routes. Work runs on the blocking executor, never on a Netty event loop. The
 * hyphenated aliases of the seed documents answer exactly as the underscore routes.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
class InferenceController implements InferenceApi {
  private final InferenceHandler handler;
  private final ImageLoader images;
  private final int maxBatch;

  InferenceController(InferenceHandler handler, ImageLoader images, Settings settings) {
    this.handler = handler;
    this.images = images;
    this.maxBatch = settings.integer(Setting.MAX_BATCH_SIZE);
  }

  @AcceptsBodyApiKey
  @Override
  public InferenceResponses inferObjectDetection(ObjectDetectionInferenceRequest request) {
    return run(request, request.getImage(), "object-detection", null, 0f);
  }

  @AcceptsBodyApiKey
  @Override
  public InferenceResponses inferObjectDetectionAlias(ObjectDetectionInferenceRequest request) {
    return inferObjectDetection(request);
  }

  @AcceptsBodyApiKey
  @Override
  public InferenceResponses inferInstanceSegmentation(InstanceSegmentationInferenceRequest request) {
    MaskParams mask = RequestParams.mask(request.getMaskDecodeMode(), request.getTradeoffFactor(),
        request.getResponseMaskFormat());
    return run(request, request.getImage(), "instance-segmentation", mask, 0f);
  }

  @AcceptsBodyApiKey
  @Override
  public InferenceResponses inferInstanceSegmentationAlias(InstanceSegmentationInferenceRequest request) {
    return inferInstanceSegmentation(request);
  }

  @AcceptsBodyApiKey
  @Override
  public InferenceResponses inferClassification(ClassificationInferenceRequest request) {
    return run(request, request.getImage(), "classification", null, 0f);
  }

  @AcceptsBodyApiKey
  @Override
  public InferenceResponses inferKeypointsDetection(KeypointsDetectionInferenceRequest request) {
    return run(request, request.getImage(), "keypoint-detection", null,
        RequestParams.keypointConfidence(request.getKeypointConfidence()));
  }

  @AcceptsBodyApiKey
  @Override
  public InferenceResponses inferKeypointsDetectionAlias(KeypointsDetectionInferenceRequest request) {
    return inferKeypointsDetection(request);
  }

  /**
   * The four request models share most fields but no Java interface; they are introspected beans, so their
   * common fields are read by name.
   */
  private InferenceResponses run(Object request, ImageInput image, String task, MaskParams mask,
      float keypointConfidence) {
    BeanWrapper<Object> r = BeanWrapper.getWrapper(request);
    Confidence c = r.getProperty("confidence", Confidence.class).orElse(null);
    @SuppressWarnings("unchecked")
    List<String> classFilter = r.getProperty("classFilter", List.class).orElse(null);
    DetectionParams params = RequestParams.detection(c == null ? null : c.threshold(),
        r.getProperty("iouThreshold", Float.class).orElse(null),
        r.getProperty("classAgnosticNms", Boolean.class).orElse(null), classFilter,
        r.getProperty("maxDetections", Integer.class).orElse(null));
    InferenceJob job = new InferenceJob(r.getProperty("modelId", String.class).orElse(null),
        ApiKeys.resolve(null, r.getProperty("apiKey", String.class).orElse(null)), sources(image), params,
        new PreprocessFlags(flag(r, "disablePreprocContrast"), flag(r, "disablePreprocGrayscale"),
            flag(r, "disablePreprocStaticCrop")),
        !flag(r, "disablePreprocAutoOrient"), flag(r, "visualizePredictions"), flag(r, "visualizationLabels"),
        r.getProperty("visualizationStrokeWidth", Integer.class).orElse(1),
        r.getProperty("id", String.class).orElse(null), mask, keypointConfidence);
    return new InferenceResponses(handler.run(job, task), image.batch());
  }

  private static boolean flag(BeanWrapper<Object> r, String property) {
    return r.getProperty(property, Boolean.class).orElse(false);
  }

  private List<InferenceJob.ImageSource> sources(ImageInput input) {
    if (input.images().isEmpty()) {
      throw new InvalidRequestException("InvalidParameterError", "'image' is an empty list.");
    }
    if (input.images().size() > maxBatch) {
      throw new InvalidRequestException("InvalidParameterError", "'image' lists " + input.images().size()
          + " images; at most " + maxBatch + " are accepted in one request (MAX_BATCH_SIZE).");
    }
    List<InferenceJob.ImageSource> list = new ArrayList<>();
    Deadline downloads = images.downloadDeadline();
    for (InferenceRequestImage i : input.images()) {
      ImageReference ref = new ImageReference(i.getType(), i.getValue());
      list.add(autoOrient -> images.load(ref, autoOrient, downloads));
    }
    return list;
  }
}
