package io.jinference.server.image;

import io.jinference.server.config.Setting;
import io.jinference.server.config.Settings;
import io.jinference.server.error.BusyException;
import io.jinference.server.error.InputImageLoadException;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The bounded pool that decodes and preprocesses images ({@code INFERENCE_PREPROCESS_THREADS}, one
 * per core by default). Request threads are many (Micronaut's blocking executor grows with the
 * connections); pixel work is CPU work, so it is queued here rather than run on however many
 * request threads happen to hold an image, which would leave ONNX Runtime's threads fighting them
 * for the cores. The caller waits for the result; a task submitted from a pool thread runs inline,
 * so nested work cannot deadlock the pool.
 */
@Singleton
public final class PixelWorkers {
  private static final int QUEUED = 0;
  private static final int RUNNING = 1;
  private static final int DONE = 2;
  private static final int DROPPED = 3;
  private static final int LATE = 4;

  private final ExecutorService pool;
  private final int threads;
  private final long timeoutNanos;

  public PixelWorkers(Settings settings) {
    this(
        settings.perCore(Setting.INFERENCE_PREPROCESS_THREADS),
        Duration.ofMillis(settings.number(Setting.INFERENCE_PREPROCESS_TIMEOUT_MS)));
  }

  PixelWorkers(int threads) {
    this(threads, Duration.ofSeconds(30));
  }

  PixelWorkers(int threads, Duration timeout) {
    this.threads = threads;
    this.timeoutNanos = timeout.toNanos();
    AtomicInteger count = new AtomicInteger();
    ThreadFactory factory = r -> new Worker(r, "pixel-worker-" + count.incrementAndGet());
    this.pool = Executors.newFixedThreadPool(threads, factory);
  }

  public int threads() {
    return threads;
  }

  /**
   * Runs {@code work} on the pool and waits for it however long it takes: for work that writes into
   * memory the caller owns (preprocessing into a pooled tensor), which the caller must not reuse
   * while it may still be written.
   */
  public <T> T call(Supplier<T> work) {
    if (Thread.currentThread() instanceof Worker) {
      return work.get();
    }
    Future<T> result = pool.submit(work::get);
    try {
      return result.get();
    } catch (ExecutionException e) {
      throw unwrap(e);
    } catch (InterruptedException e) {
      result.cancel(true);
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while waiting for image work");
    }
  }

  /**
   * Runs {@code work} on the pool and returns its result; its unchecked exceptions reach the caller
   * as they are. The caller waits at most {@code INFERENCE_PREPROCESS_TIMEOUT_MS}. Work still
   * queued then never runs: {@code onDropped} runs instead (to release what the work would have)
   * and the caller gets a 429 (the pool is busy). Work already running is left to finish on its
   * worker, which hands its result to {@code onLate} (to free it), and the caller gets a 400 (the
   * image took too long to process). Exactly one of work and onDropped runs.
   */
  public <T> T call(Supplier<T> work, java.util.function.Consumer<T> onLate, Runnable onDropped) {
    if (Thread.currentThread() instanceof Worker) {
      return work.get();
    }
    long started = System.nanoTime();
    // QUEUED -> RUNNING (the worker took it) or QUEUED -> DROPPED (the caller gave up first);
    // RUNNING -> LATE.
    java.util.concurrent.atomic.AtomicInteger state =
        new java.util.concurrent.atomic.AtomicInteger(QUEUED);
    Future<T> result =
        pool.submit(
            () -> {
              if (!state.compareAndSet(QUEUED, RUNNING)) {
                return null;
              }
              T value = work.get();
              if (!state.compareAndSet(RUNNING, DONE) && value != null) {
                onLate.accept(value); // the caller left: nobody else will free it
              }
              return value;
            });
    try {
      return result.get(timeoutNanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      if (state.compareAndSet(QUEUED, DROPPED)) {
        result.cancel(false);
        onDropped.run();
        throw new BusyException(
            "The image workers were busy for "
                + Duration.ofNanos(timeoutNanos).toMillis()
                + " ms (INFERENCE_PREPROCESS_TIMEOUT_MS); retry later.");
      }
      if (state.compareAndSet(RUNNING, LATE)) {
        throw new InputImageLoadException(
            "Processing the image took longer than "
                + Duration.ofNanos(System.nanoTime() - started).toMillis()
                + " ms (INFERENCE_PREPROCESS_TIMEOUT_MS).");
      }
      return joinDone(result); // finished between the timeout and now
    } catch (ExecutionException e) {
      throw unwrap(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while waiting for image work");
    }
  }

  private static <T> T joinDone(Future<T> result) {
    try {
      return result.get();
    } catch (ExecutionException e) {
      throw unwrap(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while waiting for image work");
    }
  }

  private static RuntimeException unwrap(ExecutionException e) {
    Throwable cause = e.getCause();
    if (cause instanceof RuntimeException) {
      return (RuntimeException) cause;
    }
    if (cause instanceof Error) {
      throw (Error) cause;
    }
    return new IllegalStateException(cause);
  }

  private static final class Worker extends Thread {
    Worker(Runnable task, String name) {
      super(task, name);
      setDaemon(true);
    }
  }

  @PreDestroy
  void close() {
    pool.shutdownNow();
  }
}
