package io.jinference.server.pipeline;

/** How the processing side takes frames (Roboflow's {@code BufferConsumptionStrategy}). */
enum BufferConsumption {
  /** The oldest buffered frame, one at a time: nothing is skipped. */
  LAZY,
  /** The newest buffered frame; the older ones are dropped. */
  EAGER
}
