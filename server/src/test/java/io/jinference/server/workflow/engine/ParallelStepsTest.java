package io.jinference.server.workflow.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Steps that do not read each other's outputs run at the same time, never more than
 * WORKFLOWS_MAX_CONCURRENT_STEPS, and steps that read an output run after it. The blocks here are
 * test blocks that meet at a latch: were the steps run one by one, the first would wait for the
 * others forever (bounded by the latch's timeout) and fail.
 */
class ParallelStepsTest {
  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  /**
   * A block that counts how many of its steps run at once, optionally waiting until {@code meet} of
   * them do.
   */
  private static class Rendezvous implements Block {
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger mostAtOnce = new AtomicInteger();
    final CountDownLatch meeting;
    final List<String> finished = java.util.Collections.synchronizedList(new ArrayList<>());

    Rendezvous(int meet) {
      meeting = new CountDownLatch(meet);
    }

    @Override
    public BlockManifest manifest() {
      return BlockManifest.of("test/rendezvous@v1")
          .optional("after", Kind.ANY, null)
          .required("label", Kind.STRING)
          .output("label", Kind.STRING)
          .build();
    }

    @Override
    public Map<String, Object> run(Map<String, Object> in, StepContext context) {
      mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
      try {
        meeting.countDown();
        if (!meeting.await(20, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the other steps never ran alongside " + in.get("label"));
        }
        finished.add((String) in.get("label"));
        return Map.of(
            "label",
            in.get("label") + (in.get("after") == null ? "" : " after " + in.get("after")));
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      } finally {
        running.decrementAndGet();
      }
    }
  }

  private WorkflowRunner runner(Block block, int maxConcurrent) {
    BlockRegistry registry = new BlockRegistry(List.of(block), List.of());
    return new WorkflowRunner(
        new WorkflowCompiler(registry),
        null,
        pool,
        maxConcurrent,
        32,
        java.time.Duration.ofSeconds(30),
        Long.MAX_VALUE,
        Long.MAX_VALUE);
  }

  private static Map<String, Object> step(String name, String after) {
    Map<String, Object> s = new java.util.LinkedHashMap<>();
    s.put("type", "test/rendezvous@v1");
    s.put("name", name);
    s.put("label", name);
    if (after != null) {
      s.put("after", "$steps." + after + ".label");
    }
    return s;
  }

  private static Map<String, Object> workflow(List<Map<String, Object>> steps, String output) {
    return Map.of(
        "version",
        "1.0",
        "inputs",
        List.of(),
        "steps",
        steps,
        "outputs",
        List.of(
            Map.of("type", "JsonField", "name", "out", "selector", "$steps." + output + ".label")));
  }

  @Test
  void independentStepsRunTogetherAndDependentOnesAfter() {
    Rendezvous block =
        new Rendezvous(3) {
          @Override
          public Map<String, Object> run(Map<String, Object> in, StepContext context) {
            // the last step reads the others: it must not start before they finished (the latch is
            // open by then)
            if (in.get("after") != null) {
              assertEquals(
                  3,
                  finished.size(),
                  "a dependent step started before the steps it reads finished");
            }
            return super.run(in, context);
          }
        };
    List<Map<String, Object>> steps =
        List.of(step("a", null), step("b", null), step("c", null), step("d", "c"));
    List<Map<String, Object>> out =
        runner(block, 8).run(workflow(steps, "d"), Map.of(), null, null);
    assertEquals("d after c", out.get(0).get("out"));
    assertEquals(3, block.mostAtOnce.get());
  }

  @Test
  void noMoreThanTheLimitAtOnce() {
    Rendezvous block = new Rendezvous(2);
    List<Map<String, Object>> steps =
        List.of(step("a", null), step("b", null), step("c", null), step("d", null));
    runner(block, 2).run(workflow(steps, "d"), Map.of(), null, null);
    assertEquals(2, block.mostAtOnce.get());
    assertEquals(4, block.finished.size());
  }

  @Test
  void aFailingStepIsNamedAfterItsLayerFinished() {
    Rendezvous block =
        new Rendezvous(2) {
          @Override
          public Map<String, Object> run(Map<String, Object> in, StepContext context) {
            Map<String, Object> out = super.run(in, context);
            if ("b".equals(in.get("label"))) {
              throw new IllegalArgumentException("b broke");
            }
            return out;
          }
        };
    List<Map<String, Object>> steps = List.of(step("a", null), step("b", null));
    WorkflowException e =
        assertThrows(
            WorkflowException.class,
            () -> runner(block, 8).run(workflow(steps, "a"), Map.of(), null, null));
    assertEquals("b", e.blockErrors().get(0).blockId());
    assertEquals(
        500, e.status(), "an unexpected failure is the server's; its message is not shown");
    assertEquals(0, block.running.get(), "no step is still running when the failure is reported");
    assertEquals(2, block.finished.size());
  }
}
