package io.jinference.server.inference;

import io.jinference.server.error.TaskNotSupportedException;
import io.jinference.server.image.DecodedImage;
import io.jinference.server.model.LoadedModel;
import jakarta.inject.Singleton;
import java.util.List;

/** Object detection on a loaded model: preprocess, run, decode, NMS, back-project. */
@Singleton
public class ObjectDetector {
  public List<Detection> detect(LoadedModel model, DecodedImage image, DetectionParams params) {
    if (!(model instanceof DetectionModel)) {
      throw new TaskNotSupportedException(model.modelPackage().taskType());
    }
    return ((DetectionModel) model).detect(image, params);
  }
}
