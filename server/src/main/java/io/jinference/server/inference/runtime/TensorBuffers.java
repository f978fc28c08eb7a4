package io.jinference.server.inference.runtime;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * A model's reusable input tensors: direct, native-order buffers that ONNX Runtime reads in place
 * (no copy into a tensor of its own). A 640 x 640 input is 4.9 MB; allocating one per request costs
 * a zeroing pass and leaves the freeing to the garbage collector, which direct memory does not
 * pressure. Buffers of the model's usual size (one chunk of images) are kept, at most {@code keep}
 * of them; other sizes (a long list in one run) are allocated and dropped. Every buffer handed out
 * reads as zeros wherever the last user did not write (see {@link #take}).
 */
final class TensorBuffers {
  private final int pooledBytes;
  private final ArrayBlockingQueue<ByteBuffer> free;

  /**
   * @param pooledBytes the size that is pooled
   * @param keep how many free buffers are kept (the model's concurrent runs: more are never in use
   *     at once)
   */
  TensorBuffers(int pooledBytes, int keep) {
    this.pooledBytes = pooledBytes;
    this.free = new ArrayBlockingQueue<>(Math.max(1, keep));
  }

  /**
   * A buffer of {@code bytes} bytes, position 0. A reused buffer holds what its last user wrote:
   * the caller writes the same regions each time (the same model, the same tensor layout), and must
   * clear any it leaves out.
   */
  ByteBuffer take(int bytes) {
    ByteBuffer b = bytes == pooledBytes ? free.poll() : null;
    if (b == null) {
      return ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
    }
    return b.clear();
  }

  /** Gives a buffer back once no tensor reads it any more. */
  void give(ByteBuffer b) {
    if (b.capacity() == pooledBytes) {
      free.offer(b); // dropped when enough are kept
    }
  }

  int kept() {
    return free.size();
  }
}
