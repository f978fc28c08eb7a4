package io.jinference.server.inference;

import io.jinference.server.image.DecodedImage;
import io.jinference.server.model.LoadedModel;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/**
 * Keypoint detection (YOLOv8/YOLO11 pose): boxes as detection, then each candidate's {@code (x, y, confidence)}
 * triplets back-projected. Keypoints below {@code keypoint_confidence} are dropped (Roboflow's HTTP route ignores
 * that parameter; we honour it), and only as many as the class has names in keypoints_metadata.json are kept.
 */
@Singleton
public class KeypointDetector {
  public List<List<PoseDetection>> detect(LoadedModel model, List<DecodedImage> images, DetectionParams params,
      float keypointConfidence, PreprocessFlags flags) {
    OnnxModel m = Detections.require(model, "keypoint-detection");
    List<List<PoseDetection>> out = new ArrayList<>(images.size());
    for (Detections.PerImage image : Detections.run(m, images, params, flags)) {
      InputTransform t = image.run().transform();
      List<PoseDetection> list = new ArrayList<>(image.kept().size());
      for (Candidate c : image.kept()) {
        List<String> names = m.modelPackage().keypointNames().getOrDefault(c.classId(), List.of());
        float[] e = c.extras();
        List<Keypoint> points = new ArrayList<>();
        for (int k = 0; k < e.length / 3 && k < names.size(); k++) {
          float conf = e[3 * k + 2];
          if (conf < keypointConfidence) {
            continue;
          }
          double[] p = t.point(e[3 * k], e[3 * k + 1]);
          points.add(new Keypoint(p[0], p[1], conf, k, names.get(k)));
        }
        list.add(new PoseDetection(Detections.toDetection(m, t, c), points));
      }
      out.add(list);
    }
    return out;
  }
}
