package io.jinference.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import io.jinference.sdk.internal.model.InferenceRequestImage;
import io.jinference.sdk.internal.model.PpOcrInferenceRequest;
import io.jinference.sdk.internal.wire.ImageInput;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/** One image to {@code /ocr/pp-ocr} and back, its lines always with their boxes. */
final class OcrCalls {
  private final Transport transport;
  private final ImageEncoder images;
  private final InferenceConfiguration configuration;
  private final @Nullable String apiKey;

  OcrCalls(
      Transport transport,
      ImageEncoder images,
      InferenceConfiguration configuration,
      @Nullable String apiKey) {
    this.transport = transport;
    this.images = images;
    this.configuration = configuration;
    this.apiKey = apiKey;
  }

  CompletableFuture<OcrResult> read(ImageSource image) {
    return images
        .offThread(() -> images.encode(image, configuration.urlImagesFetchedByServer()))
        .thenCompose(
            e ->
                transport.calls.enqueue(
                    transport.ocr.ppOcr(
                        new PpOcrInferenceRequest()
                            .apiKey(apiKey)
                            .generateBoundingBoxes(true)
                            .image(
                                ImageInput.single(
                                    new InferenceRequestImage().type(e.type).value(e.value))),
                        null /* key in the body */),
                    "POST /ocr/pp-ocr"))
        .thenApply(r -> result(r.elements().get(0)));
  }

  static OcrResult result(JsonNode answer) {
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
}
