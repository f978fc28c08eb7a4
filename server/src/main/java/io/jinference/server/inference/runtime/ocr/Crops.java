package io.jinference.server.inference.runtime.ocr;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/** A text box cut out of the image and straightened, as the recogniser reads it. */
final class Crops {
  private Crops() {}

  /**
   * The quadrilateral {@code box} (clockwise from the top left) warped to an upright rectangle of
   * its longer sides' length; turned a quarter anticlockwise when it is much taller than wide
   * (vertical text).
   */
  static Mat upright(Mat image, float[][] box) {
    int width = (int) Math.max(distance(box[0], box[1]), distance(box[2], box[3]));
    int height = (int) Math.max(distance(box[0], box[3]), distance(box[1], box[2]));
    width = Math.max(1, width);
    height = Math.max(1, height);
    Mat out = new Mat();
    try (Mat from = corners(box[0], box[1], box[2], box[3]);
        Mat to =
            corners(
                new float[] {0, 0},
                new float[] {width, 0},
                new float[] {width, height},
                new float[] {0, height});
        Mat m = opencv_imgproc.getPerspectiveTransform(from, to)) {
      opencv_imgproc.warpPerspective(
          image,
          out,
          m,
          new Size(width, height),
          opencv_imgproc.INTER_CUBIC,
          opencv_core.BORDER_REPLICATE,
          new Scalar());
    }
    if (out.rows() / (double) out.cols() >= 1.5) {
      opencv_core.rotate(out, out, opencv_core.ROTATE_90_COUNTERCLOCKWISE);
    }
    return out;
  }

  private static Mat corners(float[]... points) {
    Mat m = new Mat(4, 1, opencv_core.CV_32FC2);
    float[] flat = new float[8];
    for (int i = 0; i < 4; i++) {
      flat[2 * i] = points[i][0];
      flat[2 * i + 1] = points[i][1];
    }
    new FloatPointer(m.data()).put(flat);
    return m;
  }

  private static double distance(float[] a, float[] b) {
    return Math.hypot(a[0] - b[0], a[1] - b[1]);
  }
}
