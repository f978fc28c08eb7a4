package io.jinference.server.visualization;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.FILLED;
import static org.bytedeco.opencv.global.opencv_imgproc.FONT_HERSHEY_SIMPLEX;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.circle;
import static org.bytedeco.opencv.global.opencv_imgproc.getTextSize;
import static org.bytedeco.opencv.global.opencv_imgproc.polylines;
import static org.bytedeco.opencv.global.opencv_imgproc.putText;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;

import io.jinference.server.image.DecodedImage;
import io.jinference.server.image.PixelBox;
import io.jinference.server.inference.task.Classification;
import io.jinference.server.inference.task.Detection;
import io.jinference.server.inference.task.Keypoint;
import io.jinference.server.inference.task.Prediction;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Draws predictions on a copy of the image as Roboflow does (reference §7.4): rectangles in the
 * class colour ({@code COLORS} from environment.json, Roboflow's palette by class id otherwise),
 * closed polylines for masks, filled circles of radius {@code stroke} for keypoints, optional
 * {@code "<class> <confidence>"} labels; a classification draws its top class. JPEG quality 90.
 */
@Singleton
public final class Visualizer {
  private static final String[] PALETTE = {
    "#4892EA", "#00EEC3", "#FE4EF0", "#F4004E", "#FA7200", "#EEEE17", "#90FF00", "#78C1D2",
    "#8C29FF"
  };

  /**
   * What {@link #annotate} draws.
   *
   * @param boxes boxes around detections
   * @param polygons mask outlines
   * @param keypoints how to draw keypoints, or null for not at all
   * @param labels how to label detections, or null for not at all
   * @param thickness line thickness in pixels (1 to 50)
   */
  public record Style(
      boolean boxes, boolean polygons, KeypointStyle keypoints, LabelStyle labels, int thickness) {}

  /**
   * How labels look (supervision's {@code LabelAnnotator}): a filled box of the class colour
   * holding the text.
   *
   * @param text {@code Class}, {@code Confidence} or {@code Class and Confidence}
   * @param position where on the detection's box the label is anchored
   * @param textBgr text colour, blue first
   * @param scale font scale
   * @param thickness font stroke
   * @param padding pixels between the text and the edge of its box
   * @param borderRadius radius of the box's rounded corners (0: square)
   */
  public record LabelStyle(
      String text,
      Position position,
      int[] textBgr,
      double scale,
      int thickness,
      int padding,
      int borderRadius) {
    /** Small white labels above the top-left corner, as {@code /infer} draws them. */
    public static LabelStyle compact(String text) {
      return new LabelStyle(text, Position.TOP_LEFT, new int[] {255, 255, 255}, 0.5, 1, 3, 0);
    }
  }

  /**
   * How keypoints look (supervision's {@code VertexAnnotator}, {@code EdgeAnnotator}, {@code
   * VertexLabelAnnotator}).
   *
   * @param type {@code vertex} (dots), {@code edge} (lines of the skeleton) or {@code vertex_label}
   *     (each point's index in a label)
   * @param colourBgr colour of dots and lines, blue first, or null for the class colour
   * @param radius dot radius
   * @param thickness line thickness
   * @param edges skeleton as pairs of keypoint numbers counted from 1
   * @param labels how vertex labels look
   */
  public record KeypointStyle(
      String type,
      int[] colourBgr,
      int radius,
      int thickness,
      List<int[]> edges,
      LabelStyle labels) {
    /** Dots of the class colour, as {@code /infer} draws them. */
    public static KeypointStyle dots(int radius) {
      return new KeypointStyle("vertex", null, radius, radius, List.of(), null);
    }
  }

  /** COCO's 17-point skeleton, numbered from 1 (supervision's {@code Skeleton.COCO}). */
  public static final List<int[]> COCO_SKELETON =
      List.of(
          new int[] {1, 2},
          new int[] {1, 3},
          new int[] {2, 3},
          new int[] {2, 4},
          new int[] {3, 5},
          new int[] {4, 6},
          new int[] {5, 7},
          new int[] {6, 7},
          new int[] {6, 8},
          new int[] {6, 12},
          new int[] {7, 9},
          new int[] {7, 13},
          new int[] {8, 10},
          new int[] {9, 11},
          new int[] {12, 13},
          new int[] {14, 12},
          new int[] {15, 13},
          new int[] {16, 14},
          new int[] {17, 15});

  /**
   * A prediction drawn on its image, as the task routes return it for {@code visualize_predictions}
   * (JPEG): boxes, with masks or keypoints, or the top classes of a classifier.
   */
  public byte[] draw(
      DecodedImage image,
      Prediction prediction,
      boolean labels,
      int stroke,
      Map<String, String> colors) {
    return prediction.accept(
        new Prediction.Cases<byte[]>() {
          @Override
          public byte[] detections(Prediction.Detections d) {
            return draw(image, d.objects(), null, null, labels, stroke, colors);
          }

          @Override
          public byte[] segmentations(Prediction.Segmentations s) {
            return draw(image, s.boxes(), s.polygons(), null, labels, stroke, colors);
          }

          @Override
          public byte[] poses(Prediction.Poses p) {
            List<List<double[]>> points = new ArrayList<>();
            p.keypoints().forEach(k -> points.add(byNumber(k)));
            return draw(image, p.boxes(), null, points, labels, stroke, colors);
          }

          @Override
          public byte[] classes(Prediction.Classes c) {
            return drawClassification(image, c.result(), stroke);
          }
        });
  }

  /**
   * Each keypoint at its number (class id), null where the model left one out (below its
   * confidence).
   */
  public static List<double[]> byNumber(List<Keypoint> points) {
    List<double[]> xy = new ArrayList<>();
    for (Keypoint k : points) {
      while (xy.size() <= k.classId()) {
        xy.add(null);
      }
      xy.set(k.classId(), new double[] {k.x(), k.y()});
    }
    return xy;
  }

  /**
   * @param polygons per detection, or null
   * @param keypoints per detection {@code [x, y]} points (null where a keypoint is missing), or
   *     null
   */
  private byte[] draw(
      DecodedImage image,
      List<Detection> detections,
      List<List<double[]>> polygons,
      List<List<double[]>> keypoints,
      boolean labels,
      int stroke,
      Map<String, String> colors) {
    int thickness = Math.max(1, Math.min(stroke, 50));
    try (DecodedImage drawn =
        annotate(
            image,
            detections,
            polygons,
            keypoints,
            new Style(
                true,
                true,
                KeypointStyle.dots(thickness),
                labels ? LabelStyle.compact("Class and Confidence") : null,
                thickness),
            colors)) {
      return jpeg(drawn.bgr());
    }
  }

  /**
   * A copy of the image with the detections drawn in the given style; the caller owns (closes) it.
   */
  public DecodedImage annotate(
      DecodedImage image,
      List<Detection> detections,
      List<List<double[]>> polygons,
      List<List<double[]>> keypoints,
      Style style,
      Map<String, String> colors) {
    int thickness = Math.max(1, Math.min(style.thickness(), 50));
    Mat canvas = image.bgr().clone();
    for (int i = 0; i < detections.size(); i++) {
      Detection d = detections.get(i);
      try (Scalar colour = colour(colors, d.className(), d.classId());
          Point p1 = new Point((int) d.x1(), (int) d.y1());
          Point p2 = new Point((int) d.x2(), (int) d.y2())) {
        if (style.boxes()) {
          rectangle(canvas, p1, p2, colour, thickness, LINE_AA, 0);
        }
        if (style.polygons()
            && polygons != null
            && polygons.get(i) != null
            && polygons.get(i).size() > 1) {
          polygon(canvas, polygons.get(i), colour, thickness);
        }
        if (style.keypoints() != null && keypoints != null && keypoints.get(i) != null) {
          keypoints(canvas, keypoints.get(i), style.keypoints(), colour);
        }
        if (style.labels() != null) {
          label(
              canvas,
              labelText(style.labels().text(), d),
              style.labels(),
              style.labels().position().anchor(d.x1(), d.y1(), d.x2(), d.y2()),
              colour);
        }
      }
    }
    return DecodedImage.ofBgr(canvas);
  }

  private static void keypoints(
      Mat canvas, List<double[]> points, KeypointStyle style, Scalar classColour) {
    try (Scalar own =
        style.colourBgr() == null
            ? null
            : new Scalar(style.colourBgr()[0], style.colourBgr()[1], style.colourBgr()[2], 0)) {
      Scalar colour = own == null ? classColour : own;
      switch (style.type()) {
        case "edge":
          {
            int thickness = Math.max(1, Math.min(style.thickness(), 50));
            for (int[] e : style.edges()) {
              if (e[0] >= 1
                  && e[1] >= 1
                  && e[0] <= points.size()
                  && e[1] <= points.size()
                  && points.get(e[0] - 1) != null
                  && points.get(e[1] - 1) != null) {
                try (Point a = point(points.get(e[0] - 1));
                    Point b = point(points.get(e[1] - 1))) {
                  org.bytedeco.opencv.global.opencv_imgproc.line(
                      canvas, a, b, colour, thickness, LINE_AA, 0);
                }
              }
            }
            break;
          }
        case "vertex_label":
          for (int k = 0; k < points.size(); k++) {
            if (points.get(k) != null) {
              label(canvas, String.valueOf(k), style.labels(), points.get(k), colour);
            }
          }
          break;
        default:
          {
            int radius = Math.max(1, Math.min(style.radius(), 50));
            for (double[] k : points) {
              if (k != null) {
                try (Point c = point(k)) {
                  circle(canvas, c, radius, colour, FILLED, LINE_AA, 0);
                }
              }
            }
          }
      }
    }
  }

  private static Point point(double[] xy) {
    return new Point((int) Math.round(xy[0]), (int) Math.round(xy[1]));
  }

  private static String labelText(String kind, Detection d) {
    switch (kind) {
      case "Class":
        return d.className();
      case "Confidence":
        return String.format(Locale.ROOT, "%.2f", d.confidence());
      default:
        return String.format(Locale.ROOT, "%s %.2f", d.className(), d.confidence());
    }
  }

  /**
   * A copy of the image with each box's content, scaled by {@code scale}, drawn with a border of
   * the class colour outside the box at {@code position} (supervision's {@code CropAnnotator}),
   * clipped to the image.
   */
  public DecodedImage crops(
      DecodedImage image,
      List<Detection> detections,
      Position position,
      double scale,
      int border,
      Map<String, String> colors,
      java.util.function.LongConsumer beforeAllocating) {
    double factor = Math.max(0.1, Math.min(scale, 10));
    int thickness = Math.max(0, Math.min(border, 50));
    Mat canvas = image.bgr().clone();
    for (Detection d : detections) {
      PixelBox box = PixelBox.within(image, d.x1(), d.y1(), d.x2(), d.y2());
      int w = box == null ? 0 : (int) Math.round(box.width() * factor);
      int h = box == null ? 0 : (int) Math.round(box.height() * factor);
      if (w < 1 || h < 1) {
        continue;
      }
      int[] corner =
          position.cropCorner(position.anchor(box.x1(), box.y1(), box.x2(), box.y2()), w, h);
      int left = corner[0];
      int top = corner[1];
      int cx1 = Math.max(0, left);
      int cy1 = Math.max(0, top);
      int cx2 = Math.min(canvas.cols(), left + w);
      int cy2 = Math.min(canvas.rows(), top + h);
      if (cx2 <= cx1 || cy2 <= cy1) {
        continue;
      }
      beforeAllocating.accept((long) w * h); // the scaled copy of the box
      try (org.bytedeco.opencv.opencv_core.Rect source = box.rect();
          Mat region = new Mat(image.bgr(), source);
          Mat scaled = new Mat();
          Size size = new Size(w, h)) {
        org.bytedeco.opencv.global.opencv_imgproc.resize(region, scaled, size);
        try (org.bytedeco.opencv.opencv_core.Rect visible =
                new org.bytedeco.opencv.opencv_core.Rect(
                    cx1 - left, cy1 - top, cx2 - cx1, cy2 - cy1);
            org.bytedeco.opencv.opencv_core.Rect target =
                new org.bytedeco.opencv.opencv_core.Rect(cx1, cy1, cx2 - cx1, cy2 - cy1);
            Mat from = new Mat(scaled, visible);
            Mat to = new Mat(canvas, target)) {
          from.copyTo(to);
        }
        if (thickness > 0) {
          try (Scalar colour = colour(colors, d.className(), d.classId());
              Point p1 = new Point(cx1, cy1);
              Point p2 = new Point(cx2 - 1, cy2 - 1)) {
            rectangle(canvas, p1, p2, colour, thickness, LINE_AA, 0);
          }
        }
      }
    }
    return DecodedImage.ofBgr(canvas);
  }

  /**
   * A copy of the image with every box's content blurred by a box filter of {@code kernel} pixels.
   */
  public DecodedImage blur(DecodedImage image, List<Detection> detections, int kernel) {
    int k = Math.max(1, Math.min(kernel, 255));
    Mat canvas = image.bgr().clone();
    for (Detection d : detections) {
      PixelBox box = PixelBox.within(image, d.x1(), d.y1(), d.x2(), d.y2());
      if (box != null) {
        try (org.bytedeco.opencv.opencv_core.Rect rect = box.rect();
            Mat region = new Mat(canvas, rect);
            Size size = new Size(k, k)) {
          org.bytedeco.opencv.global.opencv_imgproc.blur(region, region, size);
        }
      }
    }
    return DecodedImage.ofBgr(canvas);
  }

  /**
   * The top class (or, multi-label, the predicted classes) written in the image's top-left corner.
   */
  private byte[] drawClassification(DecodedImage image, Classification c, int stroke) {
    String text =
        c.multilabel()
            ? String.join(", ", c.predictedClasses())
            : c.top().isEmpty()
                ? ""
                : String.format(Locale.ROOT, "%s %.2f", c.top(), c.confidence());
    try (Mat canvas = image.bgr().clone();
        Scalar colour = bgr(PALETTE[0]);
        Point corner = new Point(0, 0)) {
      try (Point end = new Point(canvas.cols() - 1, canvas.rows() - 1)) {
        rectangle(canvas, corner, end, colour, Math.max(1, Math.min(stroke, 50)), LINE_AA, 0);
      }
      if (!text.isEmpty()) {
        label(canvas, text, LabelStyle.compact(text), new double[] {0, 24}, colour);
      }
      return jpeg(canvas);
    }
  }

  private static void polygon(Mat canvas, List<double[]> points, Scalar colour, int thickness) {
    int[] xy = new int[points.size() * 2];
    for (int i = 0; i < points.size(); i++) {
      xy[2 * i] = (int) Math.round(points.get(i)[0]);
      xy[2 * i + 1] = (int) Math.round(points.get(i)[1]);
    }
    try (IntPointer data = new IntPointer(xy);
        Mat contour =
            new Mat(points.size(), 1, org.bytedeco.opencv.global.opencv_core.CV_32SC2, data);
        MatVector all = new MatVector(contour)) {
      polylines(canvas, all, true, colour, thickness, LINE_AA, 0);
    }
  }

  /** The image as a JPEG (quality 90), as workflows serialise images. */
  public static byte[] jpeg(DecodedImage image) {
    return jpeg(image.bgr(), 90);
  }

  /** The image as a JPEG of the given quality (1 to 100). */
  public static byte[] jpeg(DecodedImage image, int quality) {
    return jpeg(image.bgr(), quality);
  }

  private static byte[] jpeg(Mat canvas) {
    return jpeg(canvas, 90);
  }

  private static byte[] jpeg(Mat canvas, int quality) {
    try (BytePointer jpeg = new BytePointer();
        IntPointer params = new IntPointer(IMWRITE_JPEG_QUALITY, quality)) {
      imencode(".jpg", canvas, jpeg, params);
      byte[] bytes = new byte[(int) jpeg.limit()];
      jpeg.get(bytes);
      return bytes;
    }
  }

  /**
   * A filled box of the background colour, holding the text, placed at the anchor by the style's
   * position.
   */
  private static void label(
      Mat canvas, String text, LabelStyle style, double[] anchor, Scalar background) {
    double scale = Math.max(0.1, Math.min(style.scale(), 10));
    int stroke = Math.max(1, Math.min(style.thickness(), 20));
    int padding = Math.max(0, Math.min(style.padding(), 100));
    try (IntPointer baseline = new IntPointer(1);
        Size size = getTextSize(text, FONT_HERSHEY_SIMPLEX, scale, stroke, baseline)) {
      int w = size.width() + 2 * padding;
      int h = size.height() + 2 * padding;
      int[] corner = style.position().labelCorner(anchor, w, h);
      try (Point from = new Point(corner[0], corner[1]);
          Point to = new Point(corner[0] + w, corner[1] + h);
          Point textAt = new Point(corner[0] + padding, corner[1] + padding + size.height());
          Scalar ink = new Scalar(style.textBgr()[0], style.textBgr()[1], style.textBgr()[2], 0)) {
        box(
            canvas,
            corner[0],
            corner[1],
            w,
            h,
            Math.max(0, Math.min(style.borderRadius(), Math.min(w, h) / 2)),
            background);
        putText(canvas, text, textAt, FONT_HERSHEY_SIMPLEX, scale, ink, stroke, LINE_AA, false);
      }
    }
  }

  /**
   * A filled box, its corners rounded with radius r: two crossing rectangles and a disc in each
   * corner.
   */
  private static void box(Mat canvas, int x, int y, int w, int h, int r, Scalar colour) {
    try (Point a = new Point(x + r, y);
        Point b = new Point(x + w - r, y + h);
        Point c = new Point(x, y + r);
        Point d = new Point(x + w, y + h - r)) {
      rectangle(canvas, a, b, colour, FILLED, LINE_AA, 0);
      rectangle(canvas, c, d, colour, FILLED, LINE_AA, 0);
    }
    if (r > 0) {
      for (int[] centre :
          new int[][] {
            {x + r, y + r}, {x + w - r, y + r}, {x + r, y + h - r}, {x + w - r, y + h - r}
          }) {
        try (Point p = new Point(centre[0], centre[1])) {
          circle(canvas, p, r, colour, FILLED, LINE_AA, 0);
        }
      }
    }
  }

  private static Scalar colour(Map<String, String> colors, String className, int classId) {
    return bgr(colors.getOrDefault(className, PALETTE[Math.floorMod(classId, PALETTE.length)]));
  }

  private static Scalar bgr(String hex) {
    String h = hex.startsWith("#") ? hex.substring(1) : hex;
    int rgb;
    try {
      rgb = Integer.parseInt(h, 16);
    } catch (NumberFormatException e) {
      rgb = 0x4892EA;
    }
    return new Scalar(rgb & 0xFF, (rgb >> 8) & 0xFF, (rgb >> 16) & 0xFF, 0);
  }
}
