package io.jinference.server.inference;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** A session's float outputs copied out of native memory, so the session's result can be closed at once. */
final class RawOutputs {
  /** One output: its values (row-major) and shape. */
  static final class Tensor {
    final float[] data;
    final long[] shape;

    Tensor(float[] data, long[] shape) {
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

  RawOutputs(List<String> names, List<Tensor> tensors) {
    this.names = names;
    this.tensors = tensors;
  }

  static RawOutputs copy(OrtSession.Result result) throws OrtException {
    List<String> names = new ArrayList<>();
    List<Tensor> tensors = new ArrayList<>();
    for (Map.Entry<String, OnnxValue> e : result) {
      OnnxTensor t = (OnnxTensor) e.getValue();
      FloatBuffer buffer = t.getFloatBuffer();
      if (buffer == null) {
        throw new IllegalStateException("output " + e.getKey() + " is not a float tensor");
      }
      float[] data = new float[buffer.remaining()];
      buffer.get(data);
      names.add(e.getKey());
      tensors.add(new Tensor(data, t.getInfo().getShape()));
    }
    return new RawOutputs(names, tensors);
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
