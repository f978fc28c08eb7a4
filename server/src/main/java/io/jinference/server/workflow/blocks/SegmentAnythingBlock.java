package io.jinference.server.workflow.blocks;

import io.jinference.server.error.ApiException;
import io.jinference.server.image.DecodedImage;
import io.jinference.server.inference.runtime.sam.Sam2;
import io.jinference.server.inference.runtime.sam.SamEmbedding;
import io.jinference.server.inference.runtime.sam.SamMask;
import io.jinference.server.inference.runtime.sam.SamMasks;
import io.jinference.server.inference.runtime.sam.SamPrompt;
import io.jinference.server.inference.task.Detection;
import io.jinference.server.model.ModelId;
import io.jinference.server.workflow.engine.Block;
import io.jinference.server.workflow.engine.BlockManifest;
import io.jinference.server.workflow.engine.Kind;
import io.jinference.server.workflow.engine.Values;
import io.jinference.server.workflow.engine.WorkflowException;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code roboflow_core/segment_anything@v1}: SAM 2's mask for each box of {@code boxes} (another
 * step's detections, which keep their class), or one mask of the whole picture, class {@code
 * foreground}, without {@code boxes}; as instance segmentation: the mask's largest outline, its box
 * and the decoder's confidence, masks below {@code threshold} or empty left out. A {@code boxes}
 * input with no detection gives none (Roboflow's block then segments the whole picture).
 */
@Singleton
final class SegmentAnythingBlock implements Block {
  private static final BlockManifest MANIFEST =
      BlockManifest.of("roboflow_core/segment_anything@v1")
          .required("images", Kind.IMAGE)
          .optional("boxes", Kind.OBJECT_DETECTION, null)
          .optional("version", Kind.STRING, "hiera_tiny")
          .optional("threshold", Kind.FLOAT, 0.0)
          .optional("multimask_output", Kind.BOOLEAN, true)
          .output("predictions", Kind.INSTANCE_SEGMENTATION)
          .build();

  private final Sam2 sam2;

  SegmentAnythingBlock(Sam2 sam2) {
    this.sam2 = sam2;
  }

  @Override
  public BlockManifest manifest() {
    return MANIFEST;
  }

  @Override
  public Map<String, Object> run(Map<String, Object> in, StepContext context) {
    Values.Image input = (Values.Image) in.get("images");
    Values.Detections boxes = (Values.Detections) in.get("boxes");
    ModelId id;
    try {
      id = ModelId.parse("sam2/" + in.get("version"));
    } catch (ApiException e) {
      throw WorkflowException.runtimeInput("version: " + e.getMessage());
    }
    double threshold = ((Number) in.get("threshold")).doubleValue();
    DecodedImage image = input.image();
    List<Detection> detections = new ArrayList<>();
    List<List<double[]>> polygons = new ArrayList<>();
    if (boxes == null || !boxes.detections().isEmpty()) {
      List<SamPrompt> prompts = new ArrayList<>();
      if (boxes != null) {
        for (Detection d : boxes.detections()) {
          prompts.add(new SamPrompt(new double[] {d.x1(), d.y1(), d.x2(), d.y2()}, List.of()));
        }
      }
      SamEmbedding embedding = sam2.embed(id, null, image.bgr());
      List<SamMask> masks =
          sam2.segment(
              id, embedding, prompts, !Boolean.FALSE.equals(in.get("multimask_output")), null);
      for (int i = 0; i < masks.size(); i++) {
        SamMask m = masks.get(i);
        List<int[]> outline = SamMasks.largestPolygon(m.logits(), m.width(), m.height(), false);
        if (outline.isEmpty() || m.confidence() < threshold) {
          continue;
        }
        Detection prompt = boxes == null ? null : boxes.detections().get(i);
        detections.add(detection(outline, m.confidence(), prompt));
        polygons.add(outline.stream().map(p -> new double[] {p[0], p[1]}).toList());
      }
    }
    return Map.of(
        "predictions",
        new Values.Detections(
            image.width(), image.height(), detections, polygons, null, input.origin()));
  }

  /** The outline's box, the mask's confidence, the prompt's class (or {@code foreground}, 0). */
  private static Detection detection(List<int[]> outline, double confidence, Detection prompt) {
    double x1 = Double.MAX_VALUE;
    double y1 = Double.MAX_VALUE;
    double x2 = -Double.MAX_VALUE;
    double y2 = -Double.MAX_VALUE;
    for (int[] p : outline) {
      x1 = Math.min(x1, p[0]);
      y1 = Math.min(y1, p[1]);
      x2 = Math.max(x2, p[0]);
      y2 = Math.max(y2, p[1]);
    }
    return new Detection(
        x1,
        y1,
        x2,
        y2,
        confidence,
        confidence,
        prompt == null ? 0 : prompt.classId(),
        prompt == null ? "foreground" : prompt.className());
  }
}
