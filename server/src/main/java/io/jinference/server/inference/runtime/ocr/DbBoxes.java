package io.jinference.server.inference.runtime.ocr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Point2f;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RotatedRect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size2f;

/**
 * Text boxes from DB's probability map (Differentiable Binarization, PaddleOCR's detector), with
 * RapidOCR's settings: pixels over 0.3, the regions slightly dilated, each region's rotated box
 * kept when its mean probability is at least 0.5, then grown by {@code area * 1.6 / perimeter} on
 * every side (DB's "unclip": the text's core was detected, not its outline).
 */
final class DbBoxes {
  private static final float THRESHOLD = 0.3f;
  private static final double BOX_THRESHOLD = 0.5;
  private static final int MAX_CANDIDATES = 1000;
  private static final double UNCLIP_RATIO = 1.6;
  private static final int MIN_SIZE = 3;

  private DbBoxes() {}

  /** A text box: its corners, clockwise from the top left, and its mean text probability. */
  record Found(float[][] corners, double score) {}

  /**
   * @param probabilities the map, {@code mapH x mapW}, row by row
   * @return boxes in a {@code destH x destW} image, four corners clockwise from the top left, in
   *     reading order (top to bottom, then left to right within 10 pixels of height)
   */
  static List<Found> find(float[] probabilities, int mapH, int mapW, int destH, int destW) {
    List<Found> boxes = new ArrayList<>();
    try (Mat map = new Mat(mapH, mapW, opencv_core.CV_32F);
        Mat bitmap = new Mat(mapH, mapW, opencv_core.CV_8U);
        Mat dilated = new Mat();
        Mat kernel = new Mat(2, 2, opencv_core.CV_8U, new Scalar(1));
        MatVector contours = new MatVector()) {
      new FloatPointer(map.data()).put(probabilities);
      opencv_imgproc.threshold(map, map, THRESHOLD, 255, opencv_imgproc.THRESH_BINARY);
      map.convertTo(bitmap, opencv_core.CV_8U);
      new FloatPointer(map.data()).put(probabilities); // the map again, for the scores
      opencv_imgproc.dilate(bitmap, dilated, kernel);
      opencv_imgproc.findContours(
          dilated, contours, opencv_imgproc.RETR_LIST, opencv_imgproc.CHAIN_APPROX_SIMPLE);
      long n = Math.min(contours.size(), MAX_CANDIDATES);
      for (long i = 0; i < n; i++) {
        Mat contour = contours.get(i);
        RotatedRect core = opencv_imgproc.minAreaRect(contour);
        if (Math.min(core.size().width(), core.size().height()) < MIN_SIZE) {
          continue;
        }
        float[][] points = corners(core);
        double score = score(map, points);
        if (score < BOX_THRESHOLD) {
          continue;
        }
        RotatedRect grown = unclip(points);
        if (Math.min(grown.size().width(), grown.size().height()) < MIN_SIZE + 2) {
          continue;
        }
        float[][] box = corners(grown);
        for (float[] p : box) {
          p[0] = (float) Math.min(destW, Math.max(0, Math.rint(p[0] / mapW * destW)));
          p[1] = (float) Math.min(destH, Math.max(0, Math.rint(p[1] / mapH * destH)));
        }
        box = clockwise(box);
        for (float[] p : box) {
          p[0] = (int) Math.min(Math.max(p[0], 0), destW - 1);
          p[1] = (int) Math.min(Math.max(p[1], 0), destH - 1);
        }
        if ((int) distance(box[0], box[1]) <= 3 || (int) distance(box[0], box[3]) <= 3) {
          continue;
        }
        boxes.add(new Found(box, score));
      }
    }
    return readingOrder(boxes);
  }

  /** The rectangle's corners, ordered as DB orders them (left pair, then right pair, by y). */
  private static float[][] corners(RotatedRect r) {
    float[][] p = new float[4][2];
    try (Mat m = new Mat()) {
      opencv_imgproc.boxPoints(r, m);
      float[] flat = new float[8];
      new FloatPointer(m.data()).get(flat);
      for (int i = 0; i < 4; i++) {
        p[i][0] = flat[2 * i];
        p[i][1] = flat[2 * i + 1];
      }
    }
    Arrays.sort(p, Comparator.comparingDouble(q -> q[0]));
    float[] a = p[1][1] > p[0][1] ? p[0] : p[1]; // top left
    float[] d = p[1][1] > p[0][1] ? p[1] : p[0]; // bottom left
    float[] b = p[3][1] > p[2][1] ? p[2] : p[3]; // top right
    float[] c = p[3][1] > p[2][1] ? p[3] : p[2]; // bottom right
    return new float[][] {a, b, c, d};
  }

