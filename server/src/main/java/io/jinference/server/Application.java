package io.jinference.server;

import io.jinference.server.inference.runtime.OnnxRuntimeEnvironment;
import io.micronaut.runtime.Micronaut;

/**
 * Starts the server: {@code PORT} (default 9001) and {@code HOST} as Roboflow's inference server.
 */
public final class Application {
  private Application() {}

  /**
   * JavaCPP's OpenCV tries its {@code -gpu} variant first unless told which to load, looking for
   * twenty CUDA libraries on the class path in vain: 0.7 s of the first request's time after a
   * start (docs/benchmarks.md, cold start). The server ships the CPU variant only; a setting given
   * on the command line wins.
   */
  static final String JAVACPP_EXTENSION = "org.bytedeco.javacpp.platform.extension";

  public static void main(String[] args) {
    // Before ONNX Runtime loads (its native library reads the opt-out once, at load), beside
    // Micronaut's start: the first use of ONNX Runtime waits for it (docs/configuration.md).
    Thread optOut = new Thread(OnnxRuntimeEnvironment::disableTelemetry, "ort-telemetry-off");
    optOut.setDaemon(true);
    optOut.start();
    if (System.getProperty(JAVACPP_EXTENSION) == null) {
      System.setProperty(JAVACPP_EXTENSION, "");
    }
    AheadOfTime.loadOptimizations();
    Micronaut server = Micronaut.build(args).mainClass(Application.class).banner(false);
    AheadOfTime.configure(server);
    server.start();
  }
}
