package io.jinference.server.http;

import io.jinference.server.http.model.ClassificationInferenceResponse;
import io.jinference.server.http.model.ClassificationPrediction;
import io.jinference.server.http.model.InferenceResponseImage;
import io.jinference.server.http.model.InstanceSegmentationInferenceResponse;
import io.jinference.server.http.model.InstanceSegmentationPrediction;
import io.jinference.server.http.model.KeypointsDetectionInferenceResponse;
import io.jinference.server.http.model.KeypointsPrediction;
import io.jinference.server.http.model.MultiLabelClassificationInferenceResponse;
import io.jinference.server.http.model.MultiLabelClassificationPrediction;
import io.jinference.server.http.model.ObjectDetectionInferenceResponse;
import io.jinference.server.http.model.ObjectDetectionPrediction;
import io.jinference.server.http.model.Point;
import io.jinference.server.http.model.RleMask;
import io.jinference.server.image.DecodedImage;
import io.jinference.server.inference.Classification;
import io.jinference.server.inference.Detection;
import io.jinference.server.inference.Keypoint;
import io.jinference.server.inference.PoseDetection;
import io.jinference.server.inference.SegmentedDetection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Inference results to the contract's response models, with Roboflow's JSON (box centre and size, UUIDs). */
final class ResponseBuilder {
  private ResponseBuilder() {}

  static InferenceResponseImage size(DecodedImage image) {
    return new InferenceResponseImage(image.width(), image.height());
  }

  static ObjectDetectionInferenceResponse objectDetection(DecodedImage image, List<Detection> detections) {
    List<ObjectDetectionPrediction> list = new ArrayList<>(detections.size());
    for (Detection d : detections) {
      list.add(new ObjectDetectionPrediction(cx(d), cy(d), w(d), h(d), d.confidence(), d.className(), d.classId(),
          id()));
    }
    return new ObjectDetectionInferenceResponse(size(image), list);
  }

  static InstanceSegmentationInferenceResponse segmentation(DecodedImage image, List<SegmentedDetection> detections) {
    List<InstanceSegmentationPrediction> list = new ArrayList<>(detections.size());
    for (SegmentedDetection s : detections) {
      Detection d = s.box();
      InstanceSegmentationPrediction p = new InstanceSegmentationPrediction(cx(d), cy(d), w(d), h(d), d.confidence(),
          d.className(), d.classId(), id());
      if (s.rleCounts() != null) {
        p.setRle(new RleMask(List.of(s.rleHeight(), s.rleWidth()), s.rleCounts()));
        p.setMaskFormat("rle");
      } else {
        List<Point> points = new ArrayList<>(s.polygon().size());
        for (double[] xy : s.polygon()) {
          points.add(new Point(xy[0], xy[1]));
        }
        p.setPoints(points);
        p.setMaskFormat("polygon");
      }
      list.add(p);
    }
    return new InstanceSegmentationInferenceResponse(size(image), list);
  }

  static KeypointsDetectionInferenceResponse keypoints(DecodedImage image, List<PoseDetection> detections) {
    List<KeypointsPrediction> list = new ArrayList<>(detections.size());
    for (PoseDetection pose : detections) {
      Detection d = pose.box();
      List<io.jinference.server.http.model.Keypoint> points = new ArrayList<>(pose.keypoints().size());
      for (Keypoint k : pose.keypoints()) {
        points.add(new io.jinference.server.http.model.Keypoint(k.x(), k.y(), k.confidence(), k.classId(),
            k.className()));
      }
      list.add(new KeypointsPrediction(cx(d), cy(d), w(d), h(d), d.confidence(), d.className(), d.classId(), id(),
          points));
    }
    return new KeypointsDetectionInferenceResponse(size(image), list);
  }

  static Object classification(DecodedImage image, Classification c) {
    if (c.multilabel()) {
      Map<String, MultiLabelClassificationPrediction> all = new LinkedHashMap<>();
      for (Classification.ClassScore s : c.scores()) {
        all.put(s.className(), new MultiLabelClassificationPrediction(s.confidence(), s.classId()));
      }
      return new MultiLabelClassificationInferenceResponse(size(image), all, c.predictedClasses());
    }
    List<ClassificationPrediction> list = new ArrayList<>(c.scores().size());
    for (Classification.ClassScore s : c.scores()) {
      list.add(new ClassificationPrediction(s.className(), s.classId(), s.confidence()));
    }
    ClassificationInferenceResponse r = new ClassificationInferenceResponse(size(image), list);
    r.setTop(c.top());
    r.setConfidence(c.confidence());
    return r;
  }

  private static double cx(Detection d) {
    return (d.x1() + d.x2()) / 2;
  }

  private static double cy(Detection d) {
    return (d.y1() + d.y2()) / 2;
  }

  private static double w(Detection d) {
    return d.x2() - d.x1();
  }

  private static double h(Detection d) {
    return d.y2() - d.y1();
  }

  private static String id() {
    return UUID.randomUUID().toString();
  }
}
