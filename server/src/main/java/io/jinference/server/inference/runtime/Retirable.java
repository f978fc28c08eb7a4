package io.jinference.server.inference.runtime;

import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

/**
 * A loaded model that can be unloaded while requests use it: a use holds it open (many at once),
 * and retiring waits for the uses in flight, then closes it; a use that comes after gets null and
 * loads the model again.
 *
 * <pre>{@code
 * T model = loaded.use();
 * if (model != null) {
 *   try { run(model); } finally { loaded.done(); }
 * }
 * }</pre>
 *
 * @param <T> the model's sessions
 */
public final class Retirable<T> {
  private final T value;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private boolean retired;

  public Retirable(T value) {
    this.value = value;
  }

  /**
   * The model for one use on this thread, or null once retired; a non-null answer must be followed
   * by {@link #done()} on the same thread.
   */
  public T use() {
    lock.readLock().lock();
    if (retired) {
      lock.readLock().unlock();
      return null;
    }
    return value;
  }

  /** Ends this thread's use. */
  public void done() {
    lock.readLock().unlock();
  }

  /** Waits for the uses in flight, then closes the model (once). */
  public void retire(Consumer<T> close) {
    lock.writeLock().lock();
    try {
      if (!retired) {
        retired = true;
        close.accept(value);
      }
    } finally {
      lock.writeLock().unlock();
    }
  }
}
