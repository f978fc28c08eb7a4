package io.jinference.server.workflow.engine;

import java.util.List;
import java.util.Map;

/** A workflow step type: its manifest and what it does with one batch element's inputs. */
public interface Block {
  /**
   * The key of a flow-control block's result that says whether the steps it guards run
   * (continue_if).
   */
  String CONTINUE = "continue";

  BlockManifest manifest();

  /**
   * @param inputs every manifest field, resolved (selectors replaced by values, defaults filled in)
   * @param context the request's API key and the like
   * @return every manifest output by name
   */
  Map<String, Object> run(Map<String, Object> inputs, StepContext context);

  /**
   * What a step needs from the request.
   *
   * @param apiKey the request's API key, or null
   * @param limits the time and pixels the step may still spend
   */
  /**
   * Blocks made together (the model blocks' versions, the visualisation blocks), registered as one
   * bean.
   */
  interface Group {
    List<Block> blocks();
  }

  record StepContext(String apiKey, RunLimits limits) {
    /**
     * Counts pixels the step is about to allocate against its limits (a 413 naming the step past
     * them).
     */
    public void chargePixels(long count) {
      limits.chargePixels(count);
    }
  }
}
