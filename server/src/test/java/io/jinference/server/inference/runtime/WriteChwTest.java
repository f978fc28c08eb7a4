package io.jinference.server.inference.runtime;

import static org.bytedeco.opencv.global.opencv_core.CV_32FC3;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jinference.server.inference.decode.Normalization;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Random;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

/**
 * The tensor layout OpenCV writes: each channel's plane at its place in a padded slot after other
 * slots, rows {@code tensorWidth} apart, in the network's channel order and normalised; nothing
 * outside the image's pixels is touched. Expected values computed here, pixel by pixel.
 */
class WriteChwTest {
  private static final float UNTOUCHED = -7f;

  @Test
  void planesRowsChannelOrderAndPaddingInADirectBuffer() {
    check(true, Normalization.RGB_IMAGENET);
    check(true, Normalization.NANODET);
  }

  @Test
  void theSameInAHeapBuffer() {
    check(false, Normalization.RGB_IMAGENET);
  }

  private static void check(boolean direct, Normalization norm) {
    int w = 37;
    int h = 23;
    int tw = 64;
    int th = 32;
    int before = 3 * tw * th; // one slot written before this one
    int total = before + 3 * tw * th + 5;
    FloatBuffer dst =
        direct
            ? ByteBuffer.allocateDirect(4 * total).order(ByteOrder.nativeOrder()).asFloatBuffer()
            : FloatBuffer.allocate(total);
    for (int i = 0; i < total; i++) {
      dst.put(i, UNTOUCHED);
    }
    float[] bgr = new float[w * h * 3];
    Random random = new Random(7);
    for (int i = 0; i < bgr.length; i++) {
      bgr[i] = random.nextInt(256);
    }
    try (Mat hwc = new Mat(h, w, CV_32FC3);
        FloatPointer data = new FloatPointer(hwc.data())) {
      data.put(bgr);
      dst.position(before);
      Preprocessor.writeChw(hwc, w, h, tw, th, norm, dst);
    }
    assertEquals(before + 3 * tw * th, dst.position());
    for (int i = 0; i < before; i++) {
      assertEquals(UNTOUCHED, dst.get(i), "slot before, " + i);
    }
    for (int c = 0; c < 3; c++) {
      int source = norm.rgb() ? 2 - c : c;
      for (int y = 0; y < th; y++) {
        for (int x = 0; x < tw; x++) {
          float got = dst.get(before + c * tw * th + y * tw + x);
          if (x < w && y < h) {
            float expected = (bgr[(y * w + x) * 3 + source] - norm.mean()[c]) / norm.std()[c];
            assertEquals(expected, got, 1e-4, "c=" + c + " x=" + x + " y=" + y);
          } else {
            assertEquals(UNTOUCHED, got, "padding c=" + c + " x=" + x + " y=" + y);
          }
        }
      }
    }
    for (int i = before + 3 * tw * th; i < total; i++) {
      assertEquals(UNTOUCHED, dst.get(i), "after, " + i);
    }
  }
}
