package io.jinference.server.image;

import java.nio.ByteBuffer;
import org.bytedeco.javacpp.BytePointer;

/**
 * An encoded image (JPEG, PNG, ...) in native memory, where OpenCV's {@code imdecode} reads it.
 * Base64 text is decoded straight into it ({@link Base64Decoding}); bytes from a URL, a file or an
 * upload are copied in once. Freed by the last {@link #close()}: whoever {@link #retain() retains}
 * it closes it once more.
 */
final class EncodedBytes implements AutoCloseable {
  private final BytePointer pointer;
  private final ByteBuffer view;
  private final java.util.concurrent.atomic.AtomicInteger holders =
      new java.util.concurrent.atomic.AtomicInteger(1);

  private EncodedBytes(long length) {
    this.pointer = new BytePointer(length);
    this.view = pointer.limit(length).asBuffer();
  }

  /** Native memory for {@code length} bytes, to be filled through {@link #view()}. */
  static EncodedBytes allocate(int length) {
    return new EncodedBytes(length);
  }

  static EncodedBytes copyOf(byte[] bytes) {
    EncodedBytes e = new EncodedBytes(bytes.length);
    e.pointer.put(bytes);
    return e;
  }

  /** The bytes as a direct buffer over the same memory (absolute reads and writes). */
  ByteBuffer view() {
    return view;
  }

  int length() {
    return view.capacity();
  }

  BytePointer pointer() {
    return pointer;
  }

  /** One more holder: the memory stays until each holder has closed it. */
  void retain() {
    holders.incrementAndGet();
  }

  @Override
  public void close() {
    if (holders.decrementAndGet() == 0) {
      pointer.close();
    }
  }
}
