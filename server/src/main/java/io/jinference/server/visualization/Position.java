package io.jinference.server.visualization;

import java.util.Locale;

/**
 * Where on a box a label or a crop is anchored, as supervision's {@code Position} (which Roboflow's
 * visualisation blocks take by name). {@code CENTER_OF_MASS} is taken as the box's centre.
 */
public enum Position {
  TOP_LEFT(-1, -1),
  TOP_CENTER(0, -1),
  TOP_RIGHT(1, -1),
  CENTER_LEFT(-1, 0),
  CENTER(0, 0),
  CENTER_RIGHT(1, 0),
  BOTTOM_LEFT(-1, 1),
  BOTTOM_CENTER(0, 1),
  BOTTOM_RIGHT(1, 1),
  CENTER_OF_MASS(0, 0);

  private final int column;
  private final int row;

  Position(int column, int row) {
    this.column = column;
    this.row = row;
  }

  /** The position of that name (any case), or null when there is none. */
  public static Position named(String name) {
    try {
      return name == null ? null : valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The anchor point on the box. */
  double[] anchor(double x1, double y1, double x2, double y2) {
    return new double[] {pick(column, x1, x2), pick(row, y1, y2)};
  }

  /**
   * The top-left corner of a w x h label at the anchor, as supervision's {@code
   * resolve_text_background_xyxy}: above or below the box the label runs inwards from a side
   * anchor, beside the box's middle it runs outwards.
   */
  int[] labelCorner(double[] anchor, int w, int h) {
    int dx = row == 0 ? outwards(column, w) : column < 0 ? 0 : column > 0 ? -w : -w / 2;
    return new int[] {(int) anchor[0] + dx, (int) anchor[1] + outwards(row, h)};
  }

  /**
   * The top-left corner of a w x h crop at the anchor, as supervision's {@code CropAnnotator}:
   * outside the box.
   */
  int[] cropCorner(double[] anchor, int w, int h) {
    return new int[] {(int) anchor[0] + outwards(column, w), (int) anchor[1] + outwards(row, h)};
  }

  private static int outwards(int side, int size) {
    return side < 0 ? -size : side > 0 ? 0 : -size / 2;
  }

  private static double pick(int side, double low, double high) {
    return side < 0 ? low : side > 0 ? high : (low + high) / 2;
  }
}
