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
        results.add(callers.submit(() -> {
          allSubmitted.countDown();
          return workers.call(() -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
              allSubmitted.await(5, TimeUnit.SECONDS); // every caller is waiting before any task finishes
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
      workers.call(() -> {
        seen[0] = Thread.currentThread();
        return workers.call(() -> seen[1] = Thread.currentThread()); // would deadlock a 1-thread pool if queued
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
      assertSame(thrown, assertThrows(InputImageLoadException.class, () -> workers.call(() -> {
        throw thrown;
      })));
      assertTrue(workers.call(() -> true), "the pool keeps serving after a failure");
    } finally {
      workers.close();
    }
  }
}