  /** The mean probability inside the box (over its bounding rectangle, masked by the box). */
  private static double score(Mat map, float[][] box) {
    int w = map.cols();
    int h = map.rows();
    double minX = Double.MAX_VALUE;
    double maxX = -Double.MAX_VALUE;
    double minY = Double.MAX_VALUE;
    double maxY = -Double.MAX_VALUE;
    for (float[] p : box) {
      minX = Math.min(minX, p[0]);
      maxX = Math.max(maxX, p[0]);
      minY = Math.min(minY, p[1]);
      maxY = Math.max(maxY, p[1]);
    }
    int x0 = clamp((int) Math.floor(minX), w - 1);
    int x1 = clamp((int) Math.ceil(maxX), w - 1);
    int y0 = clamp((int) Math.floor(minY), h - 1);
    int y1 = clamp((int) Math.ceil(maxY), h - 1);
    try (Mat mask = new Mat(y1 - y0 + 1, x1 - x0 + 1, opencv_core.CV_8U, new Scalar(0));
        Mat polygon = new Mat(4, 1, opencv_core.CV_32SC2);
        MatVector polygons = new MatVector(polygon);
        Mat region = new Mat(map, new Rect(x0, y0, x1 - x0 + 1, y1 - y0 + 1))) {
      int[] xy = new int[8];
      for (int i = 0; i < 4; i++) {
        xy[2 * i] = (int) (box[i][0] - x0);
        xy[2 * i + 1] = (int) (box[i][1] - y0);
      }
      new IntPointer(polygon.data()).put(xy);
      opencv_imgproc.fillPoly(mask, polygons, new Scalar(1));
      return opencv_core.mean(region, mask).get(0);
    }
  }

  /**
   * The box grown by {@code area * ratio / perimeter} on every side: what offsetting its polygon
   * (corners truncated to whole pixels, as the polygon clipper takes them) gives, measured by its
   * smallest enclosing rectangle.
   */
  private static RotatedRect unclip(float[][] box) {
    double area = 0;
    double perimeter = 0;
    for (int i = 0; i < 4; i++) {
      float[] a = box[i];
      float[] b = box[(i + 1) % 4];
      area += a[0] * b[1] - b[0] * a[1];
      perimeter += distance(a, b);
    }
    double grow = Math.abs(area) / 2 * UNCLIP_RATIO / perimeter;
    try (Mat whole = new Mat(4, 1, opencv_core.CV_32SC2)) {
      int[] xy = new int[8];
      for (int i = 0; i < 4; i++) {
        xy[2 * i] = (int) box[i][0];
        xy[2 * i + 1] = (int) box[i][1];
      }
      new IntPointer(whole.data()).put(xy);
      RotatedRect r = opencv_imgproc.minAreaRect(whole);
      return new RotatedRect(
          new Point2f(r.center().x(), r.center().y()),
          new Size2f((float) (r.size().width() + 2 * grow), (float) (r.size().height() + 2 * grow)),
          r.angle());
    }
  }

  /** Corners clockwise from the top left: the two leftmost by y, then the two rightmost by y. */
  private static float[][] clockwise(float[][] box) {
    float[][] p = box.clone();
    Arrays.sort(p, Comparator.comparingDouble(q -> q[0]));
    float[][] left = {p[0], p[1]};
    float[][] right = {p[2], p[3]};
    Arrays.sort(left, Comparator.comparingDouble(q -> q[1]));
    Arrays.sort(right, Comparator.comparingDouble(q -> q[1]));
    return new float[][] {left[0], right[0], right[1], left[1]};
  }

  /** Top to bottom by the first corner; boxes within 10 pixels of height, left to right. */
  private static List<Found> readingOrder(List<Found> boxes) {
    List<Found> sorted = new ArrayList<>(boxes);
    sorted.sort(
        Comparator.<Found>comparingDouble(b -> b.corners()[0][1])
            .thenComparingDouble(b -> b.corners()[0][0]));
    for (int i = 0; i < sorted.size() - 1; i++) {
      for (int j = i; j >= 0; j--) {
        Found a = sorted.get(j);
        Found b = sorted.get(j + 1);
        if (Math.abs(b.corners()[0][1] - a.corners()[0][1]) < 10
            && b.corners()[0][0] < a.corners()[0][0]) {
          sorted.set(j, b);
          sorted.set(j + 1, a);
        } else {
          break;
        }
      }
    }
    return sorted;
  }

  private static int clamp(int v, int max) {
    return Math.max(0, Math.min(v, max));
  }

  private static double distance(float[] a, float[] b) {
    return Math.hypot(a[0] - b[0], a[1] - b[1]);
  }
}
