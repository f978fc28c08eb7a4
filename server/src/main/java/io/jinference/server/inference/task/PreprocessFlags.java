package io.jinference.server.inference.task;

/**
 * The request's {@code disable_preproc_*} switches (auto-orient is applied while decoding, so it is
 * not here).
 *
 * @param contrast skip the contrast step
 * @param grayscale skip the grayscale step
 * @param staticCrop skip the static crop
 */
public record PreprocessFlags(boolean contrast, boolean grayscale, boolean staticCrop) {
  public static final PreprocessFlags NONE = new PreprocessFlags(false, false, false);
}
