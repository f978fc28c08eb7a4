package io.jinference.server.inference.task;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One image's result, typed by task. {@link #accept} is the exhaustive switch over the tasks'
 * results: a new task is a compile error wherever results are turned into responses, drawings or
 * workflow values.
 */
public sealed interface Prediction {
  /** Width of the image as decoded (after auto-orientation), in pixels. */
  int imageWidth();

  int imageHeight();

  <R> R accept(Cases<R> cases);

  /** One method per task result. */
  interface Cases<R> {
    R detections(Detections d);

    R segmentations(Segmentations s);

    R poses(Poses p);

    R classes(Classes c);
  }

  /** Object detection: boxes, most confident first. */
  record Detections(int imageWidth, int imageHeight, List<Detection> objects)
      implements Prediction {
    public Detections {
      objects = List.copyOf(objects);
    }

    @Override
    public <R> R accept(Cases<R> cases) {
      return cases.detections(this);
    }
  }

  /** Instance segmentation: boxes with masks. */
  record Segmentations(int imageWidth, int imageHeight, List<SegmentedDetection> objects)
      implements Prediction {
    public Segmentations {
      objects = List.copyOf(objects);
    }

    /** Each object's box, in the order of {@link #objects()}. */
    public List<Detection> boxes() {
      return objects.stream().map(SegmentedDetection::box).collect(Collectors.toList());
    }

    /** Each object's polygon (null with RLE masks), in the order of {@link #objects()}. */
    public List<List<double[]>> polygons() {
      return objects.stream().map(SegmentedDetection::polygon).collect(Collectors.toList());
    }

    @Override
    public <R> R accept(Cases<R> cases) {
      return cases.segmentations(this);
    }
  }

  /** Keypoint detection: boxes with keypoints. */
  record Poses(int imageWidth, int imageHeight, List<PoseDetection> objects) implements Prediction {
    public Poses {
      objects = List.copyOf(objects);
    }

    /** Each object's box, in the order of {@link #objects()}. */
    public List<Detection> boxes() {
      return objects.stream().map(PoseDetection::box).collect(Collectors.toList());
    }

    /** Each object's keypoints, in the order of {@link #objects()}. */
    public List<List<Keypoint>> keypoints() {
      return objects.stream().map(PoseDetection::keypoints).collect(Collectors.toList());
    }

    @Override
    public <R> R accept(Cases<R> cases) {
      return cases.poses(this);
    }
  }

  /** Classification, single- or multi-label. */
  record Classes(int imageWidth, int imageHeight, Classification result) implements Prediction {
    @Override
    public <R> R accept(Cases<R> cases) {
      return cases.classes(this);
    }
  }
}
