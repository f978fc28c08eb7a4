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
 *
 * @param text the lines, top to bottom and left to right, joined by spaces ("" for none)
 * @param lines each line with its box
 * @param time the server's time for the image in seconds, or null
 */
public record OcrResult(String text, List<Line> lines, @Nullable Double time) {
  /**
   * Keeps an unmodifiable copy of the lines.
   *
   * @param text the lines, top to bottom and left to right, joined by spaces ("" for none)
   * @param lines each line with its box
   * @param time the server's time for the image in seconds, or null
   */
  public OcrResult {
    lines = List.copyOf(lines);
  }

  /**
   * One line of text and the upright box around it, in the image's pixels.
   *
   * @param text what the line reads
   * @param confidence how sure the recogniser is, 0 to 1
   * @param x the box's centre
   * @param y the box's centre
   * @param width the box's width
   * @param height the box's height
   */
  public record Line(
      String text, double confidence, double x, double y, double width, double height) {}
}
