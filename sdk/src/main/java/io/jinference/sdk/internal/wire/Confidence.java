package io.jinference.sdk.internal.wire;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The contract's {@code Confidence}: a number, or the words {@code best} / {@code default}. */
public final class Confidence {
  private final Object value;

  private Confidence(Object value) {
    this.value = value;
  }

  public static Confidence of(float threshold) {
    return new Confidence(threshold);
  }

  public static Confidence best() {
    return new Confidence("best");
  }

  public static Confidence modelDefault() {
    return new Confidence("default");
  }

  @JsonValue
  Object toJson() {
    return value;
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static Confidence fromJson(Object o) {
    if (o instanceof Number) {
      return of(((Number) o).floatValue());
    }
    if ("best".equals(o) || "default".equals(o)) {
      return new Confidence(o);
    }
    throw new IllegalArgumentException(
        "confidence must be a number, \"best\" or \"default\", not " + o);
  }

  @Override
  public String toString() {
    return String.valueOf(value);
  }
}
