package io.jinference.server.inference.decode;

import static org.bytedeco.opencv.global.opencv_core.CV_32FC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgproc.CHAIN_APPROX_SIMPLE;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.RETR_EXTERNAL;
import static org.bytedeco.opencv.global.opencv_imgproc.findContours;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import io.jinference.server.inference.task.Detection;
import io.jinference.server.inference.task.MaskParams;
import io.jinference.server.inference.task.Prediction;
import io.jinference.server.inference.task.SegmentedDetection;
import io.jinference.server.inference.task.TaskOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Instance segmentation (YOLOv8/YOLO11 and YOLOv5/YOLOv7 seg): detection, then for each kept
 * candidate its mask {@code sigmoid(coefficients · prototypes)} (reference §7.4). Masks are decoded
 * one detection at a time and only inside the detection's box, so N full-resolution masks never
 * exist at once.
 */
final class SegmentationHead implements TaskHead {
  private final OutputDecoder decoder;
  private final IntFunction<String> className;

  SegmentationHead(OutputDecoder decoder, IntFunction<String> className) {
    this.decoder = decoder;
    this.className = className;
  }

  @Override
  public List<Prediction> predict(List<ImageRun> runs, TaskOptions options) {
    MaskParams mask = options.mask();
    List<Prediction> out = new ArrayList<>(runs.size());
    for (ImageRun run : runs) {
      RawOutputs.Tensor protos = run.outputs().get(1);
      InputTransform t = run.transform();
      List<Candidate> kept = Candidates.kept(decoder, run, options.detection(), className);
      List<SegmentedDetection> list = new ArrayList<>(kept.size());
      for (Candidate c : kept) {
        Detection box = Candidates.toDetection(t, c, className);
        try (Mat maskAtTarget = maskAt(protos, run.batchIndex(), c, t, mask)) {
          int tw = maskAtTarget.cols();
          int th = maskAtTarget.rows();
          if (mask.rle()) {
            list.add(
                new SegmentedDetection(
                    box, null, rle(maskAtTarget, c, t), t.originalHeight(), t.originalWidth()));
          } else {
            list.add(new SegmentedDetection(box, polygon(maskAtTarget, c, t, tw, th), null, 0, 0));
          }
        }
      }
      out.add(new Prediction.Segmentations(t.originalWidth(), t.originalHeight(), list));
    }
    return out;
  }

  /**
   * The candidate's soft mask at the target resolution of the mode: prototypes combined and
   * squashed at their own resolution, the letterbox padding of the prototype grid cut away, then
   * resized bilinearly.
   */
  static Mat maskAt(RawOutputs.Tensor protos, int b, Candidate c, InputTransform t, MaskParams p) {
    int k = protos.dim(1);
    int mh = protos.dim(2);
    int mw = protos.dim(3);
    int inW = t.inputWidth();
    int inH = t.inputHeight();
    int tw;
    int th;
    switch (p.mode()) {
      case "fast":
        tw = mw;
        th = mh;
        break;
      case "tradeoff":
        tw = (int) (mw * (1 - p.tradeoffFactor()) + inW * p.tradeoffFactor());
        th = (int) (mh * (1 - p.tradeoffFactor()) + inH * p.tradeoffFactor());
        break;
      default:
        tw = inW;
        th = inH;
    }
    float[] soft = new float[mh * mw];
    int base = b * k * mh * mw;
    float[] coefficients = c.extras();
    for (int j = 0; j < k; j++) {
      float coefficient = coefficients[j];
      int plane = base + j * mh * mw;
      for (int i = 0; i < soft.length; i++) {
        soft[i] += coefficient * protos.data[plane + i];
      }
    }
    for (int i = 0; i < soft.length; i++) {
      soft[i] = (float) (1 / (1 + Math.exp(-soft[i])));
    }
    double gain = Math.min((double) mh / inH, (double) mw / inW);
    int top = (int) ((mh - inH * gain) / 2);
    int left = (int) ((mw - inW * gain) / 2);
    int bottom = (int) (mh - (mh - inH * gain) / 2);
    int right = (int) (mw - (mw - inW * gain) / 2);
    Mat out = new Mat();
    try (FloatPointer data = new FloatPointer(soft);
        Mat full = new Mat(mh, mw, CV_32FC1, data);
        Rect r = new Rect(left, top, right - left, bottom - top);
        Mat cropped = new Mat(full, r);
        Size size = new Size(tw, th)) {
      resize(cropped, out, size, 0, 0, INTER_LINEAR);
    }
    return out;
  }

  /** The candidate's box in target-resolution pixels: {@code [x1, y1, x2, y2]}. */
  private static double[] boxAt(Candidate c, InputTransform t, int tw, int th) {
    double sx = (double) tw / t.inputWidth();
    double sy = (double) th / t.inputHeight();
    return new double[] {c.x1() * sx, c.y1() * sy, c.x2() * sx, c.y2() * sy};
  }

