package io.jinference.examples;

import io.jinference.sdk.Detection;
import io.jinference.sdk.ImageSource;
import io.jinference.sdk.InferenceConfiguration;
import io.jinference.sdk.InferenceHTTPClient;
import io.jinference.sdk.InferenceResult;
import io.jinference.sdk.ObjectDetectionResult;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Detects objects in one photo by URL and in one photo by file, with a running server (it starts
 * nothing).
 *
 * <pre>
 * ./mvnw -q -pl sdk-examples exec:java -Dexec.args="http://localhost:9001 https://example.com/dog.jpg dog.jpg"
 * </pre>
 *
 * Arguments: server URL, image URL, image file, and optionally the model id (default {@code
 * coco-nanodet/1}, the server's embedded COCO detector). The API key, if the server or model needs
 * one, comes from {@code ROBOFLOW_API_KEY}.
 */
public final class DetectObjects {
  private DetectObjects() {}

  public static void main(String[] args) {
    if (args.length < 3) {
      System.err.println("usage: DetectObjects <server-url> <image-url> <image-file> [model-id]");
      System.exit(2);
    }
    run(
        args[0],
        args[1],
        Path.of(args[2]),
        args.length > 3 ? args[3] : "coco-nanodet/1",
        System.out);
  }

  static void run(
      String serverUrl, String imageUrl, Path imageFile, String modelId, PrintStream out) {
    InferenceConfiguration config =
        InferenceConfiguration.builder().confidenceThreshold(0.3f).build();
    try (InferenceHTTPClient client =
        InferenceHTTPClient.builder()
            .apiUrl(serverUrl)
            .apiKey(System.getenv("ROBOFLOW_API_KEY"))
            .configuration(config)
            .build()) {
      // infer: the front door, any task; the result's type is the model's task's.
      InferenceResult fromUrl = client.infer(imageUrl, modelId);
      if (fromUrl instanceof ObjectDetectionResult) {
        print("URL " + imageUrl, (ObjectDetectionResult) fromUrl, out);
      }
      // detect: object detection only, typed.
      print("file " + imageFile, client.detect(ImageSource.path(imageFile), modelId), out);
    }
  }

  private static void print(String what, ObjectDetectionResult result, PrintStream out) {
    out.printf(
        Locale.ROOT,
        "%s (%dx%d): %d objects%n",
        what,
        result.imageWidth(),
        result.imageHeight(),
        result.predictions().size());
    for (Detection d : result.predictions()) {
      out.printf(
          Locale.ROOT,
          "  %-12s %.2f  [%4.0f, %4.0f, %4.0f, %4.0f]%n",
          d.className(),
          d.confidence(),
          d.left(),
          d.top(),
          d.right(),
          d.bottom());
    }
  }
}
