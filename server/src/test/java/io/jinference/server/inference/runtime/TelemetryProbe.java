package io.jinference.server.inference.runtime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;

/**
 * Run in a JVM of its own by {@link OnnxRuntimeEnvironmentTest}: loads ONNX Runtime either through
 * {@link OnnxRuntimeEnvironment} ({@code server}) or directly ({@code direct}), then opens a model.
 */
final class TelemetryProbe {
  private TelemetryProbe() {}

  public static void main(String[] args) throws Exception {
    OrtEnvironment env =
        args[0].equals("server") ? OnnxRuntimeEnvironment.get() : OrtEnvironment.getEnvironment();
    try (OrtSession session = env.createSession(args[1])) {
      System.out.println("inputs " + session.getInputNames());
    }
  }
}
