package io.jinference.server.http.controller;

import io.jinference.server.error.InputImageLoadException;
import io.jinference.server.error.InvalidRequestException;
import io.jinference.server.http.auth.RequestKeys;
import io.jinference.server.image.ImageReference;
import io.jinference.server.image.ImageSource;
import io.jinference.server.inference.task.DetectionParams;
import io.jinference.server.inference.task.PreprocessFlags;
import io.jinference.server.inference.task.TaskOptions;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Part;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestBean;
import io.micronaut.http.multipart.CompletedFileUpload;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The legacy route {@code GET|POST /{dataset_id}/{version_id}} of Roboflow's hosted API. The
 * contract declares it (for the docs and the SDK), but no generator can produce an implementable
 * interface for its many bodies (codegen-traps §3), so it is written by hand: multipart part {@code
 * file}, a raw base64 body of any content type, or {@code ?image=<url>}. Fixed routes such as
 * {@code /model/add} win over this catch-all.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
class LegacyController {
  private static final String ROUTE = "/{dataset_id}/{version_id}";
  private static final float CONFIDENCE_FLOOR = 0.01f;

  /**
   * First path segments of the fixed routes. Micronaut hands a POST without Content-Type to this
   * catch-all (which accepts any type) rather than to a fixed route that consumes JSON, so those
   * requests land here.
   */
  private static final Set<String> FIXED_ROUTE_PREFIXES =
      Set.of("model", "infer", "workflows", "inference_pipelines");

  private final InferenceHandler handler;
  private final ModelsController models;

  LegacyController(InferenceHandler handler, ModelsController models) {
    this.handler = handler;
    this.models = models;
  }

  /**
   * The legacy query parameters this server acts on (others are accepted and ignored, as unused
   * options).
   */
  @Introspected
  record Query(
      @QueryValue("api_key") RequestKeys keys,
      @QueryValue("image") @Nullable String image,
      @QueryValue("confidence") @Nullable String confidence,
      @QueryValue("overlap") @Nullable String overlap,
      @QueryValue("format") @Nullable String format,
      @QueryValue("image_type") @Nullable String imageType,
      @QueryValue("labels") @Nullable Boolean labels,
      @QueryValue("stroke") @Nullable Integer stroke,
      @QueryValue("max_detections") @Nullable Integer maxDetections,
      @QueryValue("disable_preproc_auto_orient") @Nullable Boolean disableAutoOrient,
      @QueryValue("disable_preproc_contrast") @Nullable Boolean disableContrast,
      @QueryValue("disable_preproc_grayscale") @Nullable Boolean disableGrayscale,
      @QueryValue("disable_preproc_static_crop") @Nullable Boolean disableStaticCrop,
      @QueryValue("keypoint_confidence") @Nullable Float keypointConfidence,
      @QueryValue("mask_decode_mode") @Nullable String maskDecodeMode,
      @QueryValue("tradeoff_factor") @Nullable Float tradeoffFactor,
      @QueryValue("response_mask_format") @Nullable String responseMaskFormat) {}

  @Post(
      uri = ROUTE,
      consumes = MediaType.MULTIPART_FORM_DATA,
      produces = {MediaType.APPLICATION_JSON, "image/jpeg"})
  HttpResponse<?> multipart(
      @PathVariable("dataset_id") String dataset,
      @PathVariable("version_id") String version,
      @RequestBean Query q,
      @Part("file") @Nullable CompletedFileUpload file) {
    if (q.image() != null) {
      return fromUrl(dataset, version, q);
    }
    if (file == null) {
      throw new InputImageLoadException(
          "Expected image to be send in part named 'file' of multipart/form-data.");
    }
    return infer(dataset, version, q, new ImageSource.Upload(read(file)));
  }

  @Post(
      uri = ROUTE,
      consumes = MediaType.ALL,
      produces = {MediaType.APPLICATION_JSON, "image/jpeg"})
  HttpResponse<?> raw(
      HttpRequest<?> request,
      @PathVariable("dataset_id") String dataset,
      @PathVariable("version_id") String version,
      @RequestBean Query q,
      @Body @Nullable byte[] body) {
    if (FIXED_ROUTE_PREFIXES.contains(dataset)) {
      return fixedRoute(dataset, version);
    }
    if (q.image() != null) {
      return fromUrl(dataset, version, q);
    }
    if (request.getContentType().isEmpty()) {
      throw new InvalidRequestException(
          "ContentTypeMissing", "Content-Type header not provided with request.");
    }
    if (q.imageType() != null && !"base64".equalsIgnoreCase(q.imageType())) {
      throw new InputImageLoadException(
          "numpy".equalsIgnoreCase(q.imageType())
              ? "NumPy image type is not supported in this configuration of `inference`."
              : "Image declaration contains not recognised image type.");
    }
    return infer(dataset, version, q, new ImageSource.Base64Body(body));
  }

