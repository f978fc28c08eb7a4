package io.jinference.sdk;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One object for SAM 2 to segment: a box, points on it (positive) or off it (negative), or both.
 * Immutable; made with {@link #builder()}.
 *
 * <pre>{@code
 * SamPrompt dog = SamPrompt.builder().box(320, 240, 200, 150).positive(330, 250).build();
 * SamPrompt click = SamPrompt.builder().positive(120, 80).negative(140, 90).build();
 * }</pre>
 */
public final class SamPrompt {
  /**
   * A point of a prompt, in the image's pixels.
   *
   * @param x horizontal
   * @param y vertical
   * @param positive on the object (true) or off it
   */
  public record PromptPoint(double x, double y, boolean positive) {}

  /**
   * A box by its centre and size, in the image's pixels (Roboflow's convention).
   *
   * @param x centre, horizontal
   * @param y centre, vertical
   * @param width width
   * @param height height
   */
  public record Box(double x, double y, double width, double height) {}

  private final @Nullable Box box;
  private final List<PromptPoint> points;

  private SamPrompt(Builder b) {
    this.box = b.box;
    this.points = List.copyOf(b.points);
  }

  /**
   * A new builder.
   *
   * @return a builder with no box and no point
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The box, if any.
   *
   * @return the box, or null
   */
  public @Nullable Box box() {
    return box;
  }

  /**
   * The points, in order.
   *
   * @return the points (possibly none)
   */
  public List<PromptPoint> points() {
    return points;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SamPrompt p && Objects.equals(box, p.box) && points.equals(p.points);
  }

  @Override
  public int hashCode() {
    return Objects.hash(box, points);
  }

  @Override
  public String toString() {
    return "SamPrompt[box=" + box + ", points=" + points + "]";
  }

  /** Builds a {@link SamPrompt}. */
  public static final class Builder {
    private @Nullable Box box;
    private final List<PromptPoint> points = new ArrayList<>();

    private Builder() {}

    /**
     * The object's box.
     *
     * @param x centre, horizontal
     * @param y centre, vertical
     * @param width width (not negative)
     * @param height height (not negative)
     * @return this builder
     */
    public Builder box(double x, double y, double width, double height) {
      if (width < 0 || height < 0) {
        throw new IllegalArgumentException("a box's width and height are not negative");
      }
      this.box = new Box(x, y, width, height);
      return this;
    }

    /**
     * A point on the object.
     *
     * @param x horizontal
     * @param y vertical
     * @return this builder
     */
    public Builder positive(double x, double y) {
      points.add(new PromptPoint(x, y, true));
      return this;
    }

    /**
     * A point off the object.
     *
     * @param x horizontal
     * @param y vertical
     * @return this builder
     */
    public Builder negative(double x, double y) {
      points.add(new PromptPoint(x, y, false));
      return this;
    }

    /**
     * The prompt.
     *
     * @return an immutable prompt
     * @throws IllegalStateException with neither a box nor a point
     */
    public SamPrompt build() {
      if (box == null && points.isEmpty()) {
        throw new IllegalStateException("a prompt has a box, points, or both");
      }
      return new SamPrompt(this);
    }
  }
}
