package io.jinference.sdk;

import io.jinference.sdk.internal.Calls;
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

  /**
   * The pipeline's id on the server.
   *
   * @return the id
   */
  public String id() {
    return id;
  }

  /**
   * The pipeline's status report.
   *
   * @return the status
   */
  public PipelineStatus status() {
    return Calls.await(statusAsync());
  }

  /**
   * Like {@link #status()}, without blocking the caller.
   *
   * @return a future of the answer, failed with an {@link InferenceException} if the call fails
   */
  public CompletableFuture<PipelineStatus> statusAsync() {
    return service.statusAsync(id);
  }

  /** Pauses processing (Roboflow's mute: the source is still read, its frames dropped). */
  public void pause() {
    Calls.await(pauseAsync());
  }

  /**
   * Like {@link #pause()}, without blocking the caller.
   *
   * @return a future completed once the server has answered
   */
  public CompletableFuture<Void> pauseAsync() {
    return service.commandAsync(id, "pause");
  }

  /** Resumes processing after {@link #pause()}. */
  public void resume() {
    Calls.await(resumeAsync());
  }

  /**
   * Like {@link #resume()}, without blocking the caller.
   *
   * @return a future completed once the server has answered
   */
  public CompletableFuture<Void> resumeAsync() {
    return service.commandAsync(id, "resume");
  }

  /** Stops the pipeline; the server forgets it (another command on it is a 404). */
  public void terminate() {
    Calls.await(terminateAsync());
  }

  /**
   * Like {@link #terminate()}, without blocking the caller.
   *
   * @return a future completed once the server has answered
   */
  public CompletableFuture<Void> terminateAsync() {
    return service.commandAsync(id, "terminate");
  }

  /**
   * The oldest results not consumed yet (empty when none are waiting).
   *
   * @return the results waiting, possibly none
   */
  public PipelineResults consume() {
    return Calls.await(consumeAsync(List.of()));
  }

  /**
   * As {@link #consume()}, without the named workflow outputs.
   *
   * @param excludedFields workflow outputs to leave out of the results
   * @return the results waiting, possibly none
   */
  public PipelineResults consume(List<String> excludedFields) {
    return Calls.await(consumeAsync(excludedFields));
  }

  /**
   * Like {@link #consume(List)}, without blocking the caller.
   *
   * @param excludedFields workflow outputs to leave out of the results
   * @return a future of the answer, failed with an {@link InferenceException} if the call fails
   */
  public CompletableFuture<PipelineResults> consumeAsync(List<String> excludedFields) {
    return service.consumeAsync(id, excludedFields);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Pipeline && ((Pipeline) o).id.equals(id);
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
