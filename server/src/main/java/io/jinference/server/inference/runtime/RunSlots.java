package io.jinference.server.inference.runtime;

import io.jinference.server.error.InferenceQueueFullException;
import io.jinference.server.error.ModelNotReadyException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A model's run slots ({@code INFERENCE_CONCURRENT_RUNS}) with a bounded wait: at most {@code
 * queueSize} requests wait for a slot (one more is refused at once), and none waits longer than
 * {@code timeoutMs}; both answer 429 with {@code Retry-After}. Closing takes every slot, so that it
 * waits for the runs in progress.
 */
public final class RunSlots {
  private final String modelId;
  private final Semaphore slots;
  private final int permits;
  private final int queueSize;
  private final long timeoutMs;
  private final AtomicInteger waiting = new AtomicInteger();

  /**
   * @param modelId named in the 429
   * @param permits runs at once
   * @param queueSize requests that may wait
   * @param timeoutMs the longest wait
   */
  /**
   * The run slots of a foundation model family ({@code pp_ocr}, {@code depth}, {@code clip}), sized
   * by the same settings as every model's: {@code INFERENCE_CONCURRENT_RUNS}, {@code
   * INFERENCE_QUEUE_SIZE}, {@code INFERENCE_QUEUE_TIMEOUT_MS}.
   */
  public static RunSlots of(String family, io.jinference.server.config.Settings settings) {
    return new RunSlots(
        family,
        settings.perCore(io.jinference.server.config.Setting.INFERENCE_CONCURRENT_RUNS),
        settings.integer(io.jinference.server.config.Setting.INFERENCE_QUEUE_SIZE),
        settings.number(io.jinference.server.config.Setting.INFERENCE_QUEUE_TIMEOUT_MS));
  }

  public RunSlots(String modelId, int permits, int queueSize, long timeoutMs) {
    this.modelId = modelId;
    this.permits = permits;
    this.slots = new Semaphore(permits);
    this.queueSize = queueSize;
    this.timeoutMs = timeoutMs;
  }

  /** Takes a slot, waiting in the bounded queue if none is free. */
  public void acquire() {
    if (slots.tryAcquire()) {
      return;
    }
    if (waiting.incrementAndGet() > queueSize) {
      waiting.decrementAndGet();
      throw new InferenceQueueFullException(
          modelId, queueSize + " requests are already waiting for it");
    }
    try {
      if (!slots.tryAcquire(timeoutMs, TimeUnit.MILLISECONDS)) {
        throw new InferenceQueueFullException(
            modelId, "no run slot came free within " + timeoutMs + " ms");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ModelNotReadyException();
    } finally {
      waiting.decrementAndGet();
    }
  }

  /** Gives the slot back. */
  public void release() {
    slots.release();
  }

  /** Waits for every run in progress, then keeps all slots. */
  void drain() {
    slots.acquireUninterruptibly(permits);
  }
}
