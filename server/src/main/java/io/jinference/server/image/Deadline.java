package io.jinference.server.image;

import java.time.Duration;

/**
 * A point in time after which a request's work of some kind stops: every image download of one
 * request shares one, so a batch of slow URLs is bounded as a whole, not image by image.
 */
public final class Deadline {
  private final long at;
  private final Duration total;

  private Deadline(long at, Duration total) {
    this.at = at;
    this.total = total;
  }

  /** A deadline {@code total} from now. */
  public static Deadline after(Duration total) {
    return new Deadline(System.nanoTime() + total.toNanos(), total);
  }

  /** The time the deadline was set for, from its start (for messages). */
  public Duration total() {
    return total;
  }

  public boolean passed() {
    return System.nanoTime() - at >= 0;
  }

  /**
   * What is left, at least one millisecond (zero would mean "no timeout" to the clients it is given
   * to).
   */
  public Duration remaining() {
    return Duration.ofNanos(Math.max(1_000_000, at - System.nanoTime()));
  }

  /** The earlier of the two. */
  public Deadline earlier(Deadline other) {
    return other == null || at - other.at <= 0 ? this : other;
  }
}
