package io.jinference.server.http;

import io.jinference.server.image.DecodedImage;
import io.jinference.server.inference.DetectionParams;
import java.util.List;

/**
 * One object-detection request, whichever route it came through.
 *
 * @param modelId the requested model id
 * @param images image sources in request order
 * @param params validated detection parameters
 * @param visualize draw the detections and return the JPEG
 * @param labels draw class labels
 * @param stroke line width
 * @param autoOrient honour EXIF orientation (when the model's preprocessing asks for it)
 * @param inferenceId the request's {@code id}, or null to generate one
 */
record DetectionJob(String modelId, List<ImageSource> images, DetectionParams params, boolean visualize,
    boolean labels, int stroke, boolean autoOrient, String inferenceId) {

  /** Where one image's pixels come from; opened lazily so a bad model id fails before any download. */
  interface ImageSource {
    DecodedImage open(boolean autoOrient);
  }
}
