package io.jinference.sdk.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jinference.sdk.InferenceConfiguration;
import io.jinference.sdk.InferenceResult;
import io.jinference.sdk.InvalidInputException;
import io.jinference.sdk.ModelDescription;
import io.jinference.sdk.internal.model.ClassificationInferenceRequest;
import io.jinference.sdk.internal.model.InferenceRequestImage;
import io.jinference.sdk.internal.model.InstanceSegmentationInferenceRequest;
import io.jinference.sdk.internal.model.KeypointsDetectionInferenceRequest;
import io.jinference.sdk.internal.model.ObjectDetectionInferenceRequest;
import io.jinference.sdk.internal.wire.ImageInput;
import io.jinference.sdk.internal.wire.InferenceResponses;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;
import retrofit2.Call;

/**
 * Images to a model's task route and back, asynchronously: v1 sends chunks of {@code maxBatchSize}
 * images as JSON lists, {@code maxConcurrentRequests} chunks at a time; v0 sends one image per
 * legacy request. Images are read and encoded when their chunk is sent.
 */
public final class TaskCalls {
  private final Transport transport;
  private final ImageEncoder images;
  private final InferenceConfiguration configuration;
  private final @Nullable String apiKey;
  private final Function<String, CompletableFuture<ModelDescription>> descriptions;
  private final Results results;

  public TaskCalls(
      Transport transport,
      ImageEncoder images,
      InferenceConfiguration configuration,
      @Nullable String apiKey,
      Function<String, CompletableFuture<ModelDescription>> descriptions,
      Results results) {
    this.transport = transport;
    this.images = images;
    this.configuration = configuration;
    this.apiKey = apiKey;
    this.descriptions = descriptions;
    this.results = results;
  }

  /**
   * @param task the task the caller expects (a model of another task is an {@link
   *     InvalidInputException}), or null for the model's own task
   */
  public CompletableFuture<List<InferenceResult>> v1(
      List<ImageData> list, String modelId, @Nullable Task task) {
    return descriptions
        .apply(modelId)
        .thenCompose(
            model -> {
              Task t = Task.of(model.taskType());
              if (t == null || (task != null && t != task)) {
                throw new InvalidInputException(
                    "Model "
                        + modelId
                        + " is a "
                        + model.taskType()
                        + " model"
                        + (task == null ? "; this SDK serves " : ", not ")
                        + (task == null
                            ? "detection, segmentation, keypoints and classification"
                            : task.type)
                        + ".");
              }
              int size = configuration.maxBatchSize();
              List<List<ImageData>> chunks = new ArrayList<>();
              for (int from = 0; from < list.size(); from += size) {
                chunks.add(list.subList(from, Math.min(list.size(), from + size)));
              }
              boolean batch = list.size() > 1;
              return inOrder(
                      chunks.size(),
                      i -> chunk(chunks.get(i), modelId, t, batch, model),
                      configuration.maxConcurrentRequests())
                  .thenApply(TaskCalls::flatten);
            });
  }

  /** The legacy route, one request per image (object detection, as Roboflow's hosted API). */
  public CompletableFuture<List<InferenceResult>> v0(List<ImageData> list, String modelId) {
    String[] parts = modelId.split("/");
    if (parts.length != 2) {
      return CompletableFuture.failedFuture(
          new InvalidInputException(
              "The v0 route needs a model id of the form project/version, got '" + modelId + "'."));
    }
    return inOrder(
        list.size(),
        i -> legacy(list.get(i), parts[0], parts[1], modelId),
        configuration.maxConcurrentRequests());
  }

  private CompletableFuture<InferenceResult> legacy(
      ImageData image, String project, String version, String modelId) {
    InferenceConfiguration c = configuration;
    return images
        .offThread(() -> images.encode(image, c.urlImagesFetchedByServer()))
        .thenCompose(e -> legacyCall(e, c, project, version, modelId));
  }

