package io.jinference.server.http.controller;

import io.jinference.server.config.Setting;
import io.jinference.server.config.Settings;
import io.jinference.server.error.InvalidRequestException;
import io.jinference.server.http.api.Sam2Api;
import io.jinference.server.http.auth.RequestKeys;
import io.jinference.server.http.model.Sam2Box;
import io.jinference.server.http.model.Sam2EmbeddingRequest;
import io.jinference.server.http.model.Sam2EmbeddingResponse;
import io.jinference.server.http.model.Sam2Point;
import io.jinference.server.http.model.Sam2Prompt;
import io.jinference.server.http.model.Sam2SegmentationPrediction;
import io.jinference.server.http.model.Sam2SegmentationRequest;
import io.jinference.server.http.model.Sam2SegmentationResponse;
import io.jinference.server.http.wire.ImageInput;
import io.jinference.server.inference.runtime.sam.Sam2;
import io.jinference.server.inference.runtime.sam.SamEmbedding;
import io.jinference.server.inference.runtime.sam.SamMask;
import io.jinference.server.inference.runtime.sam.SamMasks;
import io.jinference.server.inference.runtime.sam.SamPrompt;
import io.jinference.server.model.ModelAliases;
import io.jinference.server.model.ModelId;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.ArrayList;
import java.util.List;

