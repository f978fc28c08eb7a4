package io.jinference.server.inference.decode;

/**
 * How an original image was mapped onto the network input, kept to project results back (reference
 * §7.4): an optional static crop, then a stretch or a letterbox to the input size.
 *
 * @param originalWidth decoded image width (reported as {@code image.width})
 * @param originalHeight decoded image height
 * @param cropX left of the static crop in original pixels (as Roboflow's back-projection computes
 *     it, rounded)
 * @param cropY top of the static crop
 * @param cropWidth width of the cropped image (the whole width without a crop)
 * @param cropHeight height of the cropped image
 * @param inputWidth network input width (before any padding to a multiple of 32)
 * @param inputHeight network input height
 * @param letterbox true for "Fit ... in" resizes, false for "Stretch to"
 */
public record InputTransform(
    int originalWidth,
    int originalHeight,
    int cropX,
    int cropY,
    int cropWidth,
    int cropHeight,
    int inputWidth,
    int inputHeight,
    boolean letterbox) {

  /**
   * Input-pixel box to original pixels: scaled, clipped to the crop, rounded to integers, shifted
   * by the crop.
   */
  double[] box(float x1, float y1, float x2, float y2) {
    double[] a = unscale(x1, y1, inputWidth, inputHeight, false);
    double[] b = unscale(x2, y2, inputWidth, inputHeight, false);
    // np.round rounds half to even, as Math.rint does.
    return new double[] {
      Math.rint(clip(a[0], cropWidth)) + cropX, Math.rint(clip(a[1], cropHeight)) + cropY,
      Math.rint(clip(b[0], cropWidth)) + cropX, Math.rint(clip(b[1], cropHeight)) + cropY
    };
  }

  /**
   * A keypoint: scaled, clipped to the crop, rounded half to even (Roboflow's {@code np.round}) and
   * shifted.
   */
  double[] point(float x, float y) {
    double[] p = unscale(x, y, inputWidth, inputHeight, false);
    return new double[] {
      Math.rint(clip(p[0], cropWidth)) + cropX, Math.rint(clip(p[1], cropHeight)) + cropY
    };
  }

  /**
   * A polygon vertex measured on a {@code spaceWidth x spaceHeight} grid covering the input (the
   * input itself, or a mask resolution): scaled with Roboflow's integer-truncated letterbox sizes,
   * shifted, not clipped.
   */
  double[] polygonPoint(double x, double y, int spaceWidth, int spaceHeight) {
    double[] p = unscale(x, y, spaceWidth, spaceHeight, true);
    return new double[] {p[0] + cropX, p[1] + cropY};
  }

  private double[] unscale(double x, double y, int spaceWidth, int spaceHeight, boolean truncate) {
    if (letterbox) {
      double s = Math.min((double) spaceHeight / cropHeight, (double) spaceWidth / cropWidth);
      double scaledW = truncate ? Math.floor(cropWidth * s) : Math.rint(cropWidth * s);
      double scaledH = truncate ? Math.floor(cropHeight * s) : Math.rint(cropHeight * s);
      double padX = (spaceWidth - scaledW) / 2;
      double padY = (spaceHeight - scaledH) / 2;
      return new double[] {(x - padX) / s, (y - padY) / s};
    }
    return new double[] {x * cropWidth / spaceWidth, y * cropHeight / spaceHeight};
  }

  private static double clip(double v, int max) {
    return Math.max(0, Math.min(max, v));
  }
}
