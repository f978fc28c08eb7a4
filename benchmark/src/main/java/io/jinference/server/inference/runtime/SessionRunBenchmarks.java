package io.jinference.server.inference.runtime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.jinference.server.inference.decode.RawOutputs;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One session run of the default model ({@code coco-nanodet/1}, the server's session options: 2
 * intra-op threads, no spinning) on a fixed random input, three ways: ONNX Runtime alone (outputs
 * left in ONNX Runtime's memory and dropped, the limit issue #18 compares with), the server's old
 * way (ONNX Runtime allocates the outputs, its Java binding copies them to a heap buffer, the
 * server copies that into the decoders' arrays) and the server's way now ({@link PinnedOutputs}:
 * ONNX Runtime writes into reused native buffers, one copy into the decoders' arrays).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SessionRunBenchmarks {
  private OrtEnvironment env;
  private OrtSession session;
  private String input;
  private FloatBuffer values;
  private long[] shape;
  private PinnedOutputs pinned;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    env = OnnxRuntimeEnvironment.get();
    session =
        OnnxRuntimeEnvironment.openFoundation(
            java.nio.file.Path.of("server/src/main/resources/models/coco-nanodet/1/weights.onnx"),
            2);
    input = session.getInputNames().iterator().next();
    shape = ((TensorInfo) session.getInputInfo().get(input).getInfo()).getShape();
    int n = (int) (shape[0] * shape[1] * shape[2] * shape[3]);
    values = ByteBuffer.allocateDirect(4 * n).order(ByteOrder.nativeOrder()).asFloatBuffer();
    Random random = new Random(1);
    for (int i = 0; i < n; i++) {
      values.put(i, random.nextFloat());
    }
    pinned = PinnedOutputs.of(env, session.getOutputInfo(), 1, 1);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    pinned.close();
    session.close();
  }

  /** ONNX Runtime alone: the run, outputs not read. */
  @Benchmark
  public int runAlone() throws Exception {
    try (OnnxTensor tensor = OnnxTensor.createTensor(env, values, shape);
        OrtSession.Result result = session.run(Map.of(input, tensor))) {
      return result.size();
    }
  }

  /**
   * The run with the outputs read as the server read them before pinned outputs (and still reads
   * those of models it cannot pin).
   */
  @Benchmark
  public RawOutputs runOutputsCopiedTwice() throws Exception {
    try (OnnxTensor tensor = OnnxTensor.createTensor(env, values, shape);
        OrtSession.Result result = session.run(Map.of(input, tensor))) {
      return OnnxModel.copy(result);
    }
  }

  /** The run as the server makes it now: pinned outputs, one copy. */
  @Benchmark
  public RawOutputs runOutputsPinned() throws Exception {
    PinnedOutputs.Run run = pinned.take();
    try (OnnxTensor tensor = OnnxTensor.createTensor(env, values, shape);
        OrtSession.Result ignored = session.run(Map.of(input, tensor), run.tensors())) {
      return pinned.copy(run);
    } finally {
      pinned.give(run);
    }
  }
}
