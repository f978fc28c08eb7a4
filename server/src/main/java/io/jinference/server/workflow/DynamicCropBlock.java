package io.jinference.server.workflow;

import io.jinference.server.image.DecodedImage;
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
      .build();

  @Override
  public BlockManifest manifest() {
    return MANIFEST;
  }

  @Override
  public Map<String, Object> run(Map<String, Object> in, StepContext context) {
    DecodedImage image = ((Values.Image) in.get("images")).image();
    Values.Detections d = (Values.Detections) in.get("predictions");
    List<Object> crops = new ArrayList<>();
    List<Object> own = new ArrayList<>();
    List<Values.Origin> origins = new ArrayList<>();
    for (Detection det : d.detections()) {
      int x1 = (int) Math.max(0, Math.floor(det.x1()));
      int y1 = (int) Math.max(0, Math.floor(det.y1()));
      int x2 = (int) Math.min(image.width(), Math.ceil(det.x2()));
      int y2 = (int) Math.min(image.height(), Math.ceil(det.y2()));
      if (x2 <= x1 || y2 <= y1) {
        continue;
      }
      Mat crop;
      try (Mat view = new Mat(image.bgr(), new Rect(x1, y1, x2 - x1, y2 - y1))) {
        crop = view.clone();
      }
      crops.add(new Values.Image(DecodedImage.ofBgr(crop)));
      own.add(new Values.Detections(x2 - x1, y2 - y1, List.of(new Detection(det.x1() - x1, det.y1() - y1,
          det.x2() - x1, det.y2() - y1, det.confidence(), det.classConfidence(), det.classId(), det.className())),
          null, null));
      origins.add(new Values.Origin(image.width(), image.height(), x1, y1));
    }
    return Map.of("crops", new Values.Batch(crops, origins), "predictions", new Values.Batch(own, origins));
  }
}