  @Get(
      uri = ROUTE,
      produces = {MediaType.APPLICATION_JSON, "image/jpeg"})
  HttpResponse<?> get(
      @PathVariable("dataset_id") String dataset,
      @PathVariable("version_id") String version,
      @RequestBean Query q) {
    if (q.image() == null) {
      throw new InputImageLoadException(
          "Image not found in request: pass ?image=<url> or POST the image.");
    }
    return fromUrl(dataset, version, q);
  }

  /**
   * {@code POST /model/clear} takes no body, and Roboflow's Python client sends it without a
   * Content-Type.
   */
  private HttpResponse<?> fixedRoute(String first, String second) {
    if (first.equals("model") && second.equals("clear")) {
      return HttpResponse.ok(models.clearModels());
    }
    throw new InvalidRequestException(
        "ContentTypeInvalid",
        "Invalid Content-Type header provided with request: POST /"
            + first
            + "/"
            + second
            + " takes a JSON body with Content-Type: application/json.");
  }

  private HttpResponse<?> fromUrl(String dataset, String version, Query q) {
    return infer(
        dataset, version, q, new ImageSource.Reference(new ImageReference("url", q.image())));
  }

  private HttpResponse<?> infer(String dataset, String version, Query q, ImageSource source) {
    String format = q.format() == null ? "json" : q.format().toLowerCase(Locale.ROOT);
    if (!List.of("json", "image", "image_and_json").contains(format)) {
      throw new InvalidRequestException(
          "InvalidParameterError",
          "format must be json, image or image_and_json, got '" + q.format() + "'.");
    }
    DetectionParams params =
        RequestParams.detection(
            Math.max(
                CONFIDENCE_FLOOR,
                percent(q.confidence(), RequestParams.DEFAULT_CONFIDENCE, "confidence")),
            percent(q.overlap(), RequestParams.DEFAULT_IOU, "overlap"),
            false,
            null,
            q.maxDetections());
    PreprocessFlags flags =
        new PreprocessFlags(
            Boolean.TRUE.equals(q.disableContrast()),
            Boolean.TRUE.equals(q.disableGrayscale()),
            Boolean.TRUE.equals(q.disableStaticCrop()));
    TaskOptions options =
        new TaskOptions(
            params,
            RequestParams.mask(q.maskDecodeMode(), q.tradeoffFactor(), q.responseMaskFormat()),
            RequestParams.keypointConfidence(q.keypointConfidence()),
            flags);
    InferenceJob job =
        new InferenceJob(
            dataset + "/" + version,
            q.keys().roboflowKey(),
            List.of(source),
            options,
            !Boolean.TRUE.equals(q.disableAutoOrient()),
            new InferenceJob.Visualization(
                !format.equals("json"),
                Boolean.TRUE.equals(q.labels()),
                q.stroke() == null ? 1 : q.stroke()),
            null);
    InferenceResult result = handler.run(job, null);
    if (format.equals("image")) {
      return HttpResponse.ok(result.visualizations().get(0)).contentType(MediaType.IMAGE_JPEG_TYPE);
    }
    Object response = ResponseBuilder.responses(result).get(0);
    return HttpResponse.ok(response).contentType(MediaType.APPLICATION_JSON_TYPE);
  }

  /**
   * Legacy thresholds: a number ({@code >= 1} means percent), or {@code best}/{@code default} for
   * the model's default.
   */
  private static float percent(String value, float fallback, String name) {
    if (value == null || value.isEmpty() || value.equals("best") || value.equals("default")) {
      return fallback;
    }
    try {
      float v = Float.parseFloat(value);
      return v >= 1 ? v / 100f : v;
    } catch (NumberFormatException e) {
      throw new InvalidRequestException(
          "InvalidParameterError",
          name + " must be a number, \"best\" or \"default\", got '" + value + "'.");
    }
  }

  private static byte[] read(CompletedFileUpload file) {
    try {
      return file.getBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
