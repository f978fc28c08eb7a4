package io.jinference.server.model;

/**
 * The resize step of a model's {@code PREPROCESSING}.
 *
 * @param width target width
 * @param height target height
 * @param mode how the image is fitted
 */
public record ResizeSpec(int width, int height, Mode mode) {
  /** Roboflow's resize formats. */
  public enum Mode {
    /** "Stretch to": aspect ratio not kept. */
    STRETCH(0),
    /** "Fit (black edges) in". */
    FIT_BLACK(0),
    /** "Fit (white edges) in". */
    FIT_WHITE(255),
    /** "Fit (grey edges) in". */
    FIT_GREY(114);

    private final int padValue;

    Mode(int padValue) {
      this.padValue = padValue;
    }

    public int padValue() {
      return padValue;
    }

    public boolean letterbox() {
      return this != STRETCH;
    }

    /**
     * Roboflow's mapping of the format text: unsupported "Fit" variants letterbox with black edges,
     * anything else stretches.
     */
    public static Mode of(String format) {
      if (format == null) {
        return STRETCH;
      }
      switch (format) {
        case "Stretch to":
          return STRETCH;
        case "Fit (white edges) in":
          return FIT_WHITE;
        case "Fit (grey edges) in":
          return FIT_GREY;
        case "Fit (black edges) in":
        case "Fit (reflect edges) in":
        case "Fit within":
        case "Fill (with center crop) in":
          return FIT_BLACK;
        default:
          return STRETCH;
      }
    }
  }
}
