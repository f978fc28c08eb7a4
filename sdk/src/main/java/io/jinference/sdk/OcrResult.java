package io.jinference.sdk;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The text of one image, read by the server's OCR ({@code /ocr/pp-ocr}).
 *
 * <pre>{@code
 * OcrResult page = client.ocrImage(ImageSource.path(Path.of("page.png")));
 * System.out.println(page.text());
 * for (OcrResult.Line line : page.lines()) {
 *   System.out.println(line.text() + " at " + line.x() + "," + line.y());
 * }
 * }</pre>
 */
public final class OcrResult extends Value {
  private static final String[] NAMES = {"text", "lines", "time"};

  private final String text;
  private final List<Line> lines;
  private final @Nullable Double time;

  /**
   * Keeps an unmodifiable copy of the lines.
   *
   * @param text the lines, top to bottom and left to right, joined by spaces ("" for none)
   * @param lines each line with its box
   * @param time the server's time for the image in seconds, or null
   */
  public OcrResult(String text, List<Line> lines, @Nullable Double time) {
    this.text = text;
    this.lines = List.copyOf(lines);
    this.time = time;
  }

  /**
   * The lines, top to bottom and left to right, joined by spaces ("" for none).
   *
   * @return the lines, top to bottom and left to right, joined by spaces ("" for none)
   */
  public String text() {
    return text;
  }

  /**
   * Each line with its box.
   *
   * @return each line with its box
   */
  public List<Line> lines() {
    return lines;
  }

  /**
   * The server's time for the image in seconds, or null.
   *
   * @return the server's time for the image in seconds, or null
   */
  public @Nullable Double time() {
    return time;
  }

  /** One line of text and the upright box around it, in the image's pixels. */
  public static final class Line extends Value {
    private static final String[] NAMES = {"text", "confidence", "x", "y", "width", "height"};

    private final String text;
    private final double confidence;
    private final double x;
    private final double y;
    private final double width;
    private final double height;

    /**
     * Creates one from its parts.
     *
     * @param text what the line reads
     * @param confidence how sure the recogniser is, 0 to 1
     * @param x the box's centre
     * @param y the box's centre
     * @param width the box's width
     * @param height the box's height
     */
    public Line(String text, double confidence, double x, double y, double width, double height) {
      this.text = text;
      this.confidence = confidence;
      this.x = x;
      this.y = y;
      this.width = width;
      this.height = height;
    }

    /**
     * What the line reads.
     *
     * @return what the line reads
     */
    public String text() {
      return text;
    }

    /**
     * How sure the recogniser is, 0 to 1.
     *
     * @return how sure the recogniser is, 0 to 1
     */
    public double confidence() {
      return confidence;
    }

    /**
     * The box's centre.
     *
     * @return the box's centre
     */
    public double x() {
      return x;
    }

    /**
     * The box's centre.
     *
     * @return the box's centre
     */
    public double y() {
      return y;
    }

    /**
     * The box's width.
     *
     * @return the box's width
     */
    public double width() {
      return width;
    }

    /**
     * The box's height.
     *
     * @return the box's height
     */
    public double height() {
      return height;
    }

    @Override
    Object[] parts() {
      return new Object[] {text, confidence, x, y, width, height};
    }

    @Override
    String[] partNames() {
      return NAMES;
    }
  }

  @Override
  Object[] parts() {
    return new Object[] {text, lines, time};
  }

  @Override
  String[] partNames() {
    return NAMES;
  }
}
