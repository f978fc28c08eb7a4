package io.jinference.server.inference.runtime;

import static org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT;
import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_32FC1;
import static org.bytedeco.opencv.global.opencv_core.CV_32FC3;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.LUT;
import static org.bytedeco.opencv.global.opencv_core.copyMakeBorder;
import static org.bytedeco.opencv.global.opencv_core.split;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_GRAY2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.createCLAHE;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.equalizeHist;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import io.jinference.server.error.ModelConfigurationException;
import io.jinference.server.image.DecodedImage;
import io.jinference.server.inference.decode.InputTransform;
import io.jinference.server.inference.decode.Normalization;
import io.jinference.server.inference.task.PreprocessFlags;
import io.jinference.server.model.Preprocessing;
import io.jinference.server.model.ResizeSpec;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_imgproc.CLAHE;

/**
 * A model's {@code PREPROCESSING} in Roboflow's order (reference §7.1): static crop, contrast,
 * grayscale, resize; then normalisation into one NCHW slot of the input tensor.
 */
public final class Preprocessor {
  private Preprocessor() {}

  /**
   * @param tensorWidth width of the tensor slot (the input width, or more when padded to a multiple
   *     of 32: padding is zeros on the right and bottom)
   * @param dst tensor buffer; the image is written at its current position, which advances by 3*H*W
   *     of the slot
   */
  static InputTransform fill(
      DecodedImage image,
      Preprocessing pre,
      PreprocessFlags flags,
      int width,
      int height,
      int tensorWidth,
      int tensorHeight,
      Normalization norm,
      FloatBuffer dst) {
    Mat src = image.bgr();
    int w = image.width();
    int h = image.height();
    Preprocessing.StaticCrop crop = flags.staticCrop() ? null : pre.staticCrop();
    int cropX = 0;
    int cropY = 0;
    int cropW = w;
    int cropH = h;
    Mat work = src;
    boolean owned = false;
    try {
      if (crop != null) {
        int x0 = (int) (crop.xMin() / 100 * w);
        int y0 = (int) (crop.yMin() / 100 * h);
        int x1 = (int) (crop.xMax() / 100 * w);
        int y1 = (int) (crop.yMax() / 100 * h);
        if (x1 <= x0 || y1 <= y0) {
          throw new ModelConfigurationException("The static crop leaves no pixels.");
        }
        try (Rect r = new Rect(x0, y0, x1 - x0, y1 - y0);
            Mat roi = new Mat(src, r)) {
          work = roi.clone();
          owned = true;
        }
        // Roboflow projects back with rounded crop offsets and sizes
        // (postprocess.get_static_crop_dimensions).
        cropX = (int) Math.round(crop.xMin() / 100 * w);
        cropY = (int) Math.round(crop.yMin() / 100 * h);
        cropW = (int) Math.round(w * (crop.xMax() - crop.xMin()) / 100);
        cropH = (int) Math.round(h * (crop.yMax() - crop.yMin()) / 100);
      }
      if (pre.contrast() != null && !flags.contrast()) {
        Mat next = contrast(work, pre.contrast());
        if (owned) {
          work.close();
        }
        work = next;
        owned = true;
      }
      if (pre.grayscale() && !flags.grayscale()) {
        Mat next = grayscale(work);
        if (owned) {
          work.close();
        }
        work = next;
        owned = true;
      }
      ResizeSpec.Mode mode = pre.resize() == null ? ResizeSpec.Mode.STRETCH : pre.resize().mode();
      try (Mat sized =
          mode.letterbox()
              ? letterbox(work, width, height, mode.padValue())
              : stretch(work, width, height)) {
        writeChw(sized, width, height, tensorWidth, tensorHeight, norm, dst);
      }
    } finally {
      if (owned) {
        work.close();
      }
    }
    return new InputTransform(
        w,
        h,
        cropX,
        cropY,
        cropW,
        cropH,
        width,
        height,
        pre.resize() != null && pre.resize().mode().letterbox());
  }

  static Mat contrast(Mat bgr, String type) {
    switch (type) {
      case "Contrast Stretching":
        return stretchContrast(bgr);
      case "Histogram Equalization":
        return onGray(bgr, (gray, out) -> equalizeHist(gray, out));
      case "Adaptive Equalization":
        return onGray(
            bgr,
            (gray, out) -> {
              try (CLAHE clahe = createCLAHE(0.03, new Size(8, 8))) {
                clahe.apply(gray, out);
              }
            });
      default:
        throw new ModelConfigurationException("Unknown contrast type '" + type + "'.");
    }
  }

