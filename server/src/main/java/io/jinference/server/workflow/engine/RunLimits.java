package io.jinference.server.workflow.engine;

import io.jinference.server.error.ApiException;
import io.jinference.server.error.PayloadTooLargeException;
import io.jinference.server.image.Deadline;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one workflow run may spend: time until its deadline ({@code WORKFLOWS_EXECUTION_TIMEOUT_MS},
 * checked between steps, before each crop a step runs on and inside long operations of the query
 * language) and pixels materialised (crops, annotated copies, visualisations), counted before they
 * are allocated, per input image ({@code WORKFLOWS_MAX_PIXELS_PER_IMAGE}) and per step ({@code
 * WORKFLOWS_MAX_PIXELS_PER_STEP}). Going past either fails the step with a 4xx that names it,
 * before the memory or time is spent.
 */
public final class RunLimits {
  /**
   * The run the query language on this thread belongs to: its operations are static and deep in the
   * call tree.
   */
  private static final ThreadLocal<RunLimits> CURRENT = new ThreadLocal<>();

  private final Deadline deadline;
  private final long maxPixels;
  private final long maxStepPixels;
  private final AtomicLong pixels;
  private final AtomicLong stepPixels;
  private final RunLimits run;

  public RunLimits(Deadline deadline, long maxPixels, long maxStepPixels) {
    this(deadline, maxPixels, maxStepPixels, null);
  }

  private RunLimits(Deadline deadline, long maxPixels, long maxStepPixels, RunLimits run) {
    this.deadline = deadline;
    this.maxPixels = maxPixels;
    this.maxStepPixels = maxStepPixels;
    this.pixels = run == null ? new AtomicLong() : run.pixels;
    this.stepPixels = new AtomicLong();
    this.run = run;
  }

  /**
   * The limits of one step of this run: the run's time and pixels, and a pixel count of the step's
   * own.
   */
  RunLimits step() {
    return new RunLimits(deadline, maxPixels, maxStepPixels, run == null ? this : run);
  }

  Deadline deadline() {
    return deadline;
  }

  /**
   * Counts {@code count} pixels about to be allocated; refuses them when the run or the step would
   * pass its limit.
   */
  void chargePixels(long count) {
    long step = stepPixels.addAndGet(count);
    long total = pixels.addAndGet(count);
    if (step > maxStepPixels) {
      throw new PayloadTooLargeException(
          "the step would materialise more than "
              + maxStepPixels
              + " pixels of "
              + "images (crops, annotations; WORKFLOWS_MAX_PIXELS_PER_STEP).");
    }
    if (total > maxPixels) {
      throw new PayloadTooLargeException(
          "the workflow would materialise more than "
              + maxPixels
              + " pixels of "
              + "images for one input image (crops, annotations; WORKFLOWS_MAX_PIXELS_PER_IMAGE).");
    }
  }

  void checkDeadline() {
    if (deadline.passed()) {
      throw timedOut(deadline);
    }
  }

  static TimedOut timedOut(Deadline deadline) {
    return new TimedOut(
        "the workflow ran past its time limit of "
            + deadline.total().toMillis()
            + " ms (WORKFLOWS_EXECUTION_TIMEOUT_MS).");
  }

  /** Runs {@code work} with these limits visible to the query language on this thread. */
  <T> T during(java.util.function.Supplier<T> work) {
    RunLimits outer = CURRENT.get();
    CURRENT.set(this);
    try {
      return work.get();
    } finally {
      CURRENT.set(outer);
    }
  }

  /**
   * The deadline of the run on this thread, or null outside a run (unit tests of the query
   * language).
   */
  public static Deadline currentDeadline() {
    RunLimits limits = CURRENT.get();
    return limits == null ? null : limits.deadline;
  }

  /**
   * Throws when the run on this thread is past its deadline; a loop over many items calls it on
   * each.
   */
  public static void checkCurrentDeadline() {
    RunLimits limits = CURRENT.get();
    if (limits != null) {
      limits.checkDeadline();
    }
  }

  /** A run past its deadline: 400, as the run's other refusals of what a request asked for. */
  static final class TimedOut extends ApiException {
    TimedOut(String message) {
      super(400, "WorkflowExecutionTimeoutError", message);
    }
  }
}