/**
 * Roboflow's SAM 2 routes, {@code /sam2/embed_image} and {@code /sam2/segment_image}, on the model
 * {@code sam2/<sam2_version_id>} (default {@code hiera_large}, Roboflow's). Runs on the blocking
 * executor, never on an event loop.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
class Sam2Controller implements Sam2Api {
  private static final String DEFAULT_VERSION = "hiera_large";

  private final Sam2 sam2;
  private final SamImages images;
  private final ModelAliases aliases;
  private final int maxPrompts;
  private final boolean logitsCacheOff;

  Sam2Controller(Sam2 sam2, SamImages images, ModelAliases aliases, Settings settings) {
    this.sam2 = sam2;
    this.images = images;
    this.aliases = aliases;
    this.maxPrompts = settings.integer(Setting.SAM_MAX_PROMPTS);
    this.logitsCacheOff = settings.flag(Setting.DISABLE_SAM2_LOGITS_CACHE);
  }

  @Override
  public Sam2EmbeddingResponse sam2EmbedImage(Sam2EmbeddingRequest request, RequestKeys keys) {
    keys.roboflowKey(request.getApiKey());
    long start = System.nanoTime();
    ModelId id = modelId(request.getModelId(), request.getSam2VersionId());
    SamEmbedding e =
        embedding(
            id,
            request.getImage(),
            request.getImageId(),
            !Boolean.TRUE.equals(request.getDisablePreprocAutoOrient()));
    return new Sam2EmbeddingResponse(e.imageId(), SamImages.seconds(start));
  }

  @Override
  public Object sam2SegmentImage(Sam2SegmentationRequest request, RequestKeys keys) {
    keys.roboflowKey(request.getApiKey());
    long start = System.nanoTime();
    ModelId id = modelId(request.getModelId(), request.getSam2VersionId());
    if (request.getMaskInput() != null) {
      throw new InvalidRequestException(
          "InvalidParameterError",
          "mask_input is not served by jinference: send save_logits_to_cache with one request"
              + " and load_logits_from_cache with the next (docs/compatibility.md).");
    }
    String format = format(request.getFormat());
    List<SamPrompt> prompts = prompts(request);
    SamEmbedding e =
        embedding(
            id,
            request.getImage(),
            request.getImageId(),
            !Boolean.TRUE.equals(request.getDisablePreprocAutoOrient()));
    float[][] prior = null;
    if (Boolean.TRUE.equals(request.getLoadLogitsFromCache()) && !logitsCacheOff) {
      prior = sam2.priorLogits(id, e.imageId(), prompts).orElse(null);
    }
    List<SamMask> masks =
        sam2.segment(id, e, prompts, !Boolean.FALSE.equals(request.getMultimaskOutput()), prior);
    if (Boolean.TRUE.equals(request.getSaveLogitsToCache()) && !logitsCacheOff) {
      sam2.keepLogits(id, e.imageId(), prompts, masks);
    }
    if (format.equals("binary")) {
      return HttpResponse.ok(SamMasks.npz(masks)).contentType(MediaType.APPLICATION_OCTET_STREAM);
    }
    List<Sam2SegmentationPrediction> predictions = new ArrayList<>();
    for (SamMask m : masks) {
      Object shape =
          format.equals("rle")
              ? SamMasks.rle(m.logits(), m.width(), m.height())
              : SamMasks.polygons(m.logits(), m.width(), m.height());
      predictions.add(
          new Sam2SegmentationPrediction(
              shape, (double) m.confidence(), format.equals("rle") ? "rle" : "polygon"));
    }
    return new Sam2SegmentationResponse(predictions, SamImages.seconds(start));
  }

  private SamEmbedding embedding(ModelId id, ImageInput image, String imageId, boolean autoOrient) {
    return images.embedding(sam2, id, image, imageId, autoOrient, "SAM2_MAX_EMBEDDING_CACHE_SIZE");
  }

  private List<SamPrompt> prompts(Sam2SegmentationRequest request) {
    List<Sam2Prompt> given =
        request.getPrompts() == null || request.getPrompts().getPrompts() == null
            ? List.of()
            : request.getPrompts().getPrompts();
    if (given.size() > maxPrompts) {
      throw new InvalidRequestException(
          "InvalidParameterError",
          given.size() + " prompts: at most " + maxPrompts + " (SAM_MAX_PROMPTS).");
    }
    List<SamPrompt> prompts = new ArrayList<>();
    for (int i = 0; i < given.size(); i++) {
      Sam2Prompt p = given.get(i);
      double[] box = null;
      if (p.getBox() != null) {
        Sam2Box b = p.getBox();
        finite(i, b.getX(), b.getY(), b.getWidth(), b.getHeight());
        if (b.getWidth() < 0 || b.getHeight() < 0) {
          throw new InvalidRequestException(
              "InvalidParameterError",
              "Prompt " + i + ": the box's width and height are negative.");
        }
        box =
            new double[] {
              b.getX() - b.getWidth() / 2,
              b.getY() - b.getHeight() / 2,
              b.getX() + b.getWidth() / 2,
              b.getY() + b.getHeight() / 2
            };
      }
      List<Sam2Point> points = p.getPoints() == null ? List.of() : p.getPoints();
      if (points.size() > maxPrompts) {
        throw new InvalidRequestException(
            "InvalidParameterError",
            "Prompt " + i + " has " + points.size() + " points: at most " + maxPrompts + ".");
      }
      List<SamPrompt.Point> ours = new ArrayList<>();
      for (Sam2Point q : points) {
        finite(i, q.getX(), q.getY());
        ours.add(new SamPrompt.Point(q.getX(), q.getY(), q.getPositive()));
      }
      if (box == null && ours.isEmpty()) {
        continue; // an empty prompt, as Roboflow's, adds nothing
      }
      prompts.add(new SamPrompt(box, ours));
    }
    return prompts;
  }

  private static void finite(int prompt, double... values) {
    for (double v : values) {
      if (!Double.isFinite(v) || Math.abs(v) > 1e7) {
        throw new InvalidRequestException(
            "InvalidParameterError",
            "Prompt " + prompt + " has a coordinate that is not a pixel position: " + v + ".");
      }
    }
  }

  private static String format(String format) {
    String f = format == null ? "json" : format;
    return switch (f) {
      case "json", "polygon" -> "json";
      case "rle", "binary" -> f;
      default ->
          throw new InvalidRequestException(
              "InvalidParameterError", "format " + f + " is not one of json, rle and binary.");
    };
  }

  private ModelId modelId(String modelId, String version) {
    return SamImages.modelId(sam2, aliases, "sam2", modelId, version, DEFAULT_VERSION);
  }
}
