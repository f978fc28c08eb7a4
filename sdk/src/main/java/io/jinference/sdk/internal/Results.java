package io.jinference.sdk.internal;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jinference.sdk.ClassPrediction;
import io.jinference.sdk.ClassificationResult;
import io.jinference.sdk.Detection;
import io.jinference.sdk.InferenceException;
import io.jinference.sdk.InferenceResult;
import io.jinference.sdk.Keypoint;
import io.jinference.sdk.KeypointsPrediction;
import io.jinference.sdk.KeypointsResult;
import io.jinference.sdk.ModelDescription;
import io.jinference.sdk.ObjectDetectionResult;
import io.jinference.sdk.Point;
import io.jinference.sdk.SegmentationPrediction;
import io.jinference.sdk.SegmentationResult;
import io.jinference.sdk.internal.model.ClassificationInferenceResponse;
import io.jinference.sdk.internal.model.ClassificationInferenceResponsesOneOfInner;
import io.jinference.sdk.internal.model.InstanceSegmentationInferenceResponse;
import io.jinference.sdk.internal.model.InstanceSegmentationPrediction;
import io.jinference.sdk.internal.model.KeypointsDetectionInferenceResponse;
import io.jinference.sdk.internal.model.ModelsDescriptions;
import io.jinference.sdk.internal.model.MultiLabelClassificationInferenceResponse;
import io.jinference.sdk.internal.model.MultiLabelClassificationPrediction;
import io.jinference.sdk.internal.model.ObjectDetectionInferenceResponse;
import io.jinference.sdk.internal.model.ObjectDetectionPrediction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The contract's response types (generated) to the SDK's result values, field by field: one method
 * per task, chosen by the task the caller asked for.
 */
public final class Results {
  private final ObjectMapper mapper;

  /** Made once per connection: the mapper copy below has caches of its own. */
  public Results(ObjectMapper mapper) {
    // The generator puts a type-id annotation on the interface of the classification oneOf; the two
    // classification responses are told apart here by their shape, so it is switched off for them.
    this.mapper =
        mapper.copy().addMixIn(ClassificationInferenceResponsesOneOfInner.class, NoTypeId.class);
  }

  @JsonTypeInfo(use = JsonTypeInfo.Id.NONE)
  private interface NoTypeId {}

  /** One image's response of a task route, read as the task's response type. */
  public InferenceResult of(Task task, JsonNode response) {
    switch (task) {
      case INSTANCE_SEGMENTATION:
        return segmentation(read(response, InstanceSegmentationInferenceResponse.class));
      case KEYPOINT_DETECTION:
        return keypoints(read(response, KeypointsDetectionInferenceResponse.class));
      case CLASSIFICATION:
        return response.path("predictions").isObject()
            ? multiLabel(read(response, MultiLabelClassificationInferenceResponse.class))
            : classification(read(response, ClassificationInferenceResponse.class));
      default:
        return detection(read(response, ObjectDetectionInferenceResponse.class));
    }
  }

  private <T> T read(JsonNode node, Class<T> type) {
    try {
      return mapper.treeToValue(node, type);
    } catch (JsonProcessingException e) {
      throw new InferenceException(
          "The server's response does not match the contract's "
              + type.getSimpleName()
              + ": "
              + e.getOriginalMessage(),
          e);
    }
  }

  public static ObjectDetectionResult detection(ObjectDetectionInferenceResponse r) {
    List<Detection> list = new ArrayList<>(r.getPredictions().size());
    for (ObjectDetectionPrediction p : r.getPredictions()) {
      list.add(
          new Detection(
              p.getX(),
              p.getY(),
              p.getWidth(),
              p.getHeight(),
              p.getConfidence(),
              p.getClassName(),
              p.getClassId(),
              p.getDetectionId()));
    }
    return new ObjectDetectionResult(
        r.getInferenceId(),
        r.getTime(),
        r.getImage().getWidth(),
        r.getImage().getHeight(),
        list,
        r.getVisualization());
  }

