package io.jinference.server.inference.runtime;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jinference.server.error.InferenceQueueFullException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The bounded wait for a model's run slots: a full queue and a passed deadline are refused, never
 * waited out.
 */
class RunSlotsTest {
  @Test
  void aFullQueueIsRefusedAtOnce() {
    RunSlots slots = new RunSlots("m/1", 1, 0, 60_000);
    slots.acquire(); // the only slot is busy and no one may wait
    InferenceQueueFullException e = assertThrows(InferenceQueueFullException.class, slots::acquire);
    assertTrue(e.getMessage().contains("0 requests are already waiting"), e.getMessage());
    slots.release();
    slots.acquire(); // free again
  }

  @Test
  void aWaitEndsAtTheDeadline() {
    RunSlots slots = new RunSlots("m/1", 1, 4, 30);
    slots.acquire();
    InferenceQueueFullException e = assertThrows(InferenceQueueFullException.class, slots::acquire);
    assertTrue(e.getMessage().contains("within 30 ms"), e.getMessage());
  }

  @Test
  void aWaiterGetsTheSlotWhenItIsReleased() throws Exception {
    RunSlots slots = new RunSlots("m/1", 1, 1, 60_000);
    slots.acquire();
    CountDownLatch started = new CountDownLatch(1);
    CompletableFuture<Void> waiter =
        CompletableFuture.runAsync(
            () -> {
              started.countDown();
              slots.acquire();
            });
    assertTrue(started.await(10, TimeUnit.SECONDS));
    slots.release();
    waiter.get(
        10, TimeUnit.SECONDS); // within its 60 s deadline: it waited for the slot and took it
  }
}
