package io.jinference.server.error;

/** A route Roboflow has deprecated and always answers 410 (gaze detection). */
public final class FeatureDeprecatedException extends ApiException {
  public FeatureDeprecatedException(String feature) {
    super(410, "FeatureDeprecatedError", feature + " is deprecated and no longer served.");
  }
}
