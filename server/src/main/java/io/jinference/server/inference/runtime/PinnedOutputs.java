package io.jinference.server.inference.runtime;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import io.jinference.server.inference.decode.RawOutputs;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * Output tensors that ONNX Runtime writes into in place (its "pinned outputs"), reused from run to
 * run. Without them every run's outputs are allocated by ONNX Runtime, copied by its Java binding
 * into a new heap buffer ({@code OnnxTensor.getFloatBuffer} copies) and copied once more into the
 * decoders' arrays: for the default model 1.8 MB allocated, zeroed and copied twice per image. Here
 * ONNX Runtime writes straight into native memory the server owns, and one copy makes the decoders'
 * arrays.
 *
 * <p>Only for models whose outputs are all float tensors with every dimension known once the batch
 * is: a fixed shape, or a dynamic first (batch) dimension and the usual one-image run. Anything
 * else, and any run ONNX Runtime refuses with the pinned shapes (a model that declares one shape
 * and answers another), takes the ordinary path: {@link #of} answers null, {@link #disable} stops
 * pinning for good.
 */
final class PinnedOutputs {
  private final OrtEnvironment env;
  private final List<String> names;
  private final List<long[]> shapes;
  private final long batch;
  private final ArrayBlockingQueue<Run> free;
  private volatile boolean disabled;

  /** One run's worth of output tensors and the buffers behind them. */
  static final class Run implements AutoCloseable {
    private final Map<String, OnnxTensor> tensors;
    private final List<FloatBuffer> buffers;

    private Run(Map<String, OnnxTensor> tensors, List<FloatBuffer> buffers) {
      this.tensors = tensors;
      this.buffers = buffers;
    }

    Map<String, OnnxTensor> tensors() {
      return tensors;
    }

    @Override
    public void close() {
      tensors.values().forEach(OnnxTensor::close);
    }
  }

  private PinnedOutputs(
      OrtEnvironment env, List<String> names, List<long[]> shapes, long batch, int keep) {
    this.env = env;
    this.names = names;
    this.shapes = shapes;
    this.batch = batch;
    this.free = new ArrayBlockingQueue<>(Math.max(1, keep));
  }

  /**
   * Pinned outputs for a session's outputs, or null where they cannot be pinned.
   *
   * @param outputs the session's outputs, in its order
   * @param batch the batch the runs use: the static batch, or 1 for a dynamic batch dimension
   * @param keep how many sets are kept (the model's concurrent runs)
   */
  static PinnedOutputs of(OrtEnvironment env, Map<String, NodeInfo> outputs, long batch, int keep) {
    List<String> names = new ArrayList<>();
    List<long[]> shapes = new ArrayList<>();
    for (Map.Entry<String, NodeInfo> e : outputs.entrySet()) {
      if (!(e.getValue().getInfo() instanceof TensorInfo info) || info.type != OnnxJavaType.FLOAT) {
        return null;
      }
      long[] shape = info.getShape().clone();
      for (int i = 0; i < shape.length; i++) {
        if (shape[i] < 1 && i == 0) {
          shape[i] = batch;
        } else if (shape[i] < 1) {
          return null; // known only once the model has run
        }
      }
      if (shape.length == 0 || shape[0] != batch || count(shape) > Integer.MAX_VALUE / 4) {
        return null; // not one run's outputs, or larger than one direct buffer holds
      }
      names.add(e.getKey());
      shapes.add(shape);
    }
    return names.isEmpty() ? null : new PinnedOutputs(env, names, shapes, batch, keep);
  }

  /** Whether a run of this input shape can use pinned outputs. */
  boolean fits(long[] inputShape) {
    return !disabled && inputShape[0] == batch;
  }

  /** A free set, made if none is free. */
  Run take() throws OrtException {
    Run s = free.poll();
    if (s != null) {
      return s;
    }
    Map<String, OnnxTensor> tensors = new LinkedHashMap<>();
    List<FloatBuffer> buffers = new ArrayList<>();
    try {
      for (int i = 0; i < names.size(); i++) {
        FloatBuffer b =
            ByteBuffer.allocateDirect(4 * (int) count(shapes.get(i)))
                .order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        buffers.add(b);
        tensors.put(names.get(i), OnnxTensor.createTensor(env, b, shapes.get(i)));
      }
    } catch (OrtException | RuntimeException e) {
      tensors.values().forEach(OnnxTensor::close);
      throw e;
    }
    return new Run(tensors, buffers);
  }

  /** Gives a set back once its values are copied out; closes it when enough are kept. */
  void give(Run s) {
    if (disabled || !free.offer(s)) {
      s.close();
    }
  }

  /** What the run wrote, copied into the decoders' arrays. */
  RawOutputs copy(Run s) {
    List<RawOutputs.Tensor> tensors = new ArrayList<>(names.size());
    for (int i = 0; i < names.size(); i++) {
      FloatBuffer b = s.buffers.get(i);
      float[] data = new float[b.capacity()];
      b.get(0, data);
      tensors.add(new RawOutputs.Tensor(data, shapes.get(i).clone()));
    }
    return new RawOutputs(names, tensors);
  }

  /** Stops pinning (ONNX Runtime refused a run) and frees the kept sets. */
  void disable() {
    disabled = true;
    close();
  }

  /** Frees the kept sets. */
  void close() {
    for (Run s; (s = free.poll()) != null; ) {
      s.close();
    }
  }

  private static long count(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }
}
