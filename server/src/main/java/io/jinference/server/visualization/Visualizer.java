package io.jinference.server.visualization;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.FILLED;
import static org.bytedeco.opencv.global.opencv_imgproc.FONT_HERSHEY_SIMPLEX;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.getTextSize;
import static org.bytedeco.opencv.global.opencv_imgproc.putText;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;

import io.jinference.server.image.DecodedImage;
import io.jinference.server.inference.Detection;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Draws detections on a copy of the image as Roboflow does (reference §7.4): a rectangle per box in the class
 * colour ({@code COLORS} from environment.json, Roboflow's palette otherwise), stroke width as asked, optional
 * {@code "<class> <confidence>"} labels; JPEG quality 90.
 */
@Singleton
public final class Visualizer {
  private static final String[] PALETTE = {
    "#4892EA", "#00EEC3", "#FE4EF0", "#F4004E", "#FA7200", "#EEEE17", "#90FF00", "#78C1D2", "#8C29FF"
  };

  public byte[] draw(DecodedImage image, List<Detection> detections, boolean labels, int stroke,
      Map<String, String> colors) {
    int thickness = Math.max(1, Math.min(stroke, 50));
    try (Mat canvas = image.bgr().clone()) {
      for (Detection d : detections) {
        try (Scalar colour = bgr(colors.getOrDefault(d.className(), PALETTE[Math.floorMod(d.classId(), PALETTE.length)]));
            Point p1 = new Point((int) d.x1(), (int) d.y1());
            Point p2 = new Point((int) d.x2(), (int) d.y2())) {
          rectangle(canvas, p1, p2, colour, thickness, LINE_AA, 0);
          if (labels) {
            label(canvas, d, p1, colour);
          }
        }
      }
      try (BytePointer jpeg = new BytePointer(); IntPointer params = new IntPointer(IMWRITE_JPEG_QUALITY, 90)) {
        imencode(".jpg", canvas, jpeg, params);
        byte[] bytes = new byte[(int) jpeg.limit()];
        jpeg.get(bytes);
        return bytes;
      }
    }
  }

  private static void label(Mat canvas, Detection d, Point corner, Scalar colour) {
    String text = String.format(Locale.ROOT, "%s %.2f", d.className(), d.confidence());
    try (IntPointer baseline = new IntPointer(1);
        Size size = getTextSize(text, FONT_HERSHEY_SIMPLEX, 0.5, 1, baseline);
        Point boxEnd = new Point(corner.x() + size.width() + 4, Math.max(0, corner.y() - size.height() - 6));
        Point textAt = new Point(corner.x() + 2, Math.max(size.height(), corner.y() - 4));
        Scalar white = new Scalar(255, 255, 255, 0)) {
      rectangle(canvas, corner, boxEnd, colour, FILLED, LINE_AA, 0);
      putText(canvas, text, textAt, FONT_HERSHEY_SIMPLEX, 0.5, white, 1, LINE_AA, false);
    }
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
