package io.jinference.server.inference;

/**
 * How an original image was mapped onto the network input, kept to project boxes back (reference §7.4).
 *
 * @param originalWidth decoded image width
 * @param originalHeight decoded image height
 * @param inputWidth network input width
 * @param inputHeight network input height
 * @param letterbox true for "Fit ... in" resizes, false for "Stretch to"
 */
record InputTransform(int originalWidth, int originalHeight, int inputWidth, int inputHeight, boolean letterbox) {

  /** Input-pixel box {@code [x1, y1, x2, y2]} to original pixels: scaled, clipped and rounded to integers. */
  double[] toOriginal(float x1, float y1, float x2, float y2) {
    double ox1;
    double oy1;
    double ox2;
    double oy2;
    if (letterbox) {
      double s = Math.min((double) inputHeight / originalHeight, (double) inputWidth / originalWidth);
      double padX = (inputWidth - Math.rint(originalWidth * s)) / 2;
      double padY = (inputHeight - Math.rint(originalHeight * s)) / 2;
      ox1 = (x1 - padX) / s;
      ox2 = (x2 - padX) / s;
      oy1 = (y1 - padY) / s;
      oy2 = (y2 - padY) / s;
    } else {
      double sx = (double) originalWidth / inputWidth;
      double sy = (double) originalHeight / inputHeight;
      ox1 = x1 * sx;
      ox2 = x2 * sx;
      oy1 = y1 * sy;
      oy2 = y2 * sy;
    }
    // np.round rounds half to even, as Math.rint does.
    return new double[] {
      Math.rint(clip(ox1, originalWidth)), Math.rint(clip(oy1, originalHeight)),
      Math.rint(clip(ox2, originalWidth)), Math.rint(clip(oy2, originalHeight))
    };
  }

  private static double clip(double v, int max) {
    return Math.max(0, Math.min(max, v));
  }
}
