package io.jinference.server.pipeline;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded buffer between one source's reader and the pipeline's processing thread. Frames hold
 * native pixels, so every frame dropped here is closed here, and {@link #close()} closes what is
 * left.
 */
final class FrameBuffer {
  private int capacity; // guarded by lock
  private final BufferFilling filling;
  private final Runnable onDrop;
  private final Runnable onTaken;
  private final ArrayDeque<VideoFrame> frames = new ArrayDeque<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final Condition notFull = lock.newCondition();
  private volatile boolean closed;
  private boolean ended;

  FrameBuffer(int capacity, BufferFilling filling, Runnable onDrop) {
    this(capacity, filling, onDrop, () -> {});
  }

  /**
   * @param onTaken called on the taker's thread for each frame taken, or skipped by an eager take
   *     (the pipeline's reading pace, which the adaptive strategies watch)
   */
  FrameBuffer(int capacity, BufferFilling filling, Runnable onDrop, Runnable onTaken) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1");
    }
    this.capacity = capacity;
    this.filling = filling;
    this.onDrop = onDrop;
    this.onTaken = onTaken;
  }

  /**
   * Adds a frame by the filling strategy; with {@link BufferFilling#WAIT} blocks until there is
   * room. Returns false (and closes the frame) when the buffer was closed meanwhile.
   */
  boolean put(VideoFrame frame) throws InterruptedException {
    VideoFrame dropped = null;
    lock.lock();
    try {
      while (!closed && filling == BufferFilling.WAIT && frames.size() >= capacity) {
        notFull.await();
      }
      if (closed) {
        dropped = frame;
        return false;
      }
      if (frames.size() >= capacity) {
        if (filling.dropsOldest()) {
          dropped = frames.pollFirst();
        } else {
          dropped = frame;
          return true;
        }
      }
      frames.addLast(frame);
      notEmpty.signalAll();
      return true;
    } finally {
      lock.unlock();
      if (dropped != null) {
        dropped.close();
        if (!closed || dropped != frame) {
          onDrop.run();
        }
      }
    }
  }

  /**
   * Takes a frame by the consumption strategy, waiting up to {@code timeoutMs}; null when none came
   * in time or when the source has ended and nothing is left ({@link #exhausted()} tells which).
   */
  VideoFrame take(BufferConsumption consumption, long timeoutMs) throws InterruptedException {
    java.util.List<VideoFrame> skipped = new java.util.ArrayList<>();
    VideoFrame taken = null;
    lock.lock();
    try {
      long nanos = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
      while (frames.isEmpty() && !closed && !ended) {
        if (nanos <= 0) {
          return null;
        }
        nanos = notEmpty.awaitNanos(nanos);
      }
      if (frames.isEmpty()) {
        return null;
      }
      if (consumption == BufferConsumption.EAGER) {
        taken = frames.pollLast();
        skipped.addAll(frames);
        frames.clear();
      } else {
        taken = frames.pollFirst();
      }
      notFull.signalAll();
      return taken;
    } finally {
      lock.unlock();
      for (VideoFrame f : skipped) {
        f.close();
        onDrop.run();
        onTaken.run();
      }
      if (taken != null) {
        onTaken.run();
      }
    }
  }

  /**
   * Lowers the capacity to {@code most} frames (at least one), once the frames' size is known: the
   * pipeline's byte budget for buffered frames divided by one frame's bytes.
   */
  void limit(int most) {
    lock.lock();
    try {
      capacity = Math.max(1, Math.min(capacity, most));
    } finally {
      lock.unlock();
    }
  }

  int capacity() {
    lock.lock();
    try {
      return capacity;
    } finally {
      lock.unlock();
    }
  }

  /** The source will put no more frames (end of a file, or a source given up). */
  void end() {
    lock.lock();
    try {
      ended = true;
      notEmpty.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Whether the source has ended and every frame was taken. */
  boolean exhausted() {
    lock.lock();
    try {
      return (ended || closed) && frames.isEmpty();
    } finally {
      lock.unlock();
    }
  }

  int size() {
    lock.lock();
    try {
      return frames.size();
    } finally {
      lock.unlock();
    }
  }

  /** Wakes every waiter and closes the frames left (they are not counted as dropped). */
  void close() {
    java.util.List<VideoFrame> left;
    lock.lock();
    try {
      closed = true;
      left = new java.util.ArrayList<>(frames);
      frames.clear();
      notEmpty.signalAll();
      notFull.signalAll();
    } finally {
      lock.unlock();
    }
    left.forEach(VideoFrame::close);
  }
}
