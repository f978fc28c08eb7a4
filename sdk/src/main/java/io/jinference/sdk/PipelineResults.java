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
public record PipelineResults(List<Map<String, Object>> outputs, List<PipelineFrame> frames) {
  /**
   * Checks the components and keeps unmodifiable copies of the lists.
   *
   * @param outputs the outputs
   * @param frames the frames
   */
  public PipelineResults {
    outputs = List.copyOf(outputs);
    frames = List.copyOf(frames);
  }

  /**
   * Whether no results were waiting.
   *
   * @return whether no results were waiting
   */
  public boolean isEmpty() {
    return outputs.isEmpty();
  }
}
