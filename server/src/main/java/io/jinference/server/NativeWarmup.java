package io.jinference.server;

import ai.onnxruntime.OrtEnvironment;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the native libraries (OpenCV through JavaCPP, ONNX Runtime) on a background thread while Micronaut starts,
 * instead of on the first request. Loading them means unpacking and mapping tens of megabytes of shared objects: it
 * was most of the time from process start to the first inference answered (docs/benchmarks.md, cold start). Both
 * loaders are synchronised, so a request that needs a library before the thread is done simply waits for it.
 */
final class NativeWarmup {
  private static final Logger LOG = LoggerFactory.getLogger(NativeWarmup.class);

  private NativeWarmup() {}

  static void startInBackground() {
    Thread t = new Thread(NativeWarmup::load, "native-warmup");
    t.setDaemon(true);
    t.start();
  }

  private static void load() {
    long started = System.nanoTime();
    try {
      Loader.load(opencv_imgcodecs.class);
      Loader.load(opencv_imgproc.class);
      OrtEnvironment.getEnvironment();
      LOG.debug("Native libraries loaded in {} ms", (System.nanoTime() - started) / 1_000_000);
    } catch (Throwable e) {
      // The first request that needs the library loads it again and reports what is wrong.
      LOG.warn("Loading native libraries ahead of the first request failed: {}", e.toString());
    }
  }
}
