package io.jinference.server.http.controller;

import io.jinference.server.error.InvalidRequestException;
import io.jinference.server.http.api.OcrApi;
import io.jinference.server.http.auth.RequestKeys;
import io.jinference.server.http.model.InferenceResponseImage;
import io.jinference.server.http.model.ObjectDetectionPrediction;
import io.jinference.server.http.model.OcrInferenceResponse;
import io.jinference.server.http.model.PpOcrInferenceRequest;
import io.jinference.server.http.wire.InferenceResponses;
import io.jinference.server.image.Deadline;
import io.jinference.server.image.DecodedImage;
import io.jinference.server.image.ImageLoader;
import io.jinference.server.image.ImageSource;
import io.jinference.server.inference.runtime.ocr.PaddleOcr;
import io.jinference.server.inference.runtime.ocr.TextLine;
import io.micronaut.http.annotation.Controller;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Roboflow's PP-OCR route, {@code /ocr/pp-ocr}: the text of each image, and with {@code
 * generate_bounding_boxes} each line as a box. Runs on the blocking executor, never on an event
 * loop.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
class OcrController implements OcrApi {
  private final PaddleOcr ocr;
  private final ImageLoader loader;
  private final TaskRequests requests;

  OcrController(PaddleOcr ocr, ImageLoader loader, TaskRequests requests) {
    this.ocr = ocr;
    this.loader = loader;
    this.requests = requests;
  }

  @Override
  public InferenceResponses ppOcr(PpOcrInferenceRequest request, RequestKeys keys) {
    keys.roboflowKey(request.getApiKey()); // with this server's keys on, a stranger stops here
    List<ImageSource> sources = requests.sources(request.getImage());
    PaddleOcr.Stages stages = stages(request.getPpOcrVersionId());
    boolean boxes = Boolean.TRUE.equals(request.getGenerateBoundingBoxes());
    boolean autoOrient = !Boolean.TRUE.equals(request.getDisablePreprocAutoOrient());
    Deadline downloads = loader.downloadDeadline();
    List<Object> answers = new ArrayList<>(sources.size());
    for (ImageSource source : sources) {
      long start = System.nanoTime();
      try (DecodedImage image = loader.load(source, autoOrient, downloads)) {
        List<TextLine> lines = ocr.read(image.bgr(), stages);
        answers.add(
            answer(
                lines,
                image,
                boxes,
                stages != PaddleOcr.Stages.RECOGNITION_ONLY,
                (System.nanoTime() - start) / 1e9));
      }
    }
    return new InferenceResponses(answers, request.getImage().batch());
  }

  /**
   * Roboflow's {@code pp_ocr_version_id}: {@code detection-recognition}, or one size for both
   * (default {@code small-small}).
   */
  static PaddleOcr.Stages stages(String version) {
    if (version == null || version.isBlank()) {
      return PaddleOcr.Stages.BOTH;
    }
    String[] parts = version.trim().toLowerCase(java.util.Locale.ROOT).split("-", -1);
    try {
      if (parts.length > 2) {
        throw new IllegalArgumentException("it is '{detection}-{recognition}'.");
      }
      return PaddleOcr.Stages.of(parts[0], parts[parts.length - 1]);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(
          "InvalidParameterError", "pp_ocr_version_id '" + version + "': " + e.getMessage());
    }
  }

  /**
   * @param located whether the lines' boxes mean anything: not when the whole image was read as one
   *     line, where Roboflow answers no boxes
   */
  private static OcrInferenceResponse answer(
      List<TextLine> lines, DecodedImage image, boolean boxes, boolean located, double seconds) {
    OcrInferenceResponse r = new OcrInferenceResponse(TextLine.joined(lines), seconds, null);
    if (boxes) {
      r.setImage(new InferenceResponseImage(image.width(), image.height()));
      List<ObjectDetectionPrediction> predictions = new ArrayList<>(lines.size());
      if (located) {
        for (TextLine l : lines) {
          predictions.add(box(l));
        }
      }
      r.setPredictions(predictions);
    }
    return r;
  }

  /** The upright box around a line's corners, Roboflow's centre-and-size form. */
  private static ObjectDetectionPrediction box(TextLine line) {
    double[] b = line.bounds();
    return new ObjectDetectionPrediction(
        (b[0] + b[2]) / 2,
        (b[1] + b[3]) / 2,
        b[2] - b[0],
        b[3] - b[1],
        line.confidence(),
        line.text(),
        0,
        UUID.randomUUID().toString());
  }
}
