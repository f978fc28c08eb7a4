package io.jinference.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jinference.server.TestServer;
import io.jinference.server.config.Settings;
import io.jinference.server.image.DecodedImage;
import io.jinference.server.image.PixelWorkers;
import io.jinference.server.inference.runtime.OnnxModelFactory;
import io.jinference.server.inference.task.Prediction;
import io.jinference.server.inference.task.Task;
import io.jinference.server.inference.task.TaskOptions;
import io.jinference.server.metrics.ServerMetrics;
import io.jinference.server.model.LoadedModel;
import io.jinference.server.model.ModelPackage;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Inference never runs on a Netty event loop, and one model serves concurrent requests at the same
 * time (there is no per-model lock): two requests are held inside the detector together before
 * either may finish.
 */
class ThreadingTest {
  static final ConcurrentLinkedQueue<Thread> THREADS = new ConcurrentLinkedQueue<>();
  static final AtomicInteger INSIDE = new AtomicInteger();
  static volatile CountDownLatch bothInside = new CountDownLatch(2);

  /**
   * Records the thread and waits (bounded) until two requests are inside one model's task pipeline
   * at once.
   */
  @Singleton
  @Replaces(OnnxModelFactory.class)
  @Requires(property = "jinference.test.threading")
  static class RecordingFactory extends OnnxModelFactory {
    RecordingFactory(Settings settings, ServerMetrics metrics, PixelWorkers workers) {
      super(settings, metrics, workers);
    }

    @Override
    public LoadedModel open(ModelPackage pkg) {
      return new Recording(super.open(pkg));
    }
  }

  /** A model that records who calls it, then runs the real pipeline. */
  static final class Recording implements LoadedModel {
    private final LoadedModel model;

    Recording(LoadedModel model) {
      this.model = model;
    }

    @Override
    public List<Prediction> infer(Task task, List<DecodedImage> images, TaskOptions options) {
      THREADS.add(Thread.currentThread());
      INSIDE.incrementAndGet();
      bothInside.countDown();
      try {
        bothInside.await(20, TimeUnit.SECONDS);
        return model.infer(task, images, options);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      } finally {
        INSIDE.decrementAndGet();
      }
    }

    @Override
    public ModelPackage modelPackage() {
      return model.modelPackage();
    }

    @Override
    public Task task() {
      return model.task();
    }

    @Override
    public Integer batchSize() {
      return model.batchSize();
    }

    @Override
    public int inputWidth() {
      return model.inputWidth();
    }

    @Override
    public int inputHeight() {
      return model.inputHeight();
    }

    @Override
    public void close() {
      model.close();
    }
  }

  @Test
  void inferenceRunsOffTheEventLoopAndConcurrentlyOnOneModel() throws Exception {
    try (TestServer server = TestServer.with(Map.of("jinference.test.threading", "true"))) {
      ExecutorService clients = Executors.newFixedThreadPool(2);
      try {
        String body = TestServer.detectBody("coco-nanodet/1", "darknet-dog.jpg", "");
        Future<HttpResponse<String>> a =
            clients.submit(() -> server.postJson("/infer/object_detection", body));
        Future<HttpResponse<String>> b =
            clients.submit(() -> server.postJson("/infer/object_detection", body));
        assertEquals(200, a.get(60, TimeUnit.SECONDS).statusCode());
        assertEquals(200, b.get(60, TimeUnit.SECONDS).statusCode());
      } finally {
        clients.shutdownNow();
      }
      assertEquals(
          0, bothInside.getCount(), "both requests were inside the model at the same time");
      assertEquals(2, THREADS.size());
      for (Thread t : THREADS) {
        // Micronaut's Netty event loops are named like "default-nioEventLoopGroup-1-2".
        assertFalse(t.getName().toLowerCase(Locale.ROOT).contains("eventloop"), t.getName());
      }
      assertTrue(THREADS.stream().distinct().count() == 2, "two distinct worker threads");
    }
  }
}