  /**
   * skimage's {@code rescale_intensity(in_range=(p2, p98))} over all channels, as a lookup table.
   */
  private static Mat stretchContrast(Mat bgr) {
    long[] histogram = new long[256];
    byte[] pixels = new byte[(int) (bgr.total() * bgr.channels())];
    try (Mat continuous = bgr.isContinuous() ? null : bgr.clone()) {
      Mat m = continuous == null ? bgr : continuous;
      try (BytePointer data = new BytePointer(m.data())) {
        data.get(pixels);
      }
    }
    for (byte p : pixels) {
      histogram[p & 0xFF]++;
    }
    double p2 = percentile(histogram, pixels.length, 2);
    double p98 = percentile(histogram, pixels.length, 98);
    byte[] table = new byte[256];
    for (int v = 0; v < 256; v++) {
      double scaled = p98 > p2 ? (v - p2) / (p98 - p2) * 255 : v;
      table[v] = (byte) (int) Math.max(0, Math.min(255, scaled));
    }
    Mat out = new Mat();
    try (BytePointer t = new BytePointer(table);
        Mat lut = new Mat(1, 256, CV_8UC1, t)) {
      LUT(bgr, lut, out);
    }
    return out;
  }

  /** numpy's default (linear interpolation) percentile of values given as a histogram. */
  static double percentile(long[] histogram, long count, double q) {
    double rank = q / 100 * (count - 1);
    long below = (long) Math.floor(rank);
    double fraction = rank - below;
    int lower = valueAt(histogram, below);
    int upper = valueAt(histogram, Math.min(count - 1, below + 1));
    return lower + (upper - lower) * fraction;
  }

  private static int valueAt(long[] histogram, long index) {
    long seen = 0;
    for (int v = 0; v < histogram.length; v++) {
      seen += histogram[v];
      if (seen > index) {
        return v;
      }
    }
    return histogram.length - 1;
  }

  private interface GrayOp {
    void apply(Mat gray, Mat out);
  }

  private static Mat onGray(Mat bgr, GrayOp op) {
    try (Mat gray = new Mat();
        Mat processed = new Mat()) {
      cvtColor(bgr, gray, COLOR_BGR2GRAY);
      op.apply(gray, processed);
      Mat out = new Mat();
      cvtColor(processed, out, COLOR_GRAY2BGR);
      return out;
    }
  }

  static Mat grayscale(Mat bgr) {
    return onGray(bgr, (gray, out) -> gray.copyTo(out));
  }

  /** "Stretch to": cast to float32, then bilinear resize (in that order, as Roboflow). */
  private static Mat stretch(Mat src, int width, int height) {
    try (Mat f = new Mat();
        Size size = new Size(width, height)) {
      src.convertTo(f, CV_32FC3);
      Mat out = new Mat();
      resize(f, out, size, 0, 0, INTER_LINEAR);
      return out;
    }
  }

  /**
   * "Fit (... edges) in": keep the aspect ratio, pad top/bottom or left/right with the edge colour.
   */
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
    try (Mat small = new Mat();
        Mat bordered = new Mat();
        Size size = new Size(newW, newH);
        Scalar colour = new Scalar(pad, pad, pad, 0)) {
      resize(src, small, size, 0, 0, INTER_LINEAR);
      copyMakeBorder(small, bordered, top, bottom, left, right, BORDER_CONSTANT, colour);
      Mat out = new Mat();
      bordered.convertTo(out, CV_32FC3);
      return out;
    }
  }

  /**
   * HWC BGR float pixels to CHW in the network's channel order, with per-channel (v - mean) / std:
   * each channel is split out and converted by OpenCV straight into its plane of the (direct,
   * native-order) tensor buffer, rows {@code tensorWidth} apart; the padding beyond {@code width} x
   * {@code height} is left as it is.
   */
  public static void writeChw(
      Mat hwc,
      int width,
      int height,
      int tensorWidth,
      int tensorHeight,
      Normalization norm,
      FloatBuffer dst) {
    int plane = tensorWidth * tensorHeight;
    int base = dst.position();
    try (MatVector channels = new MatVector()) {
      split(hwc, channels);
      for (int c = 0; c < 3; c++) {
        int srcChannel = norm.rgb() ? 2 - c : c; // OpenCV pixels are BGR
        double scale = 1.0 / norm.std()[c];
        Mat channel = channels.get(srcChannel);
        double shift = -norm.mean()[c] * scale;
        if (dst.isDirect()) {
          // A slice starting at the plane: JavaCPP hands OpenCV the pointer's address, not its
          // position.
          try (FloatPointer target =
                  new FloatPointer(dst.duplicate().position(base + c * plane).slice());
              Mat out = new Mat(height, width, CV_32FC1, target, 4L * tensorWidth)) {
            channel.convertTo(out, CV_32F, scale, shift);
          }
        } else {
          // A heap buffer (tests): convert aside, then copy row by row.
          try (Mat out = new Mat()) {
            channel.convertTo(out, CV_32F, scale, shift);
            float[] row = new float[width];
            try (FloatPointer rows = new FloatPointer(out.data())) {
              for (int y = 0; y < height; y++) {
                rows.position((long) y * width).get(row);
                dst.put(base + c * plane + y * tensorWidth, row);
              }
            }
          }
        }
      }
    }
    dst.position(base + 3 * plane);
  }
}
