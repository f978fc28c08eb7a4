package io.jinference.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness against the real server over HTTP (every mode, raw and through the SDK) and
 * in-process; counts come out as sent.
 */
class BenchmarkRunTest {
  private static final Path IMAGES =
      Path.of(System.getProperty("user.dir"))
          .getParent()
          .resolve("server/src/test/resources/images");

  @Test
  void closedOpenLegacyAndInProcessRuns(@TempDir Path dir) throws Exception {
    try (EmbeddedServer server =
        ApplicationContext.run(
            EmbeddedServer.class,
            Map.of(
                "micronaut.server.port",
                -1,
                "model.cache.dir",
                dir.resolve("cache").toString(),
                "offline.mode",
                "true"))) {
      String url = server.getURL().toString();
      Path out = dir.resolve("result.json");
      Statistics closed =
          Benchmark.run(
              Benchmark.Options.parse(
                  "--url",
                  url,
                  "--images",
                  IMAGES.toString(),
                  "--warmup",
                  "2",
                  "--requests",
                  "12",
                  "--clients",
                  "3",
                  "--batch",
                  "2",
                  "--output",
                  out.toString()));
      assertEquals(12, closed.inferencesMade());
      assertEquals(24, closed.imagesProcessed(), "a batch of two per request");
      assertEquals(0, closed.errorRate());
      assertTrue(
          closed.averageExecutionTimePerImageMs() > 0, "the server's X-Processing-Time was read");
      JsonNode json = new ObjectMapper().readTree(out.toFile());
      assertEquals(12, json.path("benchmark_results").path("inferences_made").asInt());
      assertEquals(2, json.path("benchmark_parameters").path("batch_size").asInt());
      assertTrue(json.path("platform").path("cpu_cores").asInt() > 0);

      Statistics open =
          Benchmark.run(
              Benchmark.Options.parse(
                  "--url",
                  url,
                  "--images",
                  IMAGES.toString(),
                  "--warmup",
                  "0",
                  "--requests",
                  "8",
                  "--rate",
                  "40"));
      assertEquals(8, open.inferencesMade());
      Statistics legacy =
          Benchmark.run(
              Benchmark.Options.parse(
                  "--url",
                  url,
                  "--images",
                  IMAGES.toString(),
                  "--warmup",
                  "0",
                  "--requests",
                  "4",
                  "--legacy"));
      assertEquals(4, legacy.inferencesMade(), legacy.errorStatusCodes().toString());
      Statistics missing =
          Benchmark.run(
              Benchmark.Options.parse(
                  "--url",
                  url,
                  "--images",
                  IMAGES.toString(),
                  "--warmup",
                  "0",
                  "--requests",
                  "3",
                  "--model",
                  "no-such-model/1"));
      assertEquals(1.0, missing.errorRate(), "every request failed");
      assertEquals(Map.of("404", 3), missing.errorStatusCodes());
      Statistics sdk =
          Benchmark.run(
              Benchmark.Options.parse(
                  "--url",
                  url,
                  "--images",
                  IMAGES.toString(),
                  "--warmup",
                  "1",
                  "--requests",
                  "6",
                  "--clients",
                  "2",
                  "--sdk"));
      assertEquals(6, sdk.inferencesMade());
      assertEquals(0, sdk.errorRate(), sdk.errorStatusCodes().toString());
      Statistics sdkMissing =
          Benchmark.run(
              Benchmark.Options.parse(
                  "--url",
                  url,
                  "--images",
                  IMAGES.toString(),
                  "--warmup",
                  "0",
                  "--requests",
                  "2",
                  "--sdk",
                  "--model",
                  "no-such-model/1"));
      assertEquals(
          Map.of("404", 2),
          sdkMissing.errorStatusCodes(),
          "the SDK's exception carries the status");
    }
    Statistics inProcess =
        Benchmark.run(
            Benchmark.Options.parse(
                "--in-process", "--images", IMAGES.toString(), "--warmup", "1", "--requests", "5"));
    assertEquals(5, inProcess.inferencesMade());
    assertEquals(0, inProcess.errorRate());
  }

  /**
   * The limit's side: the same ONNX file alone, one random input per run, as many runs as asked.
   */
  @Test
  void onnxRuntimeAloneRunsTheModelFile() throws Exception {
    Path onnx =
        IMAGES
            .getParent()
            .getParent()
            .getParent()
            .resolve("main/resources/models/coco-nanodet/1/weights.onnx");
    for (String spinning : new String[] {"on", "off"}) {
      Statistics alone =
          Benchmark.run(
              Benchmark.Options.parse(
                  "--onnx-alone",
                  onnx.toString(),
                  "--images",
                  IMAGES.toString(),
                  "--intra-op",
                  "1",
                  "--ort-spinning",
                  spinning,
                  "--warmup",
                  "1",
                  "--requests",
                  "4",
                  "--clients",
                  "2"));
      assertEquals(4, alone.inferencesMade(), spinning);
      assertEquals(0, alone.errorRate(), spinning);
    }
  }
}
