package io.jinference.examples;

import io.jinference.sdk.ImageSource;
import io.jinference.sdk.InferenceConfiguration;
import io.jinference.sdk.InferenceHTTPClient;
import io.jinference.sdk.ObjectDetectionResult;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Detects objects in every file given, sending them in batches of 2 images with up to 2 requests in
 * flight, and prints one line per image in the order given.
 *
 * <pre>
 * ./mvnw -q -pl sdk-examples exec:java -Dexec.mainClass=io.jinference.examples.BatchWithConcurrency \
 *     -Dexec.args="http://localhost:9001 a.jpg b.jpg c.jpg"
 * </pre>
 */
public final class BatchWithConcurrency {
  private BatchWithConcurrency() {}

  public static void main(String[] args) {
    List<Path> files = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      files.add(Path.of(args[i]));
    }
    run(args[0], files, "coco-nanodet/1", System.out);
  }

  static void run(String serverUrl, List<Path> files, String modelId, PrintStream out) {
    InferenceConfiguration config =
        InferenceConfiguration.builder()
            .confidenceThreshold(0.3f)
            .maxBatchSize(2)
            .maxConcurrentRequests(2)
            .build();
    List<ImageSource> images = new ArrayList<>();
    files.forEach(f -> images.add(ImageSource.path(f)));
    try (InferenceHTTPClient client =
        InferenceHTTPClient.builder().apiUrl(serverUrl).configuration(config).build()) {
      List<ObjectDetectionResult> results = client.detect(images, modelId);
      for (int i = 0; i < files.size(); i++) {
        out.println(
            files.get(i).getFileName()
                + ": "
                + results.get(i).predictions().size()
                + " objects, first "
                + (results.get(i).predictions().isEmpty()
                    ? "-"
                    : results.get(i).predictions().get(0).className()));
      }
    }
  }
}
