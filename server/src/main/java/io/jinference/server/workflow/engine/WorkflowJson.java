package io.jinference.server.workflow.engine;

import io.jinference.server.inference.task.Detection;
import io.jinference.server.visualization.Visualizer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Workflow values as Roboflow serialises them (reference §8.2): detections as {@code {image,
 * predictions}}, classifications as the classification routes answer, images as {@code {type:
 * base64, value: <JPEG>}}, nested batches as lists; other values as they are.
 */
public final class WorkflowJson {
  private WorkflowJson() {}

  /**
   * A nested batch is a list; with {@code parent}, detections on crops (static or dynamic, crops of
   * crops too) are given in the input image's pixels.
   */
  public static Object serialise(Object v, boolean parent) {
    if (v instanceof Values.Batch) {
      List<Object> list = new ArrayList<>();
      ((Values.Batch) v).items().forEach(item -> list.add(serialise(item, parent)));
      return list;
    }
    if (parent && v instanceof Values.Detections && ((Values.Detections) v).origin() != null) {
      return serialise(toParent((Values.Detections) v));
    }
    return serialise(v);
  }

  private static Values.Detections toParent(Values.Detections d) {
    Values.Origin o = d.origin();
    Values.Detections moved = d.shifted(o.x(), o.y());
    return new Values.Detections(
        o.rootWidth(),
        o.rootHeight(),
        moved.detections(),
        moved.polygons(),
        moved.keypoints(),
        null);
  }

  public static Object serialise(Object v) {
    if (v instanceof Values.Image) {
      Map<String, Object> image = new LinkedHashMap<>();
      image.put("type", "base64");
      image.put(
          "value", Base64.getEncoder().encodeToString(Visualizer.jpeg(((Values.Image) v).image())));
      return image;
    }
    if (v instanceof Values.Detections) {
      Values.Detections d = (Values.Detections) v;
      List<Map<String, Object>> predictions = new ArrayList<>();
      for (int i = 0; i < d.detections().size(); i++) {
        Detection det = d.detections().get(i);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("width", det.x2() - det.x1());
        p.put("height", det.y2() - det.y1());
        p.put("x", (det.x1() + det.x2()) / 2);
        p.put("y", (det.y1() + det.y2()) / 2);
        p.put("confidence", det.confidence());
        p.put("class_id", det.classId());
        p.put("class", det.className());
        p.put("detection_id", UUID.randomUUID().toString());
        if (d.polygons() != null) {
          List<Map<String, Object>> points = new ArrayList<>();
          d.polygons().get(i).forEach(xy -> points.add(Map.of("x", xy[0], "y", xy[1])));
          p.put("points", points);
        }
        if (d.keypoints() != null) {
          List<Map<String, Object>> points = new ArrayList<>();
          d.keypoints()
              .get(i)
              .forEach(
                  k ->
                      points.add(
                          Map.of(
                              "class_id",
                              k.classId(),
                              "class",
                              k.className(),
                              "confidence",
                              k.confidence(),
                              "x",
                              k.x(),
                              "y",
                              k.y())));
          p.put("keypoints", points);
        }
        predictions.add(p);
      }
      return Map.of(
          "image", Map.of("width", d.width(), "height", d.height()), "predictions", predictions);
    }
    if (v instanceof Values.Classes) {
      Values.Classes c = (Values.Classes) v;
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("image", Map.of("width", c.width(), "height", c.height()));
      if (c.result().multilabel()) {
        Map<String, Object> all = new LinkedHashMap<>();
        c.result()
            .scores()
            .forEach(
                s ->
                    all.put(
                        s.className(),
                        Map.of("confidence", s.confidence(), "class_id", s.classId())));
        out.put("predictions", all);
        out.put("predicted_classes", c.result().predictedClasses());
      } else {
        List<Map<String, Object>> list = new ArrayList<>();
        c.result()
            .scores()
            .forEach(
                s ->
                    list.add(
                        Map.of(
                            "class",
                            s.className(),
                            "class_id",
                            s.classId(),
                            "confidence",
                            s.confidence())));
        out.put("predictions", list);
        out.put("top", c.result().top());
        out.put("confidence", c.result().confidence());
      }
      return out;
    }
    return v;
  }
}
