package io.jinference.server.workflow.engine;

/**
 * What a block field or output carries; the compiler refuses connections between incompatible
 * kinds.
 */
public enum Kind {
  IMAGE("image", "dict"),
  OBJECT_DETECTION("object_detection_prediction", "dict"),
  INSTANCE_SEGMENTATION("instance_segmentation_prediction", "dict"),
  KEYPOINT_DETECTION("keypoint_detection_prediction", "dict"),
  CLASSIFICATION("classification_prediction", "dict"),
  STRING("string", "str"),
  FLOAT("float", "float"),
  INTEGER("integer", "int"),
  BOOLEAN("boolean", "bool"),
  LIST("list_of_values", "list"),
  NUMPY_ARRAY("numpy_array", "numpy.ndarray"),
  ANY("*", "Any");

  private final String wireName;
  private final String pythonType;

  Kind(String wireName, String pythonType) {
    this.wireName = wireName;
    this.pythonType = pythonType;
  }

  /** Roboflow's name for the kind, as in {@code declared_kinds} and {@code describe_interface}. */
  public String wireName() {
    return wireName;
  }

  /**
   * The Python type Roboflow's {@code typing_hints} give for the kind (serialised form: detections
   * and images are JSON objects).
   */
  String pythonType() {
    return pythonType;
  }

  /**
   * Segmentation and keypoint predictions are detections too (they carry boxes), as in Roboflow's
   * kinds.
   */
  boolean accepts(Kind other) {
    return this == ANY
        || other == ANY
        || this == other
        || (this == FLOAT && other == INTEGER)
        || (this == OBJECT_DETECTION
            && (other == INSTANCE_SEGMENTATION || other == KEYPOINT_DETECTION));
  }
}
