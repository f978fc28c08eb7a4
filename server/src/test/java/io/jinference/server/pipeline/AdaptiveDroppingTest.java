package io.jinference.server.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The ADAPTIVE strategies' decision on a hand-driven clock. Paces as supervision's FPSMonitor
 * counts them: events in the window over the time from the first to the last (31 events over one
 * second: 31 per second).
 */
class AdaptiveDroppingTest {
  private final long[] now = {0};
  private final AdaptiveDropping adaptive = new AdaptiveDropping(() -> now[0]);

  private void at(double seconds) {
    now[0] = Math.round(seconds * 1e9);
  }

  /** {@code n} events {@code 1/fps} apart, the last at {@code end} seconds. */
  private void ticks(Runnable event, int n, double fps, double end) {
    for (int i = 0; i < n; i++) {
      at(end - (n - 1 - i) / fps);
      event.run();
    }
  }

  @Test
  void nothingIsDroppedBeforeElevenGrabs() {
    ticks(adaptive::grabbed, 10, 1, 9); // 1 frame/s from a stream that declares 30
    assertFalse(adaptive.drop(30), "10 samples are not enough");
    at(10);
    adaptive.grabbed(); // 11 over 10 s: 1.1 frames/s, 28.9 behind
    assertTrue(adaptive.drop(30));
  }

  @Test
  void aSourceBehindTheStreamByMoreThanATenthOfAFrameSkips() {
    ticks(adaptive::grabbed, 100, 29, 10); // 100 / (99/29 s) = 29.29 frames/s: 0.71 behind 30
    assertTrue(adaptive.drop(30));
    assertFalse(adaptive.drop(29.3), "0.01 behind 29.3 is within the tolerance");
    assertFalse(adaptive.drop(0), "a stream with no declared rate is measured against itself");
  }

  @Test
  void atMostSixteenFramesAreSkippedInARow() {
    ticks(adaptive::grabbed, 100, 10, 10); // 10.1 frames/s against 30
    for (int i = 1; i <= 16; i++) {
      assertTrue(adaptive.drop(30), "skip " + i);
    }
    assertFalse(adaptive.drop(30), "the 17th is kept");
    assertTrue(adaptive.drop(30), "and the count starts again");
  }

  @Test
  void aSourceAheadOfThePipelineByMoreThanFiveFramesASecondSkips() {
    ticks(adaptive::taken, 11, 2, 5); // the pipeline took 11 frames, 2 a second, from 0 to 5 s
    ticks(adaptive::grabbed, 31, 30, 5); // the stream keeps its 30 (31 per the window)
    ticks(adaptive::prepared, 31, 30, 5);
    at(5);
    // the pipeline's pace if it took one now: 12 / 5 s = 2.4; 31 - 2.4 > 5
    assertTrue(adaptive.drop(30));
  }

  @Test
  void aPipelineKeepingUpSkipsNothing() {
    ticks(adaptive::taken, 31, 30, 5); // (31 + 1) / 1 s = 32 if it took one now
    ticks(adaptive::grabbed, 31, 30, 5);
    ticks(adaptive::prepared, 31, 30, 5);
    at(5);
    assertFalse(adaptive.drop(30));
  }

  @Test
  void aNewConnectionStartsMeasuringAgain() {
    ticks(adaptive::grabbed, 100, 10, 10);
    assertTrue(adaptive.drop(30));
    adaptive.reset();
    ticks(adaptive::grabbed, 10, 10, 20);
    assertFalse(adaptive.drop(30), "10 samples since the reset");
  }

  @Test
  void aPaceIsEventsOverTheSpanOfTheWindow() {
    AdaptiveDropping.Pace pace = new AdaptiveDropping.Pace(3);
    assertEquals(0, pace.fps());
    pace.tick(0);
    assertEquals(0, pace.fps(), "one event has no span");
    pace.tick(500_000_000L);
    assertEquals(4, pace.fps(), 1e-9); // 2 over 0.5 s
    pace.tick(1_000_000_000L);
    pace.tick(2_000_000_000L); // the window keeps 0.5, 1, 2 s
    assertEquals(3 / 1.5, pace.fps(), 1e-9);
    assertEquals(4 / 2.5, pace.fpsIfTickedAt(3_000_000_000L), 1e-6);
  }
}
