package io.jinference.server.pipeline;

/**
 * What a source does when its frame buffer is full (Roboflow's {@code BufferFillingStrategy}). The
 * adaptive variants also skip frames before the buffer is full, when the source falls behind the
 * stream or runs ahead of the pipeline ({@link AdaptiveDropping}).
 */
enum BufferFilling {
  /** The reader waits for room: every frame is processed (files). */
  WAIT,
  /** The oldest buffered frame is dropped for the new one. */
  DROP_OLDEST,
  ADAPTIVE_DROP_OLDEST,
  /** The new frame is dropped. */
  DROP_LATEST,
  ADAPTIVE_DROP_LATEST;

  boolean adaptive() {
    return this == ADAPTIVE_DROP_OLDEST || this == ADAPTIVE_DROP_LATEST;
  }

  boolean dropsOldest() {
    return this == DROP_OLDEST || this == ADAPTIVE_DROP_OLDEST;
  }
}
