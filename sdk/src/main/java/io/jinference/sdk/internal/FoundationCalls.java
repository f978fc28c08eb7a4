package io.jinference.sdk.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.jinference.sdk.DepthResult;
import io.jinference.sdk.InferenceConfiguration;
import io.jinference.sdk.InferenceException;
import io.jinference.sdk.OcrResult;
import io.jinference.sdk.internal.model.DepthEstimationRequest;
import io.jinference.sdk.internal.model.DepthEstimationResponse;
import io.jinference.sdk.internal.model.InferenceRequestImage;
import io.jinference.sdk.internal.model.PpOcrInferenceRequest;
import io.jinference.sdk.internal.wire.ImageInput;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.imageio.ImageIO;
import org.jspecify.annotations.Nullable;

/**
 * One image to a foundation model's route and back: {@code /ocr/pp-ocr} (its lines always with
 * their boxes) and {@code /infer/depth-estimation} (the map asked for as a 16-bit PNG, a tenth of
 * the JSON numbers' size, and decoded here).
 */
public final class FoundationCalls {
  private final Transport transport;
  private final ImageEncoder images;
  private final InferenceConfiguration configuration;
  private final @Nullable String apiKey;

  public FoundationCalls(
      Transport transport,
      ImageEncoder images,
      InferenceConfiguration configuration,
      @Nullable String apiKey) {
    this.transport = transport;
    this.images = images;
    this.configuration = configuration;
    this.apiKey = apiKey;
  }

  private CompletableFuture<InferenceRequestImage> encoded(ImageData image) {
    return images.requestImage(image, configuration.urlImagesFetchedByServer());
  }

  public CompletableFuture<OcrResult> read(ImageData image) {
    return encoded(image)
        .thenCompose(
            e ->
                transport.calls.enqueue(
                    transport.ocr.ppOcr(
                        new PpOcrInferenceRequest()
                            .apiKey(apiKey)
                            .generateBoundingBoxes(true)
                            .image(ImageInput.single(e)),
                        null /* key in the body */),
                    "POST /ocr/pp-ocr"))
        .thenApply(r -> ocrResult(r.elements().get(0)));
  }

  public static OcrResult ocrResult(JsonNode answer) {
    List<OcrResult.Line> lines = new ArrayList<>();
    for (JsonNode p : answer.path("predictions")) {
      lines.add(
          new OcrResult.Line(
              p.path("class").asText(),
              p.path("confidence").asDouble(),
              p.path("x").asDouble(),
              p.path("y").asDouble(),
              p.path("width").asDouble(),
              p.path("height").asDouble()));
    }
    JsonNode time = answer.get("time");
    return new OcrResult(
        answer.path("result").asText(),
        lines,
        time == null || time.isNull() ? null : time.asDouble());
  }

  public CompletableFuture<DepthResult> estimate(ImageData image, String modelId) {
    return encoded(image)
        .thenCompose(
            e ->
                transport.calls.enqueue(
                    transport.depth.depthEstimation(
                        new DepthEstimationRequest()
                            .apiKey(apiKey)
                            .modelId(modelId)
                            .depthMapFormat(DepthEstimationRequest.DepthMapFormatEnum.PNG16)
                            .image(ImageInput.single(e)),
                        null /* key in the body */),
                    "POST /infer/depth-estimation"))
        .thenApply(FoundationCalls::depthResult);
  }

  public static DepthResult depthResult(DepthEstimationResponse answer) {
    if (!(answer.getNormalizedDepth() instanceof String)) {
      throw new InferenceException(
          "The server answered the depth map in format "
              + answer.getDepthMapFormat()
              + ", not the 16-bit PNG asked for.");
    }
    BufferedImage map = decode((String) answer.getNormalizedDepth());
    int w = map.getWidth();
    int h = map.getHeight();
    float[] depth = new float[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        depth[y * w + x] = map.getRaster().getSample(x, y, 0) / 65535f;
      }
    }
    byte[] picture =
        answer.getImage() == null ? null : Base64.getDecoder().decode(answer.getImage());
    return new DepthResult(w, h, depth, picture, answer.getTime());
  }

  private static BufferedImage decode(String base64) {
    try {
      BufferedImage image =
          ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(base64)));
      if (image == null || image.getRaster().getNumBands() != 1) {
        throw new InferenceException("The server's depth map is not a grayscale PNG.");
      }
      return image;
    } catch (IOException | IllegalArgumentException e) {
      throw new InferenceException("The server's depth map could not be read: " + e.getMessage());
    }
  }
}
