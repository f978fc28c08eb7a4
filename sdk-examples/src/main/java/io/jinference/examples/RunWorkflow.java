package io.jinference.examples;

import io.jinference.sdk.ImageSource;
import io.jinference.sdk.InferenceHTTPClient;
import io.jinference.sdk.WorkflowRequest;
import io.jinference.sdk.WorkflowResult;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runs a workflow saved in a workspace on one photo and prints its outputs (detect, then draw, for
 * the workflow in server/src/test/resources/workflows/demo).
 *
 * <pre>
 * WORKFLOWS_DIR=server/src/test/resources/workflows java -jar server/target/jinference-server.jar &amp;
 * ./mvnw -q -pl sdk-examples exec:java -Dexec.mainClass=io.jinference.examples.RunWorkflow \
 *     -Dexec.args="http://localhost:9001 demo detect-and-draw dog.jpg"
 * </pre>
 */
public final class RunWorkflow {
  private RunWorkflow() {}

  public static void main(String[] args) {
    WorkflowResult r = run(args[0], args[1], args[2], Path.of(args[3]), Map.of("confidence", 0.3));
    r.outputs().forEach(o -> System.out.println(o.keySet() + ": " + o.get("predictions")));
  }

  static WorkflowResult run(
      String serverUrl,
      String workspace,
      String workflowId,
      Path photo,
      Map<String, Object> parameters) {
    try (InferenceHTTPClient client =
        InferenceHTTPClient.builder()
            .apiUrl(serverUrl)
            .apiKey(System.getenv("ROBOFLOW_API_KEY"))
            .build()) {
      WorkflowRequest.Builder request =
          WorkflowRequest.builder()
              .workspace(workspace)
              .workflowId(workflowId)
              .image("image", ImageSource.path(photo));
      parameters.forEach(request::parameter);
      return client.workflows().runWorkflow(request.build());
    }
  }
}
