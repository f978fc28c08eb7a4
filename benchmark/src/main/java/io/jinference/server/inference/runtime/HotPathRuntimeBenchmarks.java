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
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
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
  private Mat letterboxed;

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
    letterboxed = new Mat(416, 416, opencv_core.CV_32FC3, new Scalar(114, 90, 30, 0));
    opencv_core.randu(
        letterboxed,
        new Mat(1, 1, opencv_core.CV_64F, new Scalar(0)),
        new Mat(1, 1, opencv_core.CV_64F, new Scalar(255)));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    letterboxed.close();
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

  /** The normalise-into-CHW step alone, as the server does it: OpenCV split and convertTo. */
  @Benchmark
  public FloatBuffer normaliseOpenCv() {
    tensor.rewind();
    Preprocessor.writeChw(letterboxed, 416, 416, 416, 416, Normalization.RGB_UNIT, tensor);
    return tensor;
  }

  /** The same step as it was before: a copy to the heap and a per-pixel Java loop. */
  @Benchmark
  public FloatBuffer normaliseJavaLoop() {
    tensor.rewind();
    int width = 416;
    int height = 416;
    int plane = width * height;
    float[] pixels = new float[width * height * 3];
    try (FloatPointer data = new FloatPointer(letterboxed.data())) {
      data.get(pixels);
    }
    Normalization norm = Normalization.RGB_UNIT;
    for (int c = 0; c < 3; c++) {
      int srcChannel = norm.rgb() ? 2 - c : c;
      float mean = norm.mean()[c];
      float scale = 1f / norm.std()[c];
      int out = c * plane;
      for (int y = 0; y < height; y++) {
        int row = out + y * width;
        for (int x = 0, j = (y * width) * 3 + srcChannel; x < width; x++, j += 3) {
          tensor.put(row + x, (pixels[j] - mean) * scale);
        }
      }
    }
    return tensor;
  }
}
