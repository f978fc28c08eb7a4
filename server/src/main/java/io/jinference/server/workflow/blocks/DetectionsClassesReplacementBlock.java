package io.jinference.server.workflow.blocks;

import io.jinference.server.inference.task.Classification;
import io.jinference.server.inference.task.Detection;
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
 * {@code roboflow_core/detections_classes_replacement@v1}: each detection takes the class of the
 * classifier's answer on its crop ({@code classification_predictions}, one per crop of {@code
 * dynamic_crop}, in detection order): class name, id and confidence. A detection whose crop got no
 * class (nothing above the classifier's threshold, or a {@code continue_if} stopped it before the
 * classifier) is dropped, as in Roboflow. Multi-label answers give their most confident predicted
 * class.
 */
@Singleton
final class DetectionsClassesReplacementBlock implements Block {
  private static final BlockManifest MANIFEST =
      BlockManifest.of(
              "roboflow_core/detections_classes_replacement@v1", "DetectionsClassesReplacement")
          .required("object_detection_predictions", Kind.OBJECT_DETECTION)
          .required("classification_predictions", Kind.CLASSIFICATION)
          .wholeBatch("classification_predictions")
          .output("predictions", Kind.OBJECT_DETECTION)
          .build();

  @Override
  public BlockManifest manifest() {
    return MANIFEST;
  }

  @Override
  public Map<String, Object> run(Map<String, Object> in, StepContext context) {
    Values.Detections d = (Values.Detections) in.get("object_detection_predictions");
    Object classified = in.get("classification_predictions");
    if (!(classified instanceof Values.Batch)) {
      throw WorkflowException.definition(
          "detections_classes_replacement needs one classification per crop of the"
              + " detections (classify the crops of dynamic_crop).");
    }
    List<Object> answers = ((Values.Batch) classified).items();
    if (answers.size() != d.detections().size()) {
      throw WorkflowException.definition(
          "detections_classes_replacement got "
              + answers.size()
              + " classifications for "
              + d.detections().size()
              + " detections.");
    }
    List<Detection> kept = new ArrayList<>();
    List<List<double[]>> polygons = d.polygons() == null ? null : new ArrayList<>();
    List<List<io.jinference.server.inference.task.Keypoint>> keypoints =
        d.keypoints() == null ? null : new ArrayList<>();
    for (int i = 0; i < answers.size(); i++) {
      Object answer = answers.get(i); // null: a continue_if stopped this crop before the classifier
      Classification.ClassScore top =
          answer == null ? null : top(((Values.Classes) answer).result());
      if (top == null) {
        continue;
      }
      Detection det = d.detections().get(i);
      kept.add(
          new Detection(
              det.x1(),
              det.y1(),
              det.x2(),
              det.y2(),
              top.confidence(),
              top.confidence(),
              top.classId(),
              top.className()));
      if (polygons != null) {
        polygons.add(d.polygons().get(i));
      }
      if (keypoints != null) {
        keypoints.add(d.keypoints().get(i));
      }
    }
    return Map.of("predictions", d.with(kept, polygons, keypoints));
  }

  private static Classification.ClassScore top(Classification c) {
    Classification.ClassScore best = null;
    for (Classification.ClassScore s : c.scores()) {
      boolean candidate =
          c.multilabel()
              ? c.predictedClasses().contains(s.className())
              : s.className().equals(c.top());
      if (candidate && (best == null || s.confidence() > best.confidence())) {
        best = s;
      }
    }
    return best;
  }
}
