package io.jinference.server.workflow.blocks;

import io.jinference.server.image.DecodedImage;
import io.jinference.server.image.PixelBox;
import io.jinference.server.inference.task.Detection;
import io.jinference.server.workflow.engine.Block;
import io.jinference.server.workflow.engine.BlockManifest;
import io.jinference.server.workflow.engine.Kind;
import io.jinference.server.workflow.engine.Values;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * {@code roboflow_core/dynamic_crop@v1}: one crop per detection (its box, rounded out to whole
 * pixels and clipped to the image), as a nested batch; later steps fed {@code crops} run once per
 * crop. {@code predictions} gives each crop's own detection (with its mask outline) in the crop's
 * coordinates. Empty boxes give no crop. For instance segmentation, {@code mask_opacity} above 0
 * fades everything outside the detection's mask towards {@code background_color} (red first, as
 * Roboflow).
 */
@Singleton
final class DynamicCropBlock implements Block {
  private static final BlockManifest MANIFEST =
      BlockManifest.of("roboflow_core/dynamic_crop@v1", "DynamicCrop", "Crop")
          .required("images", Kind.IMAGE)
          .required("predictions", Kind.OBJECT_DETECTION)
          .optional("mask_opacity", Kind.FLOAT, 0.0)
          .optional("background_color", Kind.ANY, "(0, 0, 0)")
          .output("crops", Kind.IMAGE)
          .output("predictions", Kind.OBJECT_DETECTION)
          .nestsOutputs()
          .build();

  @Override
  public BlockManifest manifest() {
    return MANIFEST;
  }

  @Override
  public Map<String, Object> run(Map<String, Object> in, StepContext context) {
    Values.Image input = (Values.Image) in.get("images");
    DecodedImage image = input.image();
    Values.Detections d = (Values.Detections) in.get("predictions");
    List<Object> crops = new ArrayList<>();
    List<Object> own = new ArrayList<>();
    double opacity = BlockFields.fraction(in, "mask_opacity");
    int[] background = Colors.bgr(in.get("background_color"), "background_color");
    try {
      for (int i = 0; i < d.detections().size(); i++) {
        Detection det = d.detections().get(i);
        PixelBox box = PixelBox.within(image, det.x1(), det.y1(), det.x2(), det.y2());
        if (box == null) {
          continue;
        }
        int x1 = box.x1();
        int y1 = box.y1();
        List<double[]> outline = d.polygons() == null ? null : shifted(d.polygons().get(i), x1, y1);
        Values.Image crop = cut(input, box, context);
        crops.add(crop);
        if (outline != null && opacity > 0) {
          fadeOutside(crop.image().bgr(), outline, opacity, background);
        }
        own.add(
            new Values.Detections(
                box.width(),
                box.height(),
                List.of(
                    new Detection(
                        det.x1() - x1,
                        det.y1() - y1,
                        det.x2() - x1,
                        det.y2() - y1,
                        det.confidence(),
                        det.classConfidence(),
                        det.classId(),
                        det.className())),
                outline == null ? null : List.of(outline),
                null,
                input.crop(x1, y1)));
      }
    } catch (RuntimeException e) {
      crops.forEach(
          c -> ((Values.Image) c).image().close()); // the run closes only the crops it receives
      throw e;
    }
    return Map.of("crops", new Values.Batch(crops), "predictions", new Values.Batch(own));
  }

  private static List<double[]> shifted(List<double[]> polygon, double dx, double dy) {
    List<double[]> moved = new ArrayList<>(polygon.size());
    polygon.forEach(xy -> moved.add(new double[] {xy[0] - dx, xy[1] - dy}));
    return moved;
  }

  /**
   * Outside the detection's mask, fades the crop towards the background colour by {@code opacity};
   * inside it, the pixels stay as they are (Roboflow's {@code overlay_crop_with_mask}).
   */
  private static void fadeOutside(Mat crop, List<double[]> outline, double opacity, int[] bgr) {
    int[] xy = new int[outline.size() * 2];
    for (int k = 0; k < outline.size(); k++) {
      xy[2 * k] = (int) Math.round(outline.get(k)[0]);
      xy[2 * k + 1] = (int) Math.round(outline.get(k)[1]);
    }
    try (Scalar black = new Scalar(0.0);
        Scalar white = new Scalar(255.0);
        Scalar colour = new Scalar(bgr[0], bgr[1], bgr[2], 0);
        Mat mask = new Mat(crop.rows(), crop.cols(), opencv_core.CV_8UC1, black);
        Mat background = new Mat(crop.rows(), crop.cols(), opencv_core.CV_8UC3, colour);
        Mat faded = new Mat();
        IntPointer data = new IntPointer(xy);
        Mat contour = new Mat(outline.size(), 1, opencv_core.CV_32SC2, data);
        MatVector contours = new MatVector(contour)) {
      opencv_imgproc.fillPoly(mask, contours, white);
      opencv_core.addWeighted(background, opacity, crop, 1 - opacity, 0, faded);
      crop.copyTo(faded, mask);
      faded.copyTo(crop);
    }
  }

  /**
   * A copy of the image's pixels inside the box, knowing where it lies in the workflow's input
   * image.
   */
  static Values.Image cut(Values.Image image, PixelBox box, StepContext context) {
    context.chargePixels((long) box.width() * box.height());
    try (Rect rect = box.rect();
        Mat view = new Mat(image.image().bgr(), rect)) {
      return new Values.Image(DecodedImage.ofBgr(view.clone()), image.crop(box.x1(), box.y1()));
    }
  }
}
