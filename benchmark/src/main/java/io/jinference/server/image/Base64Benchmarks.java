package io.jinference.server.image;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.BytePointer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Base64 text of the test photo (218 KB) to bytes in native memory, where OpenCV reads them: the
 * server's decoder writing there directly, against the JDK's decoder into a heap array that is then
 * copied to native memory. Lives in the server's image package to reach its package-private
 * decoder. Run: {@code java -cp benchmark/target/jinference-benchmark.jar org.openjdk.jmh.Main
 * Base64Benchmarks}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class Base64Benchmarks {
  private String base64;

  @Setup
  public void setUp() throws Exception {
    base64 =
        Base64.getEncoder()
            .encodeToString(
                Files.readAllBytes(
                    Path.of(
                        System.getProperty(
                            "photo", "server/src/test/resources/images/darknet-dog.jpg"))));
  }

  @Benchmark
  public byte serverDecoderIntoNativeMemory() throws Exception {
    int length = (int) Base64Decoding.decodedLength(base64, 0, base64.length());
    try (EncodedBytes bytes = EncodedBytes.allocate(length)) {
      Base64Decoding.decode(base64, 0, base64.length(), bytes.view());
      return bytes.view().get(length - 1);
    }
  }

  @Benchmark
  public byte jdkDecoderThenCopyToNativeMemory() {
    byte[] decoded = Base64.getDecoder().decode(base64);
    try (BytePointer bytes = new BytePointer(decoded)) {
      return bytes.get(decoded.length - 1);
    }
  }
}