  private CompletableFuture<InferenceResult> legacyCall(
      ImageEncoder.Encoded e,
      InferenceConfiguration c,
      String project,
      String version,
      String modelId) {
    boolean url = e.type.equals("url");
    return transport
        .calls
        .enqueue(
            transport.legacy.legacyInfer(
                project,
                version,
                url ? e.value : null,
                apiKey,
                c.confidenceThreshold(),
                c.iouThreshold(),
                null,
                c.visualizePredictions() ? "image_and_json" : "json",
                null,
                c.visualizeLabels(),
                c.strokeWidth(),
                null,
                null,
                c.maxDetections(),
                null,
                c.disablePreprocAutoOrientation(),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                url ? "" : e.value),
            "POST /" + modelId)
        .thenApply(Results::detection);
  }

  private CompletableFuture<List<InferenceResult>> chunk(
      List<ImageData> chunk, String modelId, Task task, boolean batch, ModelDescription model) {
    double[] scales = new double[chunk.size()];
    return images
        .offThread(
            () -> {
              List<InferenceRequestImage> wire = new ArrayList<>(chunk.size());
              for (int i = 0; i < chunk.size(); i++) {
                ImageEncoder.Encoded e =
                    configuration.clientDownsizingDisabled() || model.inputWidth() == null
                        ? images.encode(chunk.get(i), configuration.urlImagesFetchedByServer())
                        : images.encodeDownsized(
                            chunk.get(i), model.inputWidth(), model.inputHeight());
                scales[i] = e.scale;
                wire.add(new InferenceRequestImage().type(e.type).value(e.value));
              }
              return requestBody(
                  modelId, batch ? ImageInput.batch(wire) : ImageInput.single(wire.get(0)), task);
            })
        .thenCompose(body -> send(body, task, scales));
  }

  private CompletableFuture<List<InferenceResult>> send(
      ObjectNode body, Task task, double[] scales) {
    return transport
        .calls
        .enqueue(call(task, body), task.route)
        .thenApply(
            responses -> {
              List<JsonNode> out = responses.elements();
              List<InferenceResult> typed = new ArrayList<>(out.size());
              for (int i = 0; i < out.size(); i++) {
                if (i < scales.length && scales[i] != 1) {
                  rescale(out.get(i), scales[i]);
                }
                typed.add(results.of(task, out.get(i)));
              }
              return typed;
            });
  }

  /** The key travels in the body, as Roboflow's Python client sends it, never in the URL. */
  private static final String NO_QUERY_KEY = null;

  private Call<InferenceResponses> call(Task task, ObjectNode body) {
    switch (task) {
      case INSTANCE_SEGMENTATION:
        return transport.inference.inferInstanceSegmentation(
            request(body, InstanceSegmentationInferenceRequest.class), NO_QUERY_KEY);
      case KEYPOINT_DETECTION:
        return transport.inference.inferKeypointsDetection(
            request(body, KeypointsDetectionInferenceRequest.class), NO_QUERY_KEY);
      case CLASSIFICATION:
        return transport.inference.inferClassification(
            request(body, ClassificationInferenceRequest.class), NO_QUERY_KEY);
      default:
        return transport.inference.inferObjectDetection(
            request(body, ObjectDetectionInferenceRequest.class), NO_QUERY_KEY);
    }
  }

