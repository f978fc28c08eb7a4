package io.jinference.server.workflow;

import io.jinference.server.image.DecodedImage;
import io.jinference.server.image.PixelBox;
import io.jinference.server.inference.Detection;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

/**
 * {@code roboflow_core/dynamic_crop@v1}: one crop per detection (its box, rounded out to whole pixels and clipped
 * to the image), as a nested batch; later steps fed {@code crops} run once per crop. {@code predictions} gives each
 * crop's own detection in the crop's coordinates. Empty boxes give no crop. Masking the crop's background with
 * {@code mask_opacity} and {@code background_color} is not applied yet (the fields are accepted).
 */
@Singleton
final class DynamicCropBlock implements Block {
  private static final BlockManifest MANIFEST = BlockManifest.of("roboflow_core/dynamic_crop@v1", "DynamicCrop",
          "Crop")
      .required("images", Kind.IMAGE).required("predictions", Kind.OBJECT_DETECTION)
      .optional("mask_opacity", Kind.FLOAT, 0.0).optional("background_color", Kind.ANY, "(0, 0, 0)")
      .output("crops", Kind.IMAGE).output("predictions", Kind.OBJECT_DETECTION)
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
    try {
      for (Detection det : d.detections()) {
        PixelBox box = PixelBox.within(image, det.x1(), det.y1(), det.x2(), det.y2());
        if (box == null) {
          continue;
        }
        crops.add(cut(input, box));
        int x1 = box.x1();
        int y1 = box.y1();
        own.add(new Values.Detections(box.width(), box.height(), List.of(new Detection(
            det.x1() - x1, det.y1() - y1, det.x2() - x1, det.y2() - y1, det.confidence(), det.classConfidence(),
            det.classId(), det.className())), null, null, input.crop(x1, y1)));
      }
    } catch (RuntimeException e) {
      crops.forEach(c -> ((Values.Image) c).image().close()); // the run closes only the crops it receives
      throw e;
    }
    return Map.of("crops", new Values.Batch(crops), "predictions", new Values.Batch(own));
  }

  /** A copy of the image's pixels inside the box, knowing where it lies in the workflow's input image. */
  static Values.Image cut(Values.Image image, PixelBox box) {
    try (Rect rect = box.rect(); Mat view = new Mat(image.image().bgr(), rect)) {
      return new Values.Image(DecodedImage.ofBgr(view.clone()), image.crop(box.x1(), box.y1()));
    }
  }
}