  /**
   * Whether target pixel (x, y) is in the mask: inside the box ({@code x1 <= x < x2}) and above
   * 0.5.
   */
  private static boolean inMask(float[] soft, int tw, double[] box, int x, int y) {
    return x >= box[0] && x < box[2] && y >= box[1] && y < box[3] && soft[y * tw + x] > 0.5f;
  }

  private static float[] values(Mat m) {
    float[] v = new float[m.rows() * m.cols()];
    try (FloatPointer p = new FloatPointer(m.data())) {
      p.get(v);
    }
    return v;
  }

  /** The largest external contour (by point count) of the binary mask, back-projected. */
  static List<double[]> polygon(Mat soft, Candidate c, InputTransform t, int tw, int th) {
    double[] box = boxAt(c, t, tw, th);
    int x0 = Math.max(0, (int) Math.floor(box[0]));
    int y0 = Math.max(0, (int) Math.floor(box[1]));
    int x1 = Math.min(tw, (int) Math.ceil(box[2]) + 1);
    int y1 = Math.min(th, (int) Math.ceil(box[3]) + 1);
    List<double[]> points = new ArrayList<>();
    if (x1 <= x0 || y1 <= y0) {
      return points;
    }
    float[] v = values(soft);
    // the box region with a 1-pixel empty border, so contours match those of the whole (otherwise
    // empty) mask
    int w = x1 - x0 + 2;
    int h = y1 - y0 + 2;
    byte[] binary = new byte[w * h];
    for (int y = y0; y < y1; y++) {
      for (int x = x0; x < x1; x++) {
        if (inMask(v, tw, box, x, y)) {
          binary[(y - y0 + 1) * w + (x - x0 + 1)] = 1;
        }
      }
    }
    try (BytePointer data = new BytePointer(binary);
        Mat region = new Mat(h, w, CV_8UC1, data);
        MatVector contours = new MatVector();
        Mat hierarchy = new Mat()) {
      findContours(region, contours, hierarchy, RETR_EXTERNAL, CHAIN_APPROX_SIMPLE);
      Mat largest = null;
      for (long i = 0; i < contours.size(); i++) {
        Mat contour = contours.get(i);
        if (largest == null || contour.rows() > largest.rows()) {
          largest = contour;
        }
      }
      if (largest == null) {
        return points;
      }
      int[] xy = new int[largest.rows() * 2];
      try (IntPointer p = new IntPointer(largest.data())) {
        p.get(xy);
      }
      for (int i = 0; i < xy.length; i += 2) {
        points.add(t.polygonPoint(xy[i] + x0 - 1, xy[i + 1] + y0 - 1, tw, th));
      }
    }
    return points;
  }

  /**
   * COCO RLE of the mask at the original resolution: each original pixel inside the detection's box
   * is mapped to the target grid (through the crop and the resize) and looked up; runs are counted
   * column by column.
   */
  private static String rle(Mat soft, Candidate c, InputTransform t) {
    int tw = soft.cols();
    int th = soft.rows();
    float[] v = values(soft);
    double[] box = boxAt(c, t, tw, th);
    int width = t.originalWidth();
    int height = t.originalHeight();
    List<Integer> counts = new ArrayList<>();
    boolean current = false;
    int run = 0;
    double[] forward = forwardScale(t, tw, th);
    for (int x = 0; x < width; x++) {
      for (int y = 0; y < height; y++) {
        double tx = (x + 0.5 - t.cropX()) * forward[0] + forward[2];
        double ty = (y + 0.5 - t.cropY()) * forward[1] + forward[3];
        int px = (int) Math.floor(tx);
        int py = (int) Math.floor(ty);
        boolean on =
            px >= 0
                && py >= 0
                && px < tw
                && py < th
                && x >= t.cropX()
                && y >= t.cropY()
                && x < t.cropX() + t.cropWidth()
                && y < t.cropY() + t.cropHeight()
                && inMask(v, tw, box, px, py);
        if (on != current) {
          counts.add(run);
          run = 0;
          current = on;
        }
        run++;
      }
    }
    counts.add(run);
    return CocoRle.string(counts);
  }

  /**
   * Original (cropped) pixels to target-grid pixels: {@code [scaleX, scaleY, offsetX, offsetY]}.
   */
  private static double[] forwardScale(InputTransform t, int tw, int th) {
    if (t.letterbox()) {
      double s = Math.min((double) th / t.cropHeight(), (double) tw / t.cropWidth());
      return new double[] {s, s, (tw - t.cropWidth() * s) / 2, (th - t.cropHeight() * s) / 2};
    }
    return new double[] {(double) tw / t.cropWidth(), (double) th / t.cropHeight(), 0, 0};
  }
}
