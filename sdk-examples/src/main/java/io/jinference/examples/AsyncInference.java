package io.jinference.examples;

import io.jinference.sdk.ImageSource;
import io.jinference.sdk.InferenceConfiguration;
import io.jinference.sdk.InferenceHTTPClient;
import io.jinference.sdk.ObjectDetectionResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Starts one asynchronous inference per file, then waits for all of them; the calling thread is
 * free meanwhile.
 *
 * <pre>
 * ./mvnw -q -pl sdk-examples exec:java -Dexec.mainClass=io.jinference.examples.AsyncInference \
 *     -Dexec.args="http://localhost:9001 a.jpg b.jpg"
 * </pre>
 */
public final class AsyncInference {
  private AsyncInference() {}

  public static void main(String[] args) {
    List<Path> files = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      files.add(Path.of(args[i]));
    }
    run(args[0], files, "coco-nanodet/1").forEach(r -> System.out.println(r.predictions()));
  }

  static List<ObjectDetectionResult> run(String serverUrl, List<Path> files, String modelId) {
    try (InferenceHTTPClient client =
        new InferenceHTTPClient(serverUrl, null)
            .withConfiguration(
                InferenceConfiguration.builder().confidenceThreshold(0.3f).build())) {
      List<CompletableFuture<ObjectDetectionResult>> pending = new ArrayList<>();
      for (Path f : files) {
        pending.add(client.detectAsync(ImageSource.path(f), modelId));
      }
      CompletableFuture.allOf(pending.toArray(new CompletableFuture[0])).join();
      List<ObjectDetectionResult> results = new ArrayList<>();
      pending.forEach(p -> results.add(p.join()));
      return results;
    }
  }
}
