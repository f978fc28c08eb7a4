package io.jinference.server.http.controller;

import io.jinference.server.config.Setting;
import io.jinference.server.config.Settings;
import io.jinference.server.error.InvalidRequestException;
import io.jinference.server.http.api.SamApi;
import io.jinference.server.http.auth.RequestKeys;
import io.jinference.server.http.model.SamEmbeddingRequest;
import io.jinference.server.http.model.SamEmbeddingResponse;
import io.jinference.server.http.model.SamSegmentationRequest;
import io.jinference.server.http.model.SamSegmentationResponse;
import io.jinference.server.inference.runtime.sam.Sam;
import io.jinference.server.inference.runtime.sam.SamEmbedding;
import io.jinference.server.inference.runtime.sam.SamMask;
import io.jinference.server.inference.runtime.sam.SamMasks;
import io.jinference.server.inference.runtime.sam.SegmentAnything.FeatureInput;
import io.jinference.server.model.ModelAliases;
import io.jinference.server.model.ModelId;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Roboflow's SAM routes, {@code /sam/embed_image} and {@code /sam/segment_image}, on the model
 * {@code sam/<sam_version_id>} (default {@code vit_h}, Roboflow's). Runs on the blocking executor,
 * never on an event loop.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
class SamController implements SamApi {
  private static final String DEFAULT_VERSION = "vit_h";
  private static final Set<Double> LABELS = Set.of(-1.0, 0.0, 1.0, 2.0, 3.0);

  private final Sam sam;
  private final SamImages images;
  private final ModelAliases aliases;
  private final int maxPoints;
  private final long maxPixels;

  SamController(Sam sam, SamImages images, ModelAliases aliases, Settings settings) {
    this.sam = sam;
    this.images = images;
    this.aliases = aliases;
    this.maxPoints = settings.integer(Setting.SAM_MAX_PROMPTS);
    this.maxPixels = settings.number(Setting.MAX_IMAGE_PIXELS);
  }

  @Override
  public Object samEmbedImage(SamEmbeddingRequest request, RequestKeys keys) {
    keys.roboflowKey(request.getApiKey());
    long start = System.nanoTime();
    ModelId id = modelId(request.getSamVersionId());
    boolean binary = binary(request.getFormat(), "format");
    SamEmbedding e =
        embedding(
            id, request.getImage(), request.getImageId(), request.getDisablePreprocAutoOrient());
    SamEmbedding.Feature feature = mainFeature(e);
    if (binary) {
      return HttpResponse.ok(SamMasks.npy(feature.shape(), feature.values()))
          .contentType(MediaType.APPLICATION_OCTET_STREAM);
    }
    return new SamEmbeddingResponse(
        nested(feature.values(), feature.shape(), 0, 0), SamImages.seconds(start));
  }

  @Override
  public Object samSegmentImage(SamSegmentationRequest request, RequestKeys keys) {
    keys.roboflowKey(request.getApiKey());
    long start = System.nanoTime();
    ModelId id = modelId(request.getSamVersionId());
    boolean binary = binary(request.getFormat(), "format");
    if (request.getMaskInput() != null) {
      throw new InvalidRequestException(
          "InvalidParameterError",
          "mask_input is not served by jinference: send has_mask_input with the image_id of an"
              + " earlier segment_image call (docs/compatibility.md).");
    }
    List<float[]> points = points(request);
    String imageId = request.getImageId();
    SamEmbedding e =
        request.getEmbeddings() != null
            ? sent(id, request)
            : embedding(id, request.getImage(), imageId, request.getDisablePreprocAutoOrient());
    float[] prior = null;
    if (Boolean.TRUE.equals(request.getHasMaskInput())) {
      if (imageId == null || Boolean.FALSE.equals(request.getUseMaskInputCache())) {
        throw new InvalidRequestException(
            "InvalidParameterError",
            "has_mask_input needs the image_id of an earlier segment_image call (and"
                + " use_mask_input_cache): mask_input itself is not served.");
      }
      prior =
          sam.last(id, imageId)
              .orElseThrow(
                  () ->
                      new InvalidRequestException(
                          "InvalidParameterError",
                          "No mask is kept for image_id "
                              + imageId
                              + " (none segmented yet, or dropped since:"
                              + " SAM_MAX_EMBEDDING_CACHE_SIZE)."));
    }
    List<SamMask> masks = sam.segment(id, e, points, prior);
    if (imageId != null) {
      sam.keepLast(id, imageId, masks);
    }
    if (binary) {
      return HttpResponse.ok(SamMasks.npz(masks)).contentType(MediaType.APPLICATION_OCTET_STREAM);
    }
    List<List<List<Double>>> full = new ArrayList<>();
    List<List<List<Double>>> low = new ArrayList<>();
    for (SamMask m : masks) {
      full.add(polygon(SamMasks.largestPolygon(m.logits(), m.width(), m.height(), true)));
      low.add(polygon(SamMasks.largestPolygon(m.lowRes(), m.lowSide(), m.lowSide(), true)));
    }
    return new SamSegmentationResponse(full, low, SamImages.seconds(start));
  }

  private SamEmbedding embedding(
      ModelId id,
      io.jinference.server.http.wire.ImageInput image,
      String imageId,
      Boolean noAutoOrient) {
    return images.embedding(
        sam,
        id,
        image,
        imageId,
        !Boolean.TRUE.equals(noAutoOrient),
        "SAM_MAX_EMBEDDING_CACHE_SIZE");
  }

  /** The points and their labels, Roboflow's {@code [[0, 0]]} and {@code [-1]} by default. */
  private List<float[]> points(SamSegmentationRequest request) {
    List<List<Double>> coords =
        request.getPointCoords() == null ? List.of(List.of(0.0, 0.0)) : request.getPointCoords();
    List<Double> labels =
        request.getPointLabels() == null ? List.of(-1.0) : request.getPointLabels();
    if (coords.size() != labels.size()) {
      throw new InvalidRequestException(
          "InvalidParameterError",
          coords.size()
              + " point_coords and "
              + labels.size()
              + " point_labels: one label a point.");
    }
    if (coords.size() > maxPoints) {
      throw new InvalidRequestException(
          "InvalidParameterError",
          coords.size() + " points: at most " + maxPoints + " (SAM_MAX_PROMPTS).");
    }
    List<float[]> points = new ArrayList<>();
    for (int i = 0; i < coords.size(); i++) {
      List<Double> xy = coords.get(i);
      if (xy.size() != 2
          || !Double.isFinite(xy.get(0))
          || !Double.isFinite(xy.get(1))
          || Math.abs(xy.get(0)) > 1e7
          || Math.abs(xy.get(1)) > 1e7) {
        throw new InvalidRequestException(
            "InvalidParameterError", "point_coords[" + i + "] is not a pixel position [x, y].");
      }
      if (!LABELS.contains(labels.get(i))) {
        throw new InvalidRequestException(
            "InvalidParameterError",
            "point_labels["
                + i
                + "] is "
                + labels.get(i)
                + ": SAM's labels are 1 (on the object), 0 (off it), 2 and 3 (a box's corners)"
                + " and -1 (ignored).");
      }
      points.add(
          new float[] {xy.get(0).floatValue(), xy.get(1).floatValue(), labels.get(i).floatValue()});
    }
    return points;
  }

  /** Embeddings the client sent, of the decoder's feature shape, for an image of orig_im_size. */
  private SamEmbedding sent(ModelId id, SamSegmentationRequest request) {
    List<Integer> size = request.getOrigImSize();
    if (size == null
        || size.size() != 2
        || size.get(0) < 1
        || size.get(1) < 1
        || (long) size.get(0) * size.get(1) > maxPixels) {
      throw new InvalidRequestException(
          "InvalidParameterError",
          "Embeddings need orig_im_size, the embedded image's [height, width] (at most"
              + " MAX_IMAGE_PIXELS pixels).");
    }
    FeatureInput input =
        sam.singleFeature(id)
            .orElseThrow(
                () ->
                    new InvalidRequestException(
                        "InvalidParameterError",
                        "Model " + id + "'s decoder takes several feature maps: send the image."));
    float[] values;
    String format = request.getEmbeddingsFormat() == null ? "json" : request.getEmbeddingsFormat();
    try {
      values =
          switch (format) {
            case "json" -> flat(request.getEmbeddings(), input.shape());
            case "binary" -> {
              if (!(request.getEmbeddings() instanceof String text)) {
                throw new IllegalArgumentException("binary embeddings are a base64 .npy string");
              }
              yield SamMasks.readNpy(Base64.getDecoder().decode(text), input.shape());
            }
            default ->
                throw new IllegalArgumentException(
                    "embeddings_format " + format + " is not json or binary");
          };
    } catch (IllegalArgumentException | ClassCastException e) {
      throw new InvalidRequestException(
          "InvalidParameterError",
          "The embeddings are not "
              + java.util.Arrays.toString(input.shape())
              + " numbers: "
              + e.getMessage());
    }
    return new SamEmbedding(
        request.getImageId() == null ? "" : request.getImageId(),
        Map.of(input.name(), new SamEmbedding.Feature(input.shape(), values)),
        size.get(0),
        size.get(1));
  }

  /** Nested lists of numbers of exactly {@code shape}, flattened in C order. */
  private static float[] flat(Object nested, long[] shape) {
    long count = 1;
    for (long d : shape) {
      count *= d;
    }
    float[] out = new float[(int) count];
    int[] at = {0};
    fill(nested, shape, 0, out, at);
    return out;
  }

  private static void fill(Object o, long[] shape, int depth, float[] out, int[] at) {
    if (depth == shape.length) {
      if (!(o instanceof Number n) || !Double.isFinite(n.doubleValue())) {
        throw new IllegalArgumentException("a value is not a finite number");
      }
      out[at[0]++] = n.floatValue();
      return;
    }
    if (!(o instanceof List<?> list) || list.size() != shape[depth]) {
      throw new IllegalArgumentException(
          "dimension " + depth + " is not " + shape[depth] + " long");
    }
    for (Object child : list) {
      fill(child, shape, depth + 1, out, at);
    }
  }

  private static List<Object> nested(float[] values, long[] shape, int depth, int offset) {
    List<Object> out = new ArrayList<>();
    long stride = 1;
    for (int d = depth + 1; d < shape.length; d++) {
      stride *= shape[d];
    }
    for (int i = 0; i < shape[depth]; i++) {
      int from = (int) (offset + i * stride);
      if (depth == shape.length - 1) {
        out.add((double) values[from]);
      } else {
        out.add(nested(values, shape, depth + 1, from));
      }
    }
    return out;
  }

  /** The feature a client gets: the only one, or SAM's {@code image_embeddings}. */
  private static SamEmbedding.Feature mainFeature(SamEmbedding e) {
    if (e.features().size() == 1) {
      return e.features().values().iterator().next();
    }
    SamEmbedding.Feature f = e.features().get("image_embeddings");
    if (f == null) {
      throw new InvalidRequestException(
          "InvalidParameterError",
          "This model's encoder gives several feature maps " + e.features().keySet() + ".");
    }
    return f;
  }

  private static List<List<Double>> polygon(List<int[]> points) {
    return points.stream().map(p -> List.of((double) p[0], (double) p[1])).toList();
  }

  private static boolean binary(String format, String field) {
    String f = format == null ? "json" : format;
    return switch (f) {
      case "json" -> false;
      case "binary" -> true;
      default ->
          throw new InvalidRequestException(
              "InvalidParameterError", field + " " + f + " is not one of json and binary.");
    };
  }

  private ModelId modelId(String version) {
    return SamImages.modelId(sam, aliases, "sam", null, version, DEFAULT_VERSION);
  }
}
