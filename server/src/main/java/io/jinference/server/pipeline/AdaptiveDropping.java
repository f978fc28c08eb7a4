package io.jinference.server.pipeline;

import java.util.ArrayDeque;
import java.util.function.LongSupplier;

/**
 * The decision behind the {@code ADAPTIVE_*} buffer filling strategies, with Roboflow's meaning and
 * defaults: a source skips a frame before converting it when it cannot keep up with the stream (it
 * grabs frames more slowly than the stream's declared frame rate, by more than 0.1 frames/s) or
 * when it prepares frames faster than the pipeline takes them (by more than 5 frames/s); never
 * before 10 paces are measured, and never more than 16 frames in a row. Paces are measured over the
 * last 100 events of each kind.
 */
final class AdaptiveDropping {
  static final double STREAM_PACE_TOLERANCE = 0.1;
  static final double READER_PACE_TOLERANCE = 5.0;
  static final int MINIMUM_SAMPLES = 10;
  static final int MAXIMUM_DROPPED_IN_ROW = 16;

  private final LongSupplier nanoClock;
  private final Pace grabbed; // frames grabbed from the stream
  private final Pace prepared; // frames converted and put in the buffer
  private final Pace taken; // frames the pipeline took from the buffer
  private int droppedInRow;

  AdaptiveDropping(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
    this.grabbed = new Pace(10 * MINIMUM_SAMPLES);
    this.prepared = new Pace(10 * MINIMUM_SAMPLES);
    this.taken = new Pace(10 * MINIMUM_SAMPLES);
  }

  void grabbed() {
    grabbed.tick(nanoClock.getAsLong());
  }

  void prepared() {
    prepared.tick(nanoClock.getAsLong());
  }

  /** The pipeline took a frame (or skipped one, eagerly) from the buffer: called on its thread. */
  void taken() {
    taken.tick(nanoClock.getAsLong());
  }

  /** A new connection: what was measured on the last one says nothing about this one. */
  void reset() {
    grabbed.clear();
    prepared.clear();
    taken.clear();
    droppedInRow = 0;
  }

  /** After a pause the grabbing pace restarts. */
  void resumed() {
    grabbed.clear();
  }

  /**
   * Whether the frame just grabbed is to be skipped, counting it when it is.
   *
   * @param declaredFps the stream's own frame rate, or 0 or less when it declares none
   */
  boolean drop(double declaredFps) {
    boolean drop = shouldDrop(declaredFps);
    droppedInRow = drop ? droppedInRow + 1 : 0;
    return drop;
  }

  private boolean shouldDrop(double declaredFps) {
    if (droppedInRow >= MAXIMUM_DROPPED_IN_ROW || grabbed.count() <= MINIMUM_SAMPLES) {
      return false;
    }
    double grabbing = grabbed.fps();
    double announced = declaredFps > 0 ? declaredFps : grabbing;
    if (announced - grabbing > STREAM_PACE_TOLERANCE) {
      return true; // behind the stream: skipping catches up
    }
    if (taken.count() <= MINIMUM_SAMPLES || prepared.count() <= MINIMUM_SAMPLES) {
      return false;
    }
    // the pipeline's pace as if it took a frame now, so that a stalled pipeline counts as slow
    double reading = taken.fpsIfTickedAt(nanoClock.getAsLong());
    return prepared.fps() - reading > READER_PACE_TOLERANCE; // ahead of the pipeline: save work
  }

  /** Events per second over the last {@code size} events (supervision's FPSMonitor). */
  static final class Pace {
    private final int size;
    private final ArrayDeque<Long> stamps = new ArrayDeque<>();

    Pace(int size) {
      this.size = size;
    }

    synchronized void tick(long nanos) {
      if (stamps.size() == size) {
        stamps.removeFirst();
      }
      stamps.addLast(nanos);
    }

    synchronized int count() {
      return stamps.size();
    }

    synchronized void clear() {
      stamps.clear();
    }

    /** The events in the window over the time from the first to the last; 0 before two. */
    synchronized double fps() {
      if (stamps.isEmpty()) {
        return 0;
      }
      long span = stamps.getLast() - stamps.getFirst();
      return span == 0 ? 0 : stamps.size() / (span / 1e9);
    }

    synchronized double fpsIfTickedAt(long nanos) {
      if (stamps.isEmpty()) {
        return 0;
      }
      return (stamps.size() + 1) / ((nanos - stamps.getFirst()) / 1e9 + 1e-8);
    }
  }
}
