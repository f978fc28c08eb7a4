package io.jinference.server.workflow;

/** What a block field or output carries; the compiler refuses connections between incompatible kinds. */
public enum Kind {
  IMAGE, OBJECT_DETECTION, INSTANCE_SEGMENTATION, KEYPOINT_DETECTION, CLASSIFICATION, STRING, FLOAT, INTEGER,
  BOOLEAN, LIST, ANY;

  /** Segmentation and keypoint predictions are detections too (they carry boxes), as in Roboflow's kinds. */
  boolean accepts(Kind other) {
    return this == ANY || other == ANY || this == other || (this == FLOAT && other == INTEGER)
        || (this == OBJECT_DETECTION && (other == INSTANCE_SEGMENTATION || other == KEYPOINT_DETECTION));
  }
}
