package io.jinference.server.image;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import io.jinference.server.TestServer;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Real PNGs (written by the JDK's encoder, plain and Adam7-interlaced, grey, RGB and RGBA, odd
 * sizes) and real progressive JPEGs pass the decode-work limits; the refusals themselves are tested
 * over HTTP (HostileInputTest).
 */
class DecodeWorkLimitsTest {
  private static BufferedImage noise(int w, int h, int type) {
    BufferedImage image = new BufferedImage(w, h, type);
    Random random = new Random(w * 31L + h);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        image.setRGB(x, y, random.nextInt());
      }
    }
    return image;
  }

  @Test
  void realPngsPassWhateverTheirLayout() {
    int[][] sizes = {{1, 1}, {3, 5}, {17, 9}, {640, 480}, {8, 1}, {1, 13}};
    int[] types = {
      BufferedImage.TYPE_BYTE_GRAY, BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_INT_ARGB
    };
    for (int[] size : sizes) {
      for (int type : types) {
        for (boolean interlaced : new boolean[] {false, true}) {
          byte[] png = TestServer.encode(noise(size[0], size[1], type), "png", interlaced);
          assertDoesNotThrow(
              () -> DecodeWorkLimits.checkPngData(ByteBuffer.wrap(png)),
              size[0] + "x" + size[1] + " type " + type + (interlaced ? " interlaced" : ""));
        }
      }
    }
  }

  @Test
  void realProgressiveJpegsPass() {
    for (int[] size : new int[][] {{8, 8}, {333, 77}, {640, 480}}) {
      byte[] jpeg =
          TestServer.encode(noise(size[0], size[1], BufferedImage.TYPE_3BYTE_BGR), "jpeg", true);
      assertDoesNotThrow(() -> DecodeWorkLimits.checkJpegScans(ByteBuffer.wrap(jpeg)));
    }
  }
}
