package io.jinference.server.inference.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class TensorBuffersTest {
  @Test
  void aBufferGivenBackIsTheNextOneTakenAtPositionZero() {
    TensorBuffers buffers = new TensorBuffers(64, 2);
    ByteBuffer first = buffers.take(64);
    assertTrue(first.isDirect(), "ONNX Runtime reads direct buffers in place");
    assertEquals(ByteOrder.nativeOrder(), first.order());
    first.putFloat(1.5f).putFloat(2.5f);
    buffers.give(first);
    ByteBuffer again = buffers.take(64);
    assertSame(first, again);
    assertEquals(0, again.position());
    assertEquals(64, again.limit());
    assertEquals(ByteOrder.nativeOrder(), again.order());
  }

  @Test
  void otherSizesAreNeitherPooledNorTakenFromThePool() {
    TensorBuffers buffers = new TensorBuffers(64, 2);
    ByteBuffer pooled = buffers.take(64);
    buffers.give(pooled);
    ByteBuffer larger = buffers.take(128);
    assertEquals(128, larger.capacity());
    assertNotSame(pooled, larger);
    buffers.give(larger);
    assertEquals(1, buffers.kept());
  }

  @Test
  void keepsNoMoreThanItsBound() {
    TensorBuffers buffers = new TensorBuffers(16, 2);
    ByteBuffer a = buffers.take(16);
    ByteBuffer b = buffers.take(16);
    ByteBuffer c = buffers.take(16);
    assertNotSame(a, b);
    assertNotSame(b, c);
    buffers.give(a);
    buffers.give(b);
    buffers.give(c);
    assertEquals(2, buffers.kept());
  }
}
