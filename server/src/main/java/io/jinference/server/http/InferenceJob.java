package io.jinference.server.http;

import io.jinference.server.image.DecodedImage;
import io.jinference.server.inference.DetectionParams;
import io.jinference.server.inference.MaskParams;
import io.jinference.server.inference.PreprocessFlags;
import java.util.List;

/**
 * One inference request, whichever route it came through.
 *
 * @param modelId the requested model id
 * @param apiKey the request's API key (query, header or body), or null
 * @param images image sources in request order
 * @param params validated detection parameters (classification uses only the confidence)
 * @param flags the request's disable_preproc_* switches
 * @param autoOrient honour EXIF orientation (when the model's preprocessing asks for it)
 * @param visualize draw the predictions and return the JPEG
 * @param labels draw class labels
 * @param stroke line width
 * @param inferenceId the request's {@code id}, or null to generate one
 * @param mask segmentation options (null for other tasks)
 * @param keypointConfidence keypoint threshold (keypoint models)
 */
record InferenceJob(String modelId, String apiKey, List<ImageSource> images, DetectionParams params, PreprocessFlags flags,
    boolean autoOrient, boolean visualize, boolean labels, int stroke, String inferenceId, MaskParams mask,
    float keypointConfidence) {

  /** Where one image's pixels come from; opened lazily so a bad model id fails before any download. */
  interface ImageSource {
    DecodedImage open(boolean autoOrient);
  }
}
