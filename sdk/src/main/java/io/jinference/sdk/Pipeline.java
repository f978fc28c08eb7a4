package io.jinference.sdk;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A handle on one inference pipeline of the server: its id and the commands Roboflow's Python
 * client has ({@code get_inference_pipeline_status}, {@code pause_}, {@code resume_}, {@code
 * terminate_}, {@code consume_inference_pipeline_result}), typed, each with an async twin. A handle
 * holds no resources: {@link PipelinesService#get(String)} makes one for an existing id.
 *
 * <pre>{@code
 * Pipeline pipeline = client.pipelines().start(request);
 * while (!pipeline.status().state().equals("FINISHED")) {
 *   PipelineResults r = pipeline.consume();
 *   r.outputs().forEach(System.out::println);
 * }
 * pipeline.terminate();
 * }</pre>
 */
public final class Pipeline {
  private final PipelinesService service;
  private final String id;

  Pipeline(PipelinesService service, String id) {
    this.service = service;
    this.id = id;
  }

  public String id() {
    return id;
  }

  public PipelineStatus status() {
    return Calls.await(statusAsync());
  }

  public CompletableFuture<PipelineStatus> statusAsync() {
    return service.statusAsync(id);
  }

  /** Pauses processing (Roboflow's mute: the source is still read, its frames dropped). */
  public void pause() {
    Calls.await(pauseAsync());
  }

  public CompletableFuture<Void> pauseAsync() {
    return service.commandAsync(id, "pause");
  }

  public void resume() {
    Calls.await(resumeAsync());
  }

  public CompletableFuture<Void> resumeAsync() {
    return service.commandAsync(id, "resume");
  }

  /** Stops the pipeline; the server forgets it (another command on it is a 404). */
  public void terminate() {
    Calls.await(terminateAsync());
  }

  public CompletableFuture<Void> terminateAsync() {
    return service.commandAsync(id, "terminate");
  }

  /** The oldest results not consumed yet (empty when none are waiting). */
  public PipelineResults consume() {
    return Calls.await(consumeAsync(List.of()));
  }

  /** As {@link #consume()}, without the named workflow outputs. */
  public PipelineResults consume(List<String> excludedFields) {
    return Calls.await(consumeAsync(excludedFields));
  }

  public CompletableFuture<PipelineResults> consumeAsync(List<String> excludedFields) {
    return service.consumeAsync(id, excludedFields);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Pipeline p && p.id.equals(id);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return "Pipeline{" + id + "}";
  }
}
