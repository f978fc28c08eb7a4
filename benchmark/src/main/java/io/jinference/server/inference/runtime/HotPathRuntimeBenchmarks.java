package io.jinference.server.inference.runtime;

import io.jinference.server.image.DecodedImage;
import io.jinference.server.image.ImageDecoder;
import io.jinference.server.inference.decode.InputTransform;
import io.jinference.server.inference.decode.Normalization;
import io.jinference.server.inference.task.PreprocessFlags;
import io.jinference.server.model.Preprocessing;
import io.jinference.server.model.ResizeSpec;
import io.micronaut.context.ApplicationContext;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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
 * The runtime's hot steps on the test photo (768 x 576): letterbox and normalise into a 416 x 416
 * tensor, and an input tensor's buffer allocated or taken from the pool. Lives in the server's
 * runtime package to reach its package-private steps. Run with the others: {@code java -cp
 * benchmark/target/jinference-benchmark.jar org.openjdk.jmh.Main HotPath} (see docs/benchmarks.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HotPathRuntimeBenchmarks {
  private static final int TENSOR_BYTES = 4 * 3 * 416 * 416;

  private ApplicationContext context;
  private DecodedImage photo;
  private FloatBuffer tensor;
  private Preprocessing letterbox;
  private TensorBuffers tensors;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    context =
        ApplicationContext.builder().properties(Map.of("micronaut.server.enabled", false)).start();
    byte[] jpeg =
        Files.readAllBytes(
            Path.of(
                System.getProperty("photo", "server/src/test/resources/images/darknet-dog.jpg")));
    photo = context.getBean(ImageDecoder.class).decode(jpeg, true);
    tensor = ByteBuffer.allocateDirect(TENSOR_BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    letterbox =
        new Preprocessing(
            false, null, null, false, new ResizeSpec(416, 416, ResizeSpec.Mode.FIT_BLACK));
    tensors = new TensorBuffers(TENSOR_BYTES, 2);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    photo.close();
    context.close();
  }

  @Benchmark
  public InputTransform letterboxAndNormalise() {
    tensor.rewind();
    return Preprocessor.fill(
        photo, letterbox, PreprocessFlags.NONE, 416, 416, 416, 416, Normalization.RGB_UNIT, tensor);
  }

  /**
   * A fresh direct buffer for a 416 x 416 input, as every request took before the pool (zeroed by
   * the JVM).
   */
  @Benchmark
  public ByteBuffer inputTensorAllocated() {
    ByteBuffer b = ByteBuffer.allocateDirect(TENSOR_BYTES).order(ByteOrder.nativeOrder());
    b.put(0, (byte) 1);
    return b;
  }

  /** The same from the model's pool (TensorBuffers), given back after use. */
  @Benchmark
  public byte inputTensorPooled() {
    ByteBuffer b = tensors.take(TENSOR_BYTES);
    b.put(0, (byte) 1);
    byte v = b.get(0);
    tensors.give(b);
    return v;
  }
}
