package io.jinference.server.inference.decode;

import java.util.Arrays;
import java.util.List;

/**
 * A session's float outputs, copied out of native memory so the session's result can be closed at
 * once.
 */
public final class RawOutputs {
  /** One output: its values (row-major) and shape. */
  public static final class Tensor {
    final float[] data;
    final long[] shape;

    public Tensor(float[] data, long[] shape) {
      this.data = data;
      this.shape = shape;
    }

    /** The values, row-major (the array itself: callers must not change it). */
    public float[] values() {
      return data;
    }

    /** The shape. */
    public long[] shape() {
      return shape.clone();
    }

    int dim(int i) {
      return (int) shape[i];
    }

    @Override
    public String toString() {
      return Arrays.toString(shape);
    }
  }

  private final List<String> names;
  private final List<Tensor> tensors;

  public RawOutputs(List<String> names, List<Tensor> tensors) {
    this.names = names;
    this.tensors = tensors;
  }

  /** The output at {@code index}, in the session's order. */
  public Tensor get(int index) {
    return tensors.get(index);
  }

  Tensor get(String name) {
    int i = names.indexOf(name);
    if (i < 0) {
      throw new IllegalStateException("model has no output named " + name + "; outputs: " + names);
    }
    return tensors.get(i);
  }

  /** The outputs' names, in the session's order. */
  public List<String> names() {
    return List.copyOf(names);
  }

  public int size() {
    return tensors.size();
  }
}
