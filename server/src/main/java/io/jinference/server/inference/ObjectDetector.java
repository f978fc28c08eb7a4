package io.jinference.server.inference;

import io.jinference.server.image.DecodedImage;
import io.jinference.server.model.LoadedModel;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/** Object detection: preprocess, run, decode, NMS, back-project. */
@Singleton
public class ObjectDetector {
  /** Detections per image, in the order of {@code images}. */
  public List<List<Detection>> detect(LoadedModel model, List<DecodedImage> images, DetectionParams params,
      PreprocessFlags flags) {
    OnnxModel m = Detections.require(model, "object-detection");
    List<List<Detection>> out = new ArrayList<>(images.size());
    for (Detections.PerImage image : Detections.run(m, images, params, flags)) {
      List<Detection> list = new ArrayList<>(image.kept().size());
      for (Candidate c : image.kept()) {
        list.add(Detections.toDetection(m, image.run().transform(), c));
      }
      out.add(list);
    }
    return out;
  }
}
