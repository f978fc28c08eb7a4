package io.jinference.server.workflow;

/** What a block field or output carries; the compiler refuses connections between different kinds. */
public enum Kind {
  IMAGE, OBJECT_DETECTION, STRING, FLOAT, INTEGER, BOOLEAN, LIST, ANY;

  boolean accepts(Kind other) {
    return this == ANY || other == ANY || this == other || (this == FLOAT && other == INTEGER);
  }
}
