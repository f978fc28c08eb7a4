package io.jinference.sdk;

import io.jinference.sdk.internal.model.DepthEstimationRequest;
import io.jinference.sdk.internal.model.DepthEstimationResponse;
import io.jinference.sdk.internal.model.InferenceRequestImage;
import io.jinference.sdk.internal.wire.ImageInput;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import javax.imageio.ImageIO;
import org.jspecify.annotations.Nullable;

/**
 * One image to {@code /infer/depth-estimation} and back, the map asked for as a 16-bit PNG (a tenth
 * of the JSON numbers' size) and decoded here.
 */
final class DepthCalls {
  private final Transport transport;
  private final ImageEncoder images;
  private final InferenceConfiguration configuration;
  private final @Nullable String apiKey;

  DepthCalls(
      Transport transport,
      ImageEncoder images,
      InferenceConfiguration configuration,
      @Nullable String apiKey) {
    this.transport = transport;
    this.images = images;
    this.configuration = configuration;
    this.apiKey = apiKey;
  }

  CompletableFuture<DepthResult> estimate(ImageSource image, String modelId) {
    return images
        .offThread(() -> images.encode(image, configuration.urlImagesFetchedByServer()))
        .thenCompose(
            e ->
                transport.calls.enqueue(
                    transport.depth.depthEstimation(
                        new DepthEstimationRequest()
                            .apiKey(apiKey)
                            .modelId(modelId)
                            .depthMapFormat(DepthEstimationRequest.DepthMapFormatEnum.PNG16)
                            .image(
                                ImageInput.single(
                                    new InferenceRequestImage().type(e.type).value(e.value))),
                        null /* key in the body */),
                    "POST /infer/depth-estimation"))
        .thenApply(DepthCalls::result);
  }

  static DepthResult result(DepthEstimationResponse answer) {
    if (!(answer.getNormalizedDepth() instanceof String png)) {
      throw new InferenceException(
          "The server answered the depth map in format "
              + answer.getDepthMapFormat()
              + ", not the 16-bit PNG asked for.");
    }
    BufferedImage map = decode(png);
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
