package io.jinference.server.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jinference.server.error.InputImageLoadException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PixelWorkersTest {
  @Test
  void noMoreTasksRunAtOnceThanThePoolHasThreads() throws Exception {
    PixelWorkers workers = new PixelWorkers(2);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    CountDownLatch allSubmitted = new CountDownLatch(8);
    ExecutorService callers = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        int n = i;
        results.add(
            callers.submit(
                () -> {
                  allSubmitted.countDown();
                  return workers.call(
                      () -> {
                        most.accumulateAndGet(running.incrementAndGet(), Math::max);
                        try {
                          allSubmitted.await(
                              5,
                              TimeUnit.SECONDS); // every caller is waiting before any task finishes
                          Thread.sleep(20);
                        } catch (InterruptedException e) {
                          throw new IllegalStateException(e);
                        }
                        running.decrementAndGet();
                        return n * n;
                      });
                }));
      }
      for (int i = 0; i < 8; i++) {
        assertEquals(i * i, results.get(i).get(10, TimeUnit.SECONDS));
      }
      assertEquals(2, most.get(), "8 callers, 2 threads: two tasks at a time, never more");
    } finally {
      callers.shutdownNow();
      workers.close();
    }
  }

  @Test
  void runsOnAPoolThreadAndInlineWhenAlreadyOnOne() {
    PixelWorkers workers = new PixelWorkers(1);
    try {
      Thread caller = Thread.currentThread();
      Thread[] seen = new Thread[2];
      workers.call(
          () -> {
            seen[0] = Thread.currentThread();
            return workers.call(
                () -> seen[1] = Thread.currentThread()); // would deadlock a 1-thread pool if queued
          });
      assertNotSame(caller, seen[0]);
      assertSame(seen[0], seen[1]);
    } finally {
      workers.close();
    }
  }

  @Test
  void theTasksExceptionReachesTheCallerAsItIs() {
    PixelWorkers workers = new PixelWorkers(1);
    try {
      InputImageLoadException thrown = new InputImageLoadException("corrupt");
      assertSame(
          thrown,
          assertThrows(
              InputImageLoadException.class,
              () ->
                  workers.call(
                      () -> {
                        throw thrown;
                      })));
      assertTrue(workers.call(() -> true), "the pool keeps serving after a failure");
    } finally {
      workers.close();
    }
  }

  @Test
  void workStillQueuedAtTheDeadlineNeverRunsAndItsResourcesAreReleased() throws Exception {
    PixelWorkers workers = new PixelWorkers(1, java.time.Duration.ofMillis(200));
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService caller = Executors.newSingleThreadExecutor();
    try {
      Future<Boolean> blocker =
          caller.submit(
              () ->
                  workers.call(
                      () -> {
                        try {
                          return release.await(
                              5, TimeUnit.SECONDS); // holds the only worker (an untimed call)
                        } catch (InterruptedException e) {
                          return false;
                        }
                      }));
      Thread.sleep(50);
      java.util.concurrent.atomic.AtomicBoolean ran =
          new java.util.concurrent.atomic.AtomicBoolean();
      java.util.concurrent.atomic.AtomicBoolean dropped =
          new java.util.concurrent.atomic.AtomicBoolean();
      io.jinference.server.error.BusyException busy =
          assertThrows(
              io.jinference.server.error.BusyException.class,
              () -> workers.call(() -> ran.getAndSet(true), v -> {}, () -> dropped.set(true)));
      assertEquals(429, busy.status());
      assertTrue(busy.getMessage().contains("INFERENCE_PREPROCESS_TIMEOUT_MS"), busy.getMessage());
      assertTrue(dropped.get(), "onDropped released what the work would have");
      release.countDown();
      assertTrue(blocker.get(5, TimeUnit.SECONDS));
      assertTrue(workers.call(() -> true, v -> {}, () -> {}), "the pool serves on");
      assertEquals(false, ran.get(), "the dropped work never ran");
    } finally {
      caller.shutdownNow();
      workers.close();
    }
  }

  @Test
  void workRunningPastTheDeadlineIsAnsweredAndItsLateResultFreed() throws Exception {
    PixelWorkers workers = new PixelWorkers(1, java.time.Duration.ofMillis(200));
    CountDownLatch freed = new CountDownLatch(1);
    Object result = new Object();
    try {
      InputImageLoadException slow =
          assertThrows(
              InputImageLoadException.class,
              () ->
                  workers.call(
                      () -> {
                        try {
                          Thread.sleep(600);
                        } catch (InterruptedException e) {
                          Thread.currentThread().interrupt();
                        }
                        return result;
                      },
                      late -> {
                        assertSame(result, late);
                        freed.countDown();
                      },
                      () -> {}));
      assertTrue(slow.getMessage().contains("took longer than"), slow.getMessage());
      assertTrue(freed.await(5, TimeUnit.SECONDS), "the late result was handed to onLate");
    } finally {
      workers.close();
    }
  }
}
