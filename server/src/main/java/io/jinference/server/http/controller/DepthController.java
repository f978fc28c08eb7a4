package io.jinference.server.http.controller;

import io.jinference.server.config.Setting;
import io.jinference.server.config.Settings;
import io.jinference.server.error.InvalidRequestException;
import io.jinference.server.http.api.DepthApi;
import io.jinference.server.http.auth.RequestKeys;
import io.jinference.server.http.model.DepthEstimationRequest;
import io.jinference.server.http.model.DepthEstimationRequestDepthMapFormat;
import io.jinference.server.http.model.DepthEstimationResponse;
import io.jinference.server.image.DecodedImage;
import io.jinference.server.image.ImageLoader;
import io.jinference.server.image.ImageSource;
import io.jinference.server.inference.runtime.depth.DepthAnything;
import io.jinference.server.inference.runtime.depth.DepthMaps;
import io.jinference.server.model.ModelAliases;
import io.jinference.server.model.ModelId;
import io.jinference.server.visualization.Visualizer;
import io.micronaut.http.annotation.Controller;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.Base64;
import java.util.List;

/**
 * Roboflow's depth route, {@code /infer/depth-estimation} (the model id in the body, or in the
 * path): one image's normalised depth map, as numbers or as a PNG, and its picture. Runs on the
 * blocking executor, never on an event loop.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
class DepthController implements DepthApi {
  private static final int JPEG_QUALITY = 90;

  private final DepthAnything depth;
  private final ImageLoader loader;
  private final TaskRequests requests;
  private final ModelAliases aliases;
  private final long maxJsonPixels;

  DepthController(
      DepthAnything depth,
      ImageLoader loader,
      TaskRequests requests,
      ModelAliases aliases,
      Settings settings) {
    this.depth = depth;
    this.loader = loader;
    this.requests = requests;
    this.aliases = aliases;
    this.maxJsonPixels = settings.number(Setting.MAX_DEPTH_JSON_PIXELS);
  }

  @Override
  public DepthEstimationResponse depthEstimation(DepthEstimationRequest request, RequestKeys keys) {
    return estimate(request, null, keys);
  }

  @Override
  public DepthEstimationResponse depthEstimationModel(
      String modelId, DepthEstimationRequest request, RequestKeys keys) {
    return estimate(request, modelId, keys);
  }

  @Override
  public DepthEstimationResponse depthEstimationModelVersion(
      String modelFamily, String modelVersion, DepthEstimationRequest request, RequestKeys keys) {
    return estimate(request, modelFamily + "/" + modelVersion, keys);
  }

  private DepthEstimationResponse estimate(
      DepthEstimationRequest request, String pathModelId, RequestKeys keys) {
    keys.roboflowKey(request.getApiKey()); // with this server's keys on, a stranger stops here
    long start = System.nanoTime();
    ModelId id = modelId(request, pathModelId);
    if (request.getImage().batch()) {
      throw new InvalidRequestException(
          "InvalidParameterError",
          "Depth estimation takes one image per request, not a list (as Roboflow's server).");
    }
    List<ImageSource> sources = requests.sources(request.getImage());
    DepthEstimationRequestDepthMapFormat format = request.getDepthMapFormat();
    boolean autoOrient = !Boolean.TRUE.equals(request.getDisablePreprocAutoOrient());
    try (DecodedImage image = loader.load(sources.get(0), autoOrient, loader.downloadDeadline())) {
      int w = image.width();
      int h = image.height();
      if (format == DepthEstimationRequestDepthMapFormat.JSON && (long) w * h > maxJsonPixels) {
        throw new InvalidRequestException(
            "InvalidParameterError",
            "A "
                + w
                + "x"
                + h
                + " depth map is too large to answer as JSON numbers (MAX_DEPTH_JSON_PIXELS is "
                + maxJsonPixels
                + "): ask for depth_map_format png16 or png8.");
      }
      float[] map = depth.estimate(id, image.bgr());
      Object normalized =
          switch (format) {
            case JSON -> DepthMaps.rows(map, w, h);
            case PNG16 -> base64(DepthMaps.png16(map, w, h));
            case PNG8 -> base64(DepthMaps.png8(map, w, h));
          };
      DepthEstimationResponse r =
          new DepthEstimationResponse(
              normalized, format.getValue(), (System.nanoTime() - start) / 1e9);
      try (DecodedImage picture = DecodedImage.ofBgr(DepthMaps.viridis(map, w, h))) {
        r.setImage(base64(Visualizer.jpeg(picture, JPEG_QUALITY)));
      }
      return r;
    }
  }

  /**
   * The path's id, or the body's {@code model_id}, or {@code depth-anything-v2/<depth_version_id>};
   * a path and a body that name different models are refused, as Roboflow refuses them on its LMM
   * route.
   */
  private ModelId modelId(DepthEstimationRequest request, String pathModelId) {
    String version = request.getDepthVersionId() == null ? "small" : request.getDepthVersionId();
    String body = request.getModelId();
    String raw;
    if (pathModelId != null) {
      raw = pathModelId.contains("/") ? pathModelId : pathModelId + "/" + version;
      if (body != null && !body.isBlank() && !body.equals(raw) && !body.equals(pathModelId)) {
        throw new InvalidRequestException(
            "InvalidParameterError",
            "The path names model " + raw + " and the body's model_id " + body + ".");
      }
    } else {
      raw = body != null && !body.isBlank() ? body : "depth-anything-v2/" + version;
    }
    ModelId id = ModelId.parse(aliases.resolve(raw));
    if (!depth.serves(id.dataset()) || id.version() == null) {
      throw new InvalidRequestException(
          "InvalidModelIDError",
          "Model "
              + raw
              + " is not a depth model: depth estimation serves depth-anything-v2/<version> and"
              + " depth-anything-v3/<version> (their ONNX files in the model store).");
    }
    return id;
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
