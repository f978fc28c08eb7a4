package io.jinference.server.inference.runtime;

import io.jinference.server.inference.decode.RawOutputs;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiFunction;

/**
 * Dynamic batching for a model whose batch dimension is dynamic (Triton's dynamic batcher, on a
 * small scale): requests queue their preprocessed images; whoever gets a run slot takes the queued
 * requests, up to {@code maxImages} images, waiting at most {@code maxDelayNanos} for more (0 by
 * default: no waiting on CPU), runs them as one batch and hands each request its part of the
 * outputs. A request whose images someone else took waits for that run instead of taking a slot;
 * one refused a slot (429) leaves the queue unless it was already taken.
 */
final class DynamicBatcher {
  /**
   * Where a request's images ended up: the run's outputs and the batch index of its first image.
   */
  record Placement(RawOutputs outputs, int offset) {}

  private record Job(FloatBuffer input, int images, CompletableFuture<Placement> done) {}

  private final Runnable acquire;
  private final Runnable release;
  private final BiFunction<FloatBuffer, long[], RawOutputs> execute;
  private final int maxImages;
  private final long maxDelayNanos;
  private final int height;
  private final int width;
  private final ConcurrentLinkedQueue<Job> queue = new ConcurrentLinkedQueue<>();

  /**
   * @param acquire takes a run slot (may throw: queue full, deadline, model closing)
   * @param release gives the slot back
   * @param execute runs a tensor of shape [n, 3, height, width] while a slot is held
   * @param height the model's tensor height (the same for every request)
   * @param width the model's tensor width
   */
  DynamicBatcher(
      Runnable acquire,
      Runnable release,
      BiFunction<FloatBuffer, long[], RawOutputs> execute,
      int maxImages,
      long maxDelayNanos,
      int height,
      int width) {
    this.height = height;
    this.width = width;
    this.acquire = acquire;
    this.release = release;
    this.execute = execute;
    this.maxImages = maxImages;
    this.maxDelayNanos = maxDelayNanos;
  }

  /**
   * Runs a request's images (a [images, 3, h, w] tensor), alone or with others queued at the same
   * time.
   */
  Placement run(FloatBuffer input, int images) {
    Job job = new Job(input, images, new CompletableFuture<>());
    queue.add(job);
    while (!job.done().isDone()) {
      try {
        acquire.run();
      } catch (RuntimeException refused) {
        if (queue.remove(job)) {
          throw refused; // still ours to refuse
        }
        break; // already taken by a run: wait for it
      }
      List<Job> batch;
      try {
        batch = take();
        if (!batch.isEmpty()) {
          runBatch(batch);
        }
      } finally {
        release.run();
      }
      if (batch.isEmpty()) {
        break; // our images are in someone else's run
      }
    }
    try {
      return job.done().join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException ? (RuntimeException) e.getCause() : e;
    }
  }

  /** The queued requests that fit in one run, after waiting up to the delay for more. */
  private List<Job> take() {
    long until = System.nanoTime() + maxDelayNanos;
    while (maxDelayNanos > 0 && queued() < maxImages && System.nanoTime() < until) {
      LockSupport.parkNanos(50_000);
    }
    List<Job> batch = new ArrayList<>();
    int total = 0;
    for (Iterator<Job> it = queue.iterator(); it.hasNext(); ) {
      Job j = it.next();
      if (!batch.isEmpty() && total + j.images() > maxImages) {
        break;
      }
      if (queue.remove(j)) {
        batch.add(j);
        total += j.images();
      }
    }
    return batch;
  }

  private int queued() {
    int n = 0;
    for (Job j : queue) {
      n += j.images();
    }
    return n;
  }

  private void runBatch(List<Job> batch) {
    try {
      int total = batch.stream().mapToInt(Job::images).sum();
      int perImage = batch.get(0).input().capacity() / batch.get(0).images();
      FloatBuffer input;
      if (batch.size() == 1) {
        input = batch.get(0).input();
      } else {
        input =
            ByteBuffer.allocateDirect(4 * total * perImage)
                .order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        batch.forEach(j -> input.put(j.input().rewind()));
        input.rewind();
      }
      RawOutputs outputs = execute.apply(input, new long[] {total, 3, height, width});
      int offset = 0;
      for (Job j : batch) {
        j.done().complete(new Placement(outputs, offset));
        offset += j.images();
      }
    } catch (RuntimeException | Error e) {
      batch.forEach(
          j ->
              j.done()
                  .completeExceptionally(e)); // no request is left waiting for a run that failed
      if (e instanceof Error) {
        throw (Error) e;
      }
    }
  }
}
