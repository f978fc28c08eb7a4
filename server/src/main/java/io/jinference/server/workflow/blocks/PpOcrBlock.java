package io.jinference.server.workflow.blocks;

import io.jinference.server.inference.runtime.ocr.PaddleOcr;
import io.jinference.server.inference.runtime.ocr.TextLine;
import io.jinference.server.inference.task.Detection;
import io.jinference.server.workflow.engine.Block;
import io.jinference.server.workflow.engine.BlockManifest;
import io.jinference.server.workflow.engine.Kind;
import io.jinference.server.workflow.engine.Values;
import io.jinference.server.workflow.engine.WorkflowException;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code roboflow_core/pp_ocr@v1}: the text of each image (or crop) by PP-OCR, as the route {@code
 * /ocr/pp-ocr} reads it. {@code result} is the lines joined by spaces, {@code predictions} each
 * line as a detection (its text as the class; none when {@code text_detection} is {@code none}, as
 * Roboflow answers), {@code prediction_type} is {@code ocr}. {@code parent_id} and {@code
 * root_parent_id} are declared, as Roboflow's block declares them, and null: this engine does not
 * name images (docs/compatibility.md).
 */
@Singleton
final class PpOcrBlock implements Block {
  private static final BlockManifest MANIFEST =
      BlockManifest.of("roboflow_core/pp_ocr@v1")
          .required("images", Kind.IMAGE)
          .optional("text_detection", Kind.STRING, "small")
          .optional("text_recognition", Kind.STRING, "small")
          .output("result", Kind.STRING)
          .output("predictions", Kind.OBJECT_DETECTION)
          .output("parent_id", Kind.STRING)
          .output("root_parent_id", Kind.STRING)
          .output("prediction_type", Kind.STRING)
          .build();

  private final PaddleOcr ocr;

  PpOcrBlock(PaddleOcr ocr) {
    this.ocr = ocr;
  }

  @Override
  public BlockManifest manifest() {
    return MANIFEST;
  }

  @Override
  public Map<String, Object> run(Map<String, Object> in, StepContext context) {
    Values.Image input = (Values.Image) in.get("images");
    PaddleOcr.Stages stages;
    try {
      stages =
          PaddleOcr.Stages.of(
              String.valueOf(in.get("text_detection")), String.valueOf(in.get("text_recognition")));
    } catch (IllegalArgumentException e) {
      throw WorkflowException.runtimeInput("text_detection / text_recognition: " + e.getMessage());
    }
    List<TextLine> lines = ocr.read(input.image().bgr(), stages);
    List<Detection> boxes = new ArrayList<>(lines.size());
    if (stages != PaddleOcr.Stages.RECOGNITION_ONLY) {
      for (TextLine line : lines) {
        boxes.add(box(line));
      }
    }
    Map<String, Object> out = new HashMap<>();
    out.put("result", TextLine.joined(lines));
    out.put(
        "predictions",
        new Values.Detections(
            input.image().width(), input.image().height(), boxes, null, null, input.origin()));
    out.put("parent_id", null);
    out.put("root_parent_id", null);
    out.put("prediction_type", "ocr");
    return out;
  }

  /** The upright box around a line's corners, its text as the class. */
  private static Detection box(TextLine line) {
    double[] b = line.bounds();
    return new Detection(
        b[0], b[1], b[2], b[3], line.confidence(), line.confidence(), 0, line.text());
  }
}
