package io.jinference.server.model;

/**
 * A model's {@code PREPROCESSING} from environment.json, applied in Roboflow's order: auto-orient
 * (at decode), static crop, contrast, grayscale, resize (reference §7.1).
 *
 * @param autoOrient an {@code auto-orient} key is present (its value is not checked, as Roboflow)
 * @param staticCrop the enabled static crop, or null
 * @param contrast "Contrast Stretching", "Histogram Equalization" or "Adaptive Equalization" when
 *     enabled, else null
 * @param grayscale grayscale is enabled
 * @param resize the enabled resize step, or null
 */
public record Preprocessing(
    boolean autoOrient,
    StaticCrop staticCrop,
    String contrast,
    boolean grayscale,
    ResizeSpec resize) {

  /**
   * A crop box in percent of the image.
   *
   * @param xMin left, percent
   * @param yMin top, percent
   * @param xMax right, percent
   * @param yMax bottom, percent
   */
  public record StaticCrop(double xMin, double yMin, double xMax, double yMax) {}
}
