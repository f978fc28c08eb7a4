package io.jinference.server.inference;

import static org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT;
import static org.bytedeco.opencv.global.opencv_core.CV_32FC3;
import static org.bytedeco.opencv.global.opencv_core.copyMakeBorder;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import io.jinference.server.image.DecodedImage;
import io.jinference.server.model.ResizeSpec;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Resizes an image to the network input as Roboflow does (reference §7.1 step 6) and writes it, normalised, into
 * one NCHW slot of the input tensor.
 */
final class Preprocessor {
  private Preprocessor() {}

  /**
   * @param dst tensor buffer; the image is written at its current position, which advances by 3*H*W
   */
  static InputTransform fill(DecodedImage image, ResizeSpec.Mode mode, int width, int height, Normalization norm,
      FloatBuffer dst) {
    Mat src = image.bgr();
    try (Mat sized = mode.letterbox() ? letterbox(src, width, height, mode.padValue()) : stretch(src, width, height)) {
      writeChw(sized, width, height, norm, dst);
    }
    return new InputTransform(image.width(), image.height(), width, height, mode.letterbox());
  }

  /** "Stretch to": cast to float32, then bilinear resize (in that order, as Roboflow). */
  private static Mat stretch(Mat src, int width, int height) {
    try (Mat f = new Mat(); Size size = new Size(width, height)) {
      src.convertTo(f, CV_32FC3);
      Mat out = new Mat();
      resize(f, out, size, 0, 0, INTER_LINEAR);
      return out;
    }
  }

  /** "Fit (... edges) in": keep the aspect ratio, pad top/bottom or left/right with the edge colour. */
  private static Mat letterbox(Mat src, int width, int height, int pad) {
    double r = (double) src.cols() / src.rows();
    double target = (double) width / height;
    int newW;
    int newH;
    if (r >= target) {
      newW = width;
      newH = (int) (width / r);
    } else {
      newH = height;
      newW = (int) (height * r);
    }
    int top = (height - newH) / 2;
    int bottom = height - newH - top;
    int left = (width - newW) / 2;
    int right = width - newW - left;
    try (Mat small = new Mat(); Mat bordered = new Mat(); Size size = new Size(newW, newH);
        Scalar colour = new Scalar(pad, pad, pad, 0)) {
      resize(src, small, size, 0, 0, INTER_LINEAR);
      copyMakeBorder(small, bordered, top, bottom, left, right, BORDER_CONSTANT, colour);
      Mat out = new Mat();
      bordered.convertTo(out, CV_32FC3);
      return out;
    }
  }

  /** HWC BGR float pixels to CHW in the network's channel order, with per-channel (v - mean) / std. */
  private static void writeChw(Mat hwc, int width, int height, Normalization norm, FloatBuffer dst) {
    int plane = width * height;
    float[] pixels = new float[plane * 3];
    try (FloatPointer data = new FloatPointer(hwc.data())) {
      data.get(pixels);
    }
    int base = dst.position();
    for (int c = 0; c < 3; c++) {
      int srcChannel = norm.rgb() ? 2 - c : c; // OpenCV pixels are BGR
      float mean = norm.mean()[c];
      float scale = 1f / norm.std()[c];
      int out = base + c * plane;
      for (int i = 0, j = srcChannel; i < plane; i++, j += 3) {
        dst.put(out + i, (pixels[j] - mean) * scale);
      }
    }
    dst.position(base + 3 * plane);
  }
}
