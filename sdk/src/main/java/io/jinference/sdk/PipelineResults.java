package io.jinference.sdk;

import java.util.List;
import java.util.Map;

/**
 * The oldest results of a pipeline not consumed yet: one processing tick, with one workflow output
 * map and one {@link PipelineFrame} per frame of the tick; empty when nothing is waiting.
 *
 * <pre>{@code
 * PipelineResults r = pipeline.consume();
 * for (int i = 0; i < r.outputs().size(); i++) {
 *   System.out.println(r.frames().get(i).frameId() + ": " + r.outputs().get(i).get("count"));
 * }
 * }</pre>
 */
public final class PipelineResults extends Value {
  private static final String[] NAMES = {"outputs", "frames"};

  private final List<Map<String, Object>> outputs;
  private final List<PipelineFrame> frames;

  /**
   * Keeps unmodifiable copies of the lists.
   *
   * @param outputs the outputs
   * @param frames the frames
   */
  public PipelineResults(List<Map<String, Object>> outputs, List<PipelineFrame> frames) {
    this.outputs = List.copyOf(outputs);
    this.frames = List.copyOf(frames);
  }

  /**
   * The outputs.
   *
   * @return the outputs
   */
  public List<Map<String, Object>> outputs() {
    return outputs;
  }

  /**
   * The frames.
   *
   * @return the frames
   */
  public List<PipelineFrame> frames() {
    return frames;
  }

  /**
   * Whether no results were waiting.
   *
   * @return whether no results were waiting
   */
  public boolean isEmpty() {
    return outputs.isEmpty();
  }

  @Override
  Object[] parts() {
    return new Object[] {outputs, frames};
  }

  @Override
  String[] partNames() {
    return NAMES;
  }
}
