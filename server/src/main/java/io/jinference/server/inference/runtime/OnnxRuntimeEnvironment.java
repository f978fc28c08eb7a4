package io.jinference.server.inference.runtime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's ONNX Runtime environment, made with Microsoft's telemetry off.
 *
 * <p>ONNX Runtime's Linux and macOS builds (1.29 on) collect usage telemetry for Microsoft unless
 * {@value #OPT_OUT}{@code =1} is in the process environment when the native library loads: they
 * write a device id under {@code ~/.cache/Microsoft}, an event database, a {@code
 * /tmp/mat-debug-<pid>.log} per process, and upload when the network allows. Its start-up also
 * reads {@code /proc/self/cmdline} with a recursion that overflows a 1 MB thread stack once the
 * command line passes about 4 KB (a long {@code -cp}): the JVM dies of SIGSEGV. Java cannot write
 * its own environment, so this sets the variable through libc (JNA) before the first ONNX Runtime
 * class loads; an operator's own value, {@code ORT_DISABLE_TELEMETRY=0} included, is kept.
 *
 * <pre>{@code
 * OrtEnvironment env = OnnxRuntimeEnvironment.get();
 * }</pre>
 */
public final class OnnxRuntimeEnvironment {
  /** ONNX Runtime's opt-out, read once when its native library loads. */
  public static final String OPT_OUT = "ORT_DISABLE_TELEMETRY";

  private static final Logger LOG = LoggerFactory.getLogger(OnnxRuntimeEnvironment.class);
  private static boolean optedOut;

  private OnnxRuntimeEnvironment() {}

  /** The one environment; the telemetry opt-out is in place before ONNX Runtime loads. */
  public static OrtEnvironment get() {
    return Holder.ENV;
  }

  /**
   * Puts {@value #OPT_OUT}{@code =1} into the process environment unless it holds a value already.
   * Call it before anything touches an {@code ai.onnxruntime} class; later calls do nothing.
   */
  public static synchronized void disableTelemetry() {
    if (optedOut) {
      return;
    }
    optedOut = true;
    if (System.getenv(OPT_OUT) != null || Platform.isWindows()) {
      // Windows builds report through ETW instead; setTelemetry(false) below covers them.
      return;
    }
    try {
      int status = LibC.INSTANCE.setenv(OPT_OUT, "1", 0);
      if (status != 0) {
        LOG.warn(
            "Could not set {}=1 (setenv: {}): ONNX Runtime's telemetry stays on", OPT_OUT, status);
      }
    } catch (LinkageError | RuntimeException e) {
      LOG.warn(
          "Could not set {}=1 ({}): ONNX Runtime's telemetry stays on; set it in the environment",
          OPT_OUT,
          e.toString());
    }
  }

  /**
   * The session options the foundation models share (PP-OCR, depth, CLIP): {@code intraOpThreads}
   * threads, one inter-op thread, idle threads not spinning, every graph optimisation. The caller
   * closes them.
   */
  public static OrtSession.SessionOptions foundationOptions(int intraOpThreads)
      throws OrtException {
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    options.setIntraOpNumThreads(intraOpThreads);
    options.setInterOpNumThreads(1);
    options.addConfigEntry("session.intra_op.allow_spinning", "0");
    options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
    return options;
  }

  /** A foundation model's session on {@code file}, with {@link #foundationOptions(int)}. */
  public static OrtSession openFoundation(java.nio.file.Path file, int intraOpThreads)
      throws OrtException {
    try (OrtSession.SessionOptions options = foundationOptions(intraOpThreads)) {
      return get().createSession(file.toString(), options);
    }
  }

  /** Closes the session, if any, ignoring a failure (the model is going away anyway). */
  public static void closeQuietly(OrtSession session) {
    if (session != null) {
      try {
        session.close();
      } catch (OrtException e) {
        // closing anyway
      }
    }
  }

  private interface LibC extends Library {
    LibC INSTANCE = Native.load(Platform.C_LIBRARY_NAME, LibC.class);

    int setenv(String name, String value, int overwrite);
  }

  private static final class Holder {
    static final OrtEnvironment ENV = create();

    private static OrtEnvironment create() {
      disableTelemetry();
      OrtEnvironment env = OrtEnvironment.getEnvironment();
      try {
        env.setTelemetry(false);
      } catch (OrtException e) {
        LOG.warn("ONNX Runtime refused to turn its telemetry off: {}", e.getMessage());
      }
      return env;
    }
  }
}
