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
  /** A point of a prompt, in the image's pixels. */
  public static final class PromptPoint extends Value {
    private static final String[] NAMES = {"x", "y", "positive"};

    private final double x;
    private final double y;
    private final boolean positive;

    /**
     * Creates one from its parts.
     *
     * @param x horizontal
     * @param y vertical
     * @param positive on the object (true) or off it
     */
    public PromptPoint(double x, double y, boolean positive) {
      this.x = x;
      this.y = y;
      this.positive = positive;
    }

    /**
     * The horizontal.
     *
     * @return the horizontal
     */
    public double x() {
      return x;
    }

    /**
     * The vertical.
     *
     * @return the vertical
     */
    public double y() {
      return y;
    }

    /**
     * On the object (true) or off it.
     *
     * @return on the object (true) or off it
     */
    public boolean positive() {
      return positive;
    }

    @Override
    Object[] parts() {
      return new Object[] {x, y, positive};
    }

    @Override
    String[] partNames() {
      return NAMES;
    }
  }

  /** A box by its centre and size, in the image's pixels (Roboflow's convention). */
  public static final class Box extends Value {
    private static final String[] NAMES = {"x", "y", "width", "height"};

    private final double x;
    private final double y;
    private final double width;
    private final double height;

    /**
     * Creates one from its parts.
     *
     * @param x centre, horizontal
     * @param y centre, vertical
     * @param width width
     * @param height height
     */
    public Box(double x, double y, double width, double height) {
      this.x = x;
      this.y = y;
      this.width = width;
      this.height = height;
    }

    /**
     * Centre, horizontal.
     *
     * @return centre, horizontal
     */
    public double x() {
      return x;
    }

    /**
     * Centre, vertical.
     *
     * @return centre, vertical
     */
    public double y() {
      return y;
    }

    /**
     * The width.
     *
     * @return the width
     */
    public double width() {
      return width;
    }

    /**
     * The height.
     *
     * @return the height
     */
    public double height() {
      return height;
    }

    @Override
    Object[] parts() {
      return new Object[] {x, y, width, height};
    }

    @Override
    String[] partNames() {
      return NAMES;
    }
  }

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
    if (!(o instanceof SamPrompt)) {
      return false;
    }
    SamPrompt p = (SamPrompt) o;
    return Objects.equals(box, p.box) && points.equals(p.points);
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
