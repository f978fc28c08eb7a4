package io.jinference.server.http.controller;

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
import io.jinference.server.http.model.ResolvedModel;
import io.jinference.server.http.model.RleMask;
import io.jinference.server.inference.task.Classification;
import io.jinference.server.inference.task.Detection;
import io.jinference.server.inference.task.Keypoint;
import io.jinference.server.inference.task.PoseDetection;
import io.jinference.server.inference.task.Prediction;
import io.jinference.server.inference.task.SegmentedDetection;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Typed predictions to the contract's response models, with Roboflow's JSON (box centre and size,
 * UUIDs), and the fields every response shares: {@code inference_id}, {@code time}, {@code
 * visualization}, {@code resolved_model}.
 */
final class ResponseBuilder {
  private ResponseBuilder() {}

  /** One response per image, in request order. */
  static List<Object> responses(InferenceResult result) {
    List<Object> out = new ArrayList<>(result.predictions().size());
    ResolvedModel model = new ResolvedModel(result.modelId());
    for (int i = 0; i < result.predictions().size(); i++) {
      byte[] drawing = result.visualizations().get(i);
      Shared shared =
          new Shared(
              result.inferenceId(),
              result.seconds(),
              model,
              drawing == null ? null : Base64.getEncoder().encodeToString(drawing));
      out.add(result.predictions().get(i).accept(new Responses(shared)));
    }
    return out;
  }

  /** The fields every task's response carries. */
  private record Shared(
      String inferenceId, double time, ResolvedModel model, String visualization) {}

  /** One response type per task result. */
  private static final class Responses implements Prediction.Cases<Object> {
    private final Shared shared;

    Responses(Shared shared) {
      this.shared = shared;
    }

    @Override
    public Object detections(Prediction.Detections d) {
      List<ObjectDetectionPrediction> list = new ArrayList<>(d.objects().size());
      for (Detection o : d.objects()) {
        list.add(
            new ObjectDetectionPrediction(
                cx(o), cy(o), w(o), h(o), o.confidence(), o.className(), o.classId(), id()));
      }
      return new ObjectDetectionInferenceResponse(size(d), list)
          .inferenceId(shared.inferenceId())
          .time(shared.time())
          .resolvedModel(shared.model())
          .visualization(shared.visualization());
    }

    @Override
    public Object segmentations(Prediction.Segmentations s) {
      List<InstanceSegmentationPrediction> list = new ArrayList<>(s.objects().size());
      for (SegmentedDetection o : s.objects()) {
        list.add(segment(o));
      }
      return new InstanceSegmentationInferenceResponse(size(s), list)
          .inferenceId(shared.inferenceId())
          .time(shared.time())
          .resolvedModel(shared.model())
          .visualization(shared.visualization());
    }

    @Override
    public Object poses(Prediction.Poses p) {
      List<KeypointsPrediction> list = new ArrayList<>(p.objects().size());
      for (PoseDetection pose : p.objects()) {
        Detection d = pose.box();
        List<io.jinference.server.http.model.Keypoint> points =
            new ArrayList<>(pose.keypoints().size());
        for (Keypoint k : pose.keypoints()) {
          points.add(
              new io.jinference.server.http.model.Keypoint(
                  k.x(), k.y(), k.confidence(), k.classId(), k.className()));
        }
        list.add(
            new KeypointsPrediction(
                cx(d),
                cy(d),
                w(d),
                h(d),
                d.confidence(),
                d.className(),
                d.classId(),
                id(),
                points));
      }
      return new KeypointsDetectionInferenceResponse(size(p), list)
          .inferenceId(shared.inferenceId())
          .time(shared.time())
          .resolvedModel(shared.model())
          .visualization(shared.visualization());
    }

    @Override
    public Object classes(Prediction.Classes p) {
      Classification c = p.result();
      if (c.multilabel()) {
        Map<String, MultiLabelClassificationPrediction> all = new LinkedHashMap<>();
        for (Classification.ClassScore s : c.scores()) {
          all.put(
              s.className(), new MultiLabelClassificationPrediction(s.confidence(), s.classId()));
        }
        return new MultiLabelClassificationInferenceResponse(size(p), all, c.predictedClasses())
            .inferenceId(shared.inferenceId())
            .time(shared.time())
            .resolvedModel(shared.model())
            .visualization(shared.visualization());
      }
      List<ClassificationPrediction> list = new ArrayList<>(c.scores().size());
      for (Classification.ClassScore s : c.scores()) {
        list.add(new ClassificationPrediction(s.className(), s.classId(), s.confidence()));
      }
      return new ClassificationInferenceResponse(size(p), list)
          .top(c.top())
          .confidence(c.confidence())
          .inferenceId(shared.inferenceId())
          .time(shared.time())
          .resolvedModel(shared.model())
          .visualization(shared.visualization());
    }
  }

  private static InstanceSegmentationPrediction segment(SegmentedDetection s) {
    Detection d = s.box();
    InstanceSegmentationPrediction p =
        new InstanceSegmentationPrediction(
            cx(d), cy(d), w(d), h(d), d.confidence(), d.className(), d.classId(), id());
    if (s.rleCounts() != null) {
      return p.rle(new RleMask(List.of(s.rleHeight(), s.rleWidth()), s.rleCounts()))
          .maskFormat("rle");
    }
    List<Point> points = new ArrayList<>(s.polygon().size());
    for (double[] xy : s.polygon()) {
      points.add(new Point(xy[0], xy[1]));
    }
    return p.points(points).maskFormat("polygon");
  }

  private static InferenceResponseImage size(Prediction p) {
    return new InferenceResponseImage(p.imageWidth(), p.imageHeight());
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