  /**
   * Runs {@code count} calls, at most {@code concurrency} at a time, without waiting on any thread:
   * each call's completion starts the next. Results in index order; the first failure fails all.
   */
  public static <T> CompletableFuture<List<T>> inOrder(
      int count, IntFunction<CompletableFuture<T>> call, int concurrency) {
    List<T> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(null);
    }
    AtomicInteger next = new AtomicInteger();
    List<CompletableFuture<Void>> workers = new ArrayList<>();
    for (int w = 0; w < Math.max(1, Math.min(concurrency, count)); w++) {
      workers.add(worker(next, count, call, out));
    }
    return CompletableFuture.allOf(workers.toArray(new CompletableFuture<?>[0]))
        .thenApply(v -> out);
  }

  private static <T> CompletableFuture<Void> worker(
      AtomicInteger next, int count, IntFunction<CompletableFuture<T>> call, List<T> out) {
    int i = next.getAndIncrement();
    if (i >= count) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<T> started;
    try {
      started = call.apply(i);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return started.thenCompose(
        r -> {
          synchronized (out) {
            out.set(i, r);
          }
          return worker(next, count, call, out);
        });
  }

  private static <T> List<T> flatten(List<List<T>> lists) {
    List<T> all = new ArrayList<>();
    lists.forEach(all::addAll);
    return all;
  }

  /**
   * Predictions made on a shrunk image back to the original's pixels (Python's {@code
   * adjust_prediction_to_client_scaling_factor}): coordinates, sizes, polygon points and keypoints
   * divided by the ratio, the image size divided and rounded.
   */
  private static void rescale(JsonNode response, double ratio) {
    JsonNode image = response.path("image");
    if (image.isObject()) {
      ((ObjectNode) image).put("width", (int) Math.round(image.path("width").asDouble() / ratio));
      ((ObjectNode) image).put("height", (int) Math.round(image.path("height").asDouble() / ratio));
    }
    if (!response.path("predictions").isArray()) {
      return;
    }
    for (JsonNode p : response.path("predictions")) {
      scaleFields((ObjectNode) p, ratio, "x", "y", "width", "height");
      p.path("points").forEach(v -> scaleFields((ObjectNode) v, ratio, "x", "y"));
      p.path("keypoints").forEach(v -> scaleFields((ObjectNode) v, ratio, "x", "y"));
    }
  }

  private static void scaleFields(ObjectNode node, double ratio, String... fields) {
    for (String f : fields) {
      if (node.has(f)) {
        node.put(f, node.path(f).asDouble() / ratio);
      }
    }
  }

  /**
   * The configured options under their wire names (Python's to_*_parameters); unset options are
   * left out.
   */
  private ObjectNode requestBody(String modelId, ImageInput image, Task task) {
    InferenceConfiguration c = configuration;
    ObjectNode b = transport.mapper.createObjectNode();
    b.put("model_id", modelId);
    if (apiKey != null) {
      b.put("api_key", apiKey);
    }
    b.set("image", transport.mapper.valueToTree(image));
    putIfSet(b, "disable_preproc_auto_orient", c.disablePreprocAutoOrientation());
    putIfSet(b, "confidence", c.confidenceThreshold());
    putIfSet(b, "visualization_stroke_width", c.strokeWidth());
    if (c.visualizePredictions()) {
      b.put("visualize_predictions", true);
    }
    if (task != Task.CLASSIFICATION) {
      putIfSet(b, "iou_threshold", c.iouThreshold());
      putIfSet(b, "max_detections", c.maxDetections());
      putIfSet(b, "max_candidates", c.maxCandidates());
      putIfSet(b, "class_agnostic_nms", c.classAgnosticNms());
      putIfSet(b, "visualization_labels", c.visualizeLabels());
      if (c.classFilter() != null) {
        b.set("class_filter", transport.mapper.valueToTree(c.classFilter()));
      }
    }
    if (task == Task.KEYPOINT_DETECTION) {
      putIfSet(b, "keypoint_confidence", c.keypointConfidenceThreshold());
    }
    if (task == Task.INSTANCE_SEGMENTATION) {
      putIfSet(b, "mask_decode_mode", c.maskDecodeMode());
      putIfSet(b, "tradeoff_factor", c.tradeoffFactor());
      putIfSet(b, "response_mask_format", c.responseMaskFormat());
    }
    return b;
  }

  private void putIfSet(ObjectNode b, String name, @Nullable Object value) {
    if (value != null) {
      b.set(name, transport.mapper.valueToTree(value));
    }
  }

  /**
   * The generated request model holding exactly {@code body}: the generated classes initialise
   * defaults, which are cleared so that the server's own defaults apply to what the caller did not
   * set.
   */
  private <T> T request(ObjectNode body, Class<T> type) {
    try {
      T request = transport.mapper.treeToValue(body, type);
      ObjectNode unset = transport.mapper.createObjectNode();
      for (BeanPropertyDefinition p :
          transport
              .mapper
              .getSerializationConfig()
              .introspect(transport.mapper.constructType(type))
              .findProperties()) {
        if (!body.has(p.getName())) {
          unset.putNull(p.getName());
        }
      }
      return transport.mapper.updateValue(request, unset);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException("Cannot build the request: " + e.getOriginalMessage(), e);
    }
  }
}
