package io.jinference.benchmark;

import io.jinference.server.http.api.InferenceApi;
import io.jinference.server.http.auth.RequestKeys;
import io.jinference.server.http.model.ObjectDetectionInferenceRequest;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The limit to compare the server with: the same pipeline (JSON parse, base64 and image decode,
 * preprocess, ONNX Runtime, decode outputs, JSON serialise) run by the server's own beans in this
 * JVM, with no HTTP and no Netty; each call runs on the caller's thread.
 */
final class InProcess implements Target {
  private final ApplicationContext context;
  private final InferenceApi api;
  private final JsonMapper json;

  InProcess(Map<String, Object> settings) {
    this.context = ApplicationContext.builder().properties(settings).start();
    this.api = context.getBean(InferenceApi.class);
    this.json = context.getBean(JsonMapper.class);
  }

  @Override
  public CompletableFuture<Statistics.Outcome> send(byte[] body, int images) {
    long started = System.nanoTime();
    try {
      ObjectDetectionInferenceRequest request =
          json.readValue(body, ObjectDetectionInferenceRequest.class);
      byte[] answer = json.writeValueAsBytes(api.inferObjectDetection(request, RequestKeys.none()));
      if (answer.length == 0) {
        throw new IllegalStateException("empty answer");
      }
      return CompletableFuture.completedFuture(
          new Statistics.Outcome(200, 0, images, (System.nanoTime() - started) / 1e9));
    } catch (Exception e) {
      return CompletableFuture.completedFuture(new Statistics.Outcome(0, 0, images, null));
    }
  }

  @Override
  public void close() {
    context.close();
  }
}
