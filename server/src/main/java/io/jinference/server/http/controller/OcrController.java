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
        answers.add(answer(lines, image, boxes, (System.nanoTime() - start) / 1e9));
      }
    }
    return new InferenceResponses(answers, request.getImage().batch());
  }

  private static final java.util.Set<String> SIZES =
      java.util.Set.of("none", "tiny", "small", "medium");

  /**
   * Roboflow's {@code pp_ocr_version_id}: {@code detection-recognition}, each {@code none}, {@code
   * tiny}, {@code small} or {@code medium}, or one size for both (default {@code small-small}).
   * This server has one model per stage, so a size only says whether the stage runs.
   */
  static PaddleOcr.Stages stages(String version) {
    if (version == null || version.isBlank()) {
      return PaddleOcr.Stages.BOTH;
    }
    String[] parts = version.trim().toLowerCase(java.util.Locale.ROOT).split("-", -1);
    boolean valid = parts.length <= 2;
    for (String p : parts) {
      valid &= SIZES.contains(p);
    }
    String detection = parts[0];
    String recognition = parts.length == 2 ? parts[1] : parts[0];
    if (!valid || (detection.equals("none") && recognition.equals("none"))) {
      throw new InvalidRequestException(
          "InvalidParameterError",
          "pp_ocr_version_id '"
              + version
              + "' is not '{detection}-{recognition}' with each stage one of none, tiny, small,"
              + " medium (not both none).");
    }
    if (detection.equals("none")) {
      return PaddleOcr.Stages.RECOGNITION_ONLY;
    }
    return recognition.equals("none") ? PaddleOcr.Stages.DETECTION_ONLY : PaddleOcr.Stages.BOTH;
  }

  private static OcrInferenceResponse answer(
      List<TextLine> lines, DecodedImage image, boolean boxes, double seconds) {
    List<String> texts = new ArrayList<>(lines.size());
    for (TextLine l : lines) {
      texts.add(l.text());
    }
    OcrInferenceResponse r = new OcrInferenceResponse(String.join(" ", texts), seconds, null);
    if (boxes) {
      r.setImage(new InferenceResponseImage(image.width(), image.height()));
      List<ObjectDetectionPrediction> predictions = new ArrayList<>(lines.size());
      for (TextLine l : lines) {
        predictions.add(box(l));
      }
      r.setPredictions(predictions);
    }
    return r;
  }

  /** The upright box around a line's corners, Roboflow's centre-and-size form. */
  private static ObjectDetectionPrediction box(TextLine line) {
    double x1 = Double.MAX_VALUE;
    double y1 = Double.MAX_VALUE;
    double x2 = -Double.MAX_VALUE;
    double y2 = -Double.MAX_VALUE;
    for (float[] c : line.corners()) {
      x1 = Math.min(x1, c[0]);
      y1 = Math.min(y1, c[1]);
      x2 = Math.max(x2, c[0]);
      y2 = Math.max(y2, c[1]);
    }
    return new ObjectDetectionPrediction(
        (x1 + x2) / 2,
        (y1 + y2) / 2,
        x2 - x1,
        y2 - y1,
        line.confidence(),
        line.text(),
        0,
        UUID.randomUUID().toString());
  }
}
