package io.jinference.server.inference.runtime.sam;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One object to segment: a box (corners {@code x1, y1, x2, y2} in the image's pixels), points, or
 * both; neither is a prompt for the whole picture.
 *
 * <pre>{@code
 * new SamPrompt(null, List.of(new SamPrompt.Point(120, 80, true)));
 * }</pre>
 */
public record SamPrompt(double[] box, List<Point> points) {
  /** A point on the object ({@code positive}) or off it. */
  public record Point(double x, double y, boolean positive) {}

  public SamPrompt {
    box = box == null ? null : box.clone();
    points = List.copyOf(points);
  }

  @Override
  public double[] box() {
    return box == null ? null : box.clone();
  }

  /**
   * Whether this prompt extends {@code earlier}: the same box (or both none) and every point of
   * {@code earlier} among this one's (Roboflow's test for reusing cached logits).
   */
  boolean extendsPrompt(SamPrompt earlier) {
    if (!Arrays.equals(box, earlier.box)) {
      return false;
    }
    Set<Point> mine = new HashSet<>(points);
    return mine.containsAll(earlier.points);
  }

  /** A text that is equal for equal prompts (a cache key). */
  String key() {
    return Arrays.toString(box) + points;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SamPrompt p && Arrays.equals(box, p.box) && points.equals(p.points);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(box) + points.hashCode();
  }

  @Override
  public String toString() {
    return key();
  }
}
