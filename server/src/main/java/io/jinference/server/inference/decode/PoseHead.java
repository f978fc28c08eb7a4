package io.jinference.server.inference.decode;

import io.jinference.server.inference.task.Keypoint;
import io.jinference.server.inference.task.PoseDetection;
import io.jinference.server.inference.task.Prediction;
import io.jinference.server.inference.task.TaskOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Keypoint detection (YOLOv8/YOLO11 pose, MoveNet): boxes as detection, then each candidate's
 * {@code (x, y, confidence)} triplets back-projected. Keypoints below {@code keypoint_confidence}
 * are dropped (Roboflow's HTTP route ignores that parameter; we honour it), and only as many as the
 * class has names in keypoints_metadata.json are kept.
 */
final class PoseHead implements TaskHead {
  private final OutputDecoder decoder;
  private final IntFunction<String> className;
  private final Map<Integer, List<String>> keypointNames;

  PoseHead(
      OutputDecoder decoder,
      IntFunction<String> className,
      Map<Integer, List<String>> keypointNames) {
    this.decoder = decoder;
    this.className = className;
    this.keypointNames = keypointNames;
  }

  @Override
  public List<Prediction> predict(List<ImageRun> runs, TaskOptions options) {
    List<Prediction> out = new ArrayList<>(runs.size());
    for (ImageRun run : runs) {
      InputTransform t = run.transform();
      List<Candidate> kept = Candidates.kept(decoder, run, options.detection(), className);
      List<PoseDetection> list = new ArrayList<>(kept.size());
      for (Candidate c : kept) {
        List<String> names = keypointNames.getOrDefault(c.classId(), List.of());
        float[] e = c.extras();
        List<Keypoint> points = new ArrayList<>();
        for (int k = 0; k < e.length / 3 && k < names.size(); k++) {
          float conf = e[3 * k + 2];
          if (conf < options.keypointConfidence()) {
            continue;
          }
          double[] p = t.point(e[3 * k], e[3 * k + 1]);
          points.add(new Keypoint(p[0], p[1], conf, k, names.get(k)));
        }
        list.add(new PoseDetection(Candidates.toDetection(t, c, className), points));
      }
      out.add(new Prediction.Poses(t.originalWidth(), t.originalHeight(), list));
    }
    return out;
  }
}
