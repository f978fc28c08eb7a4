package io.jinference.benchmark;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.jinference.server.inference.runtime.OnnxRuntimeEnvironment;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * The limit the server is measured against (issue #18): ONNX Runtime alone on the same ONNX file,
 * one session shared by the clients, each client running its own random input tensor of the model's
 * input shape, nothing else (no image, no HTTP, no JSON, no output decoding). {@code --intra-op N}
 * sets the session's intra-op threads; {@code --ort-spinning off} turns off the spinning of idle
 * intra-op threads, as the server does (ONNX Runtime's default is on).
 */
final class OnnxAlone implements Target {
  private final OrtEnvironment env = OnnxRuntimeEnvironment.get();
  private final OrtSession session;
  private final String input;
  private final long[] shape;
  private final ThreadLocal<OnnxTensor> tensors;

  OnnxAlone(Path onnx, int intraOpThreads, boolean spinning) throws OrtException {
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(intraOpThreads);
      options.setInterOpNumThreads(1);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      if (!spinning) {
        options.addConfigEntry("session.intra_op.allow_spinning", "0");
      }
      this.session = env.createSession(onnx.toString(), options);
    }
    Map.Entry<String, NodeInfo> first = session.getInputInfo().entrySet().iterator().next();
    this.input = first.getKey();
    long[] declared = ((TensorInfo) first.getValue().getInfo()).getShape();
    this.shape = declared.clone();
    for (int i = 0; i < shape.length; i++) {
      if (shape[i] < 1) {
        shape[i] = i == 0 ? 1 : 640; // a dynamic dimension: batch 1, or Roboflow's 640 input
      }
    }
    this.tensors = ThreadLocal.withInitial(this::randomTensor);
  }

  private OnnxTensor randomTensor() {
    long size = 1;
    for (long d : shape) {
      size *= d;
    }
    FloatBuffer values = FloatBuffer.allocate((int) size);
    Random random = new Random(size);
    while (values.hasRemaining()) {
      values.put(random.nextFloat());
    }
    values.flip();
    try {
      return OnnxTensor.createTensor(env, values, shape);
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public CompletableFuture<Statistics.Outcome> send(byte[] body, int images) {
    long started = System.nanoTime();
    try (OrtSession.Result result = session.run(Map.of(input, tensors.get()))) {
      if (result.size() == 0) {
        throw new IllegalStateException("no outputs");
      }
      return CompletableFuture.completedFuture(
          new Statistics.Outcome(200, 0, 1, (System.nanoTime() - started) / 1e9));
    } catch (OrtException | RuntimeException e) {
      return CompletableFuture.completedFuture(new Statistics.Outcome(0, 0, images, null));
    }
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    }
  }
}
