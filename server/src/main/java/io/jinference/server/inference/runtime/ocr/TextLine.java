package io.jinference.server.inference.runtime.ocr;

/**
 * One line of text read from an image.
 *
 * @param corners the line's box, four corners clockwise from the top left, in the image's pixels
 * @param text what it reads
 * @param confidence the recogniser's mean certainty over the line's characters, 0 to 1
 */
public record TextLine(float[][] corners, String text, double confidence) {
  /** The lines' text joined by spaces, as Roboflow's OCR {@code result} ("" for none). */
  public static String joined(java.util.List<TextLine> lines) {
    return String.join(" ", lines.stream().map(TextLine::text).toList());
  }

  /** The upright box around the corners: left, top, right, bottom. */
  public double[] bounds() {
    double[] b = {Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
    for (float[] c : corners) {
      b[0] = Math.min(b[0], c[0]);
      b[1] = Math.min(b[1], c[1]);
      b[2] = Math.max(b[2], c[0]);
      b[3] = Math.max(b[3], c[1]);
    }
    return b;
  }
}
