package io.jinference.server.error;

/** An image reference could not be turned into pixels (400, Roboflow's InputImageLoadError). */
public final class InputImageLoadException extends ApiException {
  public InputImageLoadException(String cause) {
    super(400, "InputImageLoadError", "Could not load input image. Cause: " + cause);
  }

  public InputImageLoadException(String cause, Throwable throwable) {
    super(400, "InputImageLoadError", "Could not load input image. Cause: " + cause, throwable);
  }
}
