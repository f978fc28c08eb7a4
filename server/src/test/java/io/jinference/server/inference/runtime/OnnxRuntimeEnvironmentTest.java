package io.jinference.server.inference.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ONNX Runtime 1.29's Linux build collects telemetry for Microsoft unless told not to, and crashes
 * the JVM at load when the command line is longer than about 4 KB. Each case starts a JVM of its
 * own in a bare environment (no CI variables, which ONNX Runtime also reads as an opt-out) with its
 * own home directory, and looks at what ONNX Runtime left behind.
 */
class OnnxRuntimeEnvironmentTest {
  private static final String MODEL = "src/main/resources/models/coco-nanodet/1/weights.onnx";
  private static final Path DEVICE_ID =
      Path.of(".cache", "Microsoft", "DeveloperTools", ".onnxruntime", "deviceid");

  @TempDir Path home;

  @Test
  void theServersEnvironmentLeavesNoTelemetryBehindAndSurvivesALongCommandLine() throws Exception {
    Run run = probe("server", "x".repeat(6000), Map.of());
    assertEquals(0, run.exit, run.output);
    assertTrue(run.output.contains("inputs ["), run.output);
    assertFalse(Files.exists(home.resolve(DEVICE_ID)), "a telemetry device id was written");
    assertFalse(Files.exists(run.debugLog()), "ONNX Runtime's telemetry wrote " + run.debugLog());
  }

  /** The control: without the opt-out, this ONNX Runtime does collect (what the fix is for). */
  @Test
  void onnxRuntimeAloneWritesItsTelemetryDeviceId() throws Exception {
    Run run = probe("direct", "short", Map.of());
    assertEquals(0, run.exit, run.output);
    assertTrue(Files.exists(home.resolve(DEVICE_ID)), "no device id: is the telemetry gone?");
    Files.deleteIfExists(run.debugLog());
  }

  @Test
  void anOperatorsOwnChoiceIsKept() throws Exception {
    Run run = probe("server", "short", Map.of(OnnxRuntimeEnvironment.OPT_OUT, "0"));
    assertEquals(0, run.exit, run.output);
    assertTrue(Files.exists(home.resolve(DEVICE_ID)), "ORT_DISABLE_TELEMETRY=0 was overridden");
    Files.deleteIfExists(run.debugLog());
  }

  private Run probe(String mode, String padding, Map<String, String> extra)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Dpadding=" + padding);
    command.add(TelemetryProbe.class.getName());
    command.add(mode);
    command.add(MODEL);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.clear();
    env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    env.put("HOME", home.toString());
    env.put("CLASSPATH", System.getProperty("java.class.path"));
    env.putAll(extra);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the probe did not finish");
    return new Run(process.exitValue(), output, process.pid());
  }

  private static final class Run {
    final int exit;
    final String output;
    final long pid;

    Run(int exit, String output, long pid) {
      this.exit = exit;
      this.output = output;
      this.pid = pid;
    }

    Path debugLog() {
      return Path.of(System.getProperty("java.io.tmpdir"), "mat-debug-" + pid + ".log");
    }
  }
}
