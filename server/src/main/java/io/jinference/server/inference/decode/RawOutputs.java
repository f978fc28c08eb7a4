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

  Tensor get(int index) {
    return tensors.get(index);
  }

  Tensor get(String name) {
    int i = names.indexOf(name);
    if (i < 0) {
      throw new IllegalStateException("model has no output named " + name + "; outputs: " + names);
    }
    return tensors.get(i);
  }

  int size() {
    return tensors.size();
  }
}
