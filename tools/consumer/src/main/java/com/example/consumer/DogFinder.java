package com.example.consumer;

import io.jinference.sdk.Detection;
import io.jinference.sdk.InferenceHTTPClient;
import io.jinference.sdk.InferenceResult;
import io.jinference.sdk.ObjectDetectionResult;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A user's application code, compiled with {@code --release 11} (this project's main release): it
 * calls {@code infer(imageUrl, modelId)} and reads the typed result as a Java 11 program can.
 */
public final class DogFinder {
  private DogFinder() {}

  /**
   * The classes the server found on the image at {@code imageUrl}.
   *
   * @param serverUrl the inference server
   * @param imageUrl the image the server fetches
   * @param modelId the object-detection model
   * @return class names, most confident first
   */
  public static List<String> classesOn(String serverUrl, String imageUrl, String modelId) {
    try (InferenceHTTPClient client = new InferenceHTTPClient(serverUrl, null)) {
      InferenceResult result = client.infer(imageUrl, modelId);
      if (!(result instanceof ObjectDetectionResult)) {
        throw new IllegalStateException(modelId + " is not an object-detection model: " + result);
      }
      return ((ObjectDetectionResult) result)
          .predictions().stream().map(Detection::className).collect(Collectors.toList());
    }
  }
}
