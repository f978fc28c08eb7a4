package io.jinference.examples;

import io.jinference.sdk.InferenceHTTPClient;
import io.jinference.sdk.ModelDescription;
import java.io.PrintStream;

/**
 * Loads a model, lists the loaded models, unloads it, and unloads everything.
 *
 * <pre>
 * ./mvnw -q -pl sdk-examples exec:java -Dexec.mainClass=io.jinference.examples.ModelManagement \
 *     -Dexec.args="http://localhost:9001 coco-movenet/1"
 * </pre>
 */
public final class ModelManagement {
  private ModelManagement() {}

  public static void main(String[] args) {
    run(args[0], args[1], System.out);
  }

  static void run(String serverUrl, String modelId, PrintStream out) {
    try (InferenceHTTPClient client =
        InferenceHTTPClient.builder()
            .apiUrl(serverUrl)
            .apiKey(System.getenv("ROBOFLOW_API_KEY"))
            .build()) {
      client.models().loadModel(modelId);
      for (ModelDescription m : client.models().listLoadedModels()) {
        out.println(
            "loaded: "
                + m.modelId()
                + " ("
                + m.taskType()
                + ", "
                + m.inputWidth()
                + "x"
                + m.inputHeight()
                + ")");
      }
      client.models().unloadModel(modelId);
      out.println("after unload: " + client.models().listLoadedModels().size() + " models");
      client.models().unloadAllModels();
      out.println("after clear: " + client.models().listLoadedModels().size() + " models");
    }
  }
}
