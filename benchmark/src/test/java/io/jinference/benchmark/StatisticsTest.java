package io.jinference.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatisticsTest {
  @Test
  void nearestRankPercentilesMeanRatesAndErrors() {
    List<Statistics.Outcome> outcomes = new ArrayList<>();
    for (int ms = 1; ms <= 100; ms++) { // latencies 1..100 ms, shuffled order does not matter
      outcomes.add(new Statistics.Outcome(200, (101 - ms) * 1_000_000L, 2, null));
    }
    outcomes.add(new Statistics.Outcome(503, 5_000_000L, 2, null));
    outcomes.add(new Statistics.Outcome(0, 0, 2, null));
    Statistics s = Statistics.of(outcomes, 4_000_000_000L); // 4 s of wall time
    assertEquals(100, s.inferencesMade());
    assertEquals(200, s.imagesProcessed());
    assertEquals(50.5, s.averageLatencyMs(), 1e-9);
    assertEquals(
        Math.sqrt((100.0 * 100 - 1) / 12), s.stdLatencyMs(), 1e-9, "population std of 1..100");
    assertEquals(25.25, s.averageLatencyPerImageMs(), 1e-9);
    assertEquals(50, s.p50(), 1e-9);
    assertEquals(75, s.p75(), 1e-9);
    assertEquals(90, s.p90(), 1e-9);
    assertEquals(99, s.p99(), 1e-9);
    assertEquals(25, s.requestsPerSecond(), 1e-9);
    assertEquals(50, s.imagesPerSecond(), 1e-9);
    assertEquals(2.0 / 102, s.errorRate(), 1e-12);
    assertEquals(Map.of("0", 1, "503", 1), s.errorStatusCodes());
    assertNull(s.averageExecutionTimePerImageMs(), "no server times reported");
  }

  @Test
  void optionsHaveRoboflowsDefaultsAndRefuseNonsense() {
    Benchmark.Options o = Benchmark.Options.parse();
    assertEquals("http://localhost:9001", o.url());
    assertEquals(10, o.warmup());
    assertEquals(1000, o.requests());
    assertEquals(1, o.clients());
    assertEquals(1, o.batch());
    assertThrows(IllegalArgumentException.class, () -> Benchmark.Options.parse("--clients", "0"));
    assertThrows(
        IllegalArgumentException.class, () -> Benchmark.Options.parse("--legacy", "--batch", "2"));
    assertThrows(IllegalArgumentException.class, () -> Benchmark.Options.parse("--requests"));
  }
}
