package io.jinference.server.image;

import io.jinference.server.config.Setting;
import io.jinference.server.config.Settings;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The bounded pool that decodes and preprocesses images ({@code INFERENCE_PREPROCESS_THREADS}, one per core by
 * default). Request threads are many (Micronaut's blocking executor grows with the connections); pixel work is CPU
 * work, so it is queued here rather than run on however many request threads happen to hold an image, which would
 * leave ONNX Runtime's threads fighting them for the cores. The caller waits for the result; a task submitted from a
 * pool thread runs inline, so nested work cannot deadlock the pool.
 */
@Singleton
public final class PixelWorkers {
  private final ExecutorService pool;
  private final int threads;

  public PixelWorkers(Settings settings) {
    this(settings.perCore(Setting.INFERENCE_PREPROCESS_THREADS));
  }

  PixelWorkers(int threads) {
    this.threads = threads;
    AtomicInteger count = new AtomicInteger();
    ThreadFactory factory = r -> new Worker(r, "pixel-worker-" + count.incrementAndGet());
    this.pool = Executors.newFixedThreadPool(threads, factory);
  }

  public int threads() {
    return threads;
  }

  /** Runs {@code work} on the pool and returns its result; its unchecked exceptions reach the caller as they are. */
  public <T> T call(Supplier<T> work) {
    if (Thread.currentThread() instanceof Worker) {
      return work.get();
    }
    Future<T> result = pool.submit(work::get);
    try {
      return result.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw new IllegalStateException(cause);
    } catch (InterruptedException e) {
      result.cancel(true);
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while waiting for image work");
    }
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