  private static SegmentationResult segmentation(InstanceSegmentationInferenceResponse r) {
    List<SegmentationPrediction> list = new ArrayList<>(r.getPredictions().size());
    for (InstanceSegmentationPrediction p : r.getPredictions()) {
      List<Point> polygon = new ArrayList<>();
      if (p.getPoints() != null) {
        p.getPoints().forEach(v -> polygon.add(new Point(v.getX(), v.getY())));
      }
      list.add(
          new SegmentationPrediction(
              new Detection(
                  p.getX(),
                  p.getY(),
                  p.getWidth(),
                  p.getHeight(),
                  p.getConfidence(),
                  p.getClassName(),
                  p.getClassId(),
                  p.getDetectionId()),
              polygon,
              p.getRle() == null ? null : p.getRle().getCounts()));
    }
    return new SegmentationResult(
        r.getInferenceId(),
        r.getTime(),
        r.getImage().getWidth(),
        r.getImage().getHeight(),
        list,
        r.getVisualization());
  }

  private static KeypointsResult keypoints(KeypointsDetectionInferenceResponse r) {
    List<KeypointsPrediction> list = new ArrayList<>(r.getPredictions().size());
    for (io.jinference.sdk.internal.model.KeypointsPrediction p : r.getPredictions()) {
      List<Keypoint> points = new ArrayList<>(p.getKeypoints().size());
      for (io.jinference.sdk.internal.model.Keypoint k : p.getKeypoints()) {
        points.add(
            new Keypoint(k.getX(), k.getY(), k.getConfidence(), k.getClassId(), k.getClassName()));
      }
      list.add(
          new KeypointsPrediction(
              new Detection(
                  p.getX(),
                  p.getY(),
                  p.getWidth(),
                  p.getHeight(),
                  p.getConfidence(),
                  p.getClassName(),
                  p.getClassId(),
                  p.getDetectionId()),
              points));
    }
    return new KeypointsResult(
        r.getInferenceId(),
        r.getTime(),
        r.getImage().getWidth(),
        r.getImage().getHeight(),
        list,
        r.getVisualization());
  }

  private static ClassificationResult classification(ClassificationInferenceResponse r) {
    List<ClassPrediction> list = new ArrayList<>(r.getPredictions().size());
    r.getPredictions()
        .forEach(
            p ->
                list.add(new ClassPrediction(p.getClassName(), p.getClassId(), p.getConfidence())));
    return new ClassificationResult(
        r.getInferenceId(),
        r.getTime(),
        r.getImage().getWidth(),
        r.getImage().getHeight(),
        false,
        list,
        r.getTop() == null ? "" : r.getTop(),
        r.getConfidence() == null ? 0 : r.getConfidence(),
        List.of(),
        r.getVisualization());
  }

  private static ClassificationResult multiLabel(MultiLabelClassificationInferenceResponse r) {
    List<ClassPrediction> list = new ArrayList<>(r.getPredictions().size());
    for (Map.Entry<String, MultiLabelClassificationPrediction> e : r.getPredictions().entrySet()) {
      list.add(
          new ClassPrediction(e.getKey(), e.getValue().getClassId(), e.getValue().getConfidence()));
    }
    return new ClassificationResult(
        r.getInferenceId(),
        r.getTime(),
        r.getImage().getWidth(),
        r.getImage().getHeight(),
        true,
        list,
        "",
        0,
        r.getPredictedClasses() == null ? List.of() : r.getPredictedClasses(),
        r.getVisualization());
  }

  public static List<ModelDescription> models(ModelsDescriptions d) {
    List<ModelDescription> list = new ArrayList<>();
    for (io.jinference.sdk.internal.model.ModelDescription m : d.getModels()) {
      list.add(
          new ModelDescription(
              m.getModelId(),
              m.getTaskType(),
              m.getBatchSize(),
              m.getInputWidth(),
              m.getInputHeight()));
    }
    return List.copyOf(list);
  }
}
