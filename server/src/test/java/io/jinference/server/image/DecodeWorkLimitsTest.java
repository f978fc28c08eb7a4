package io.jinference.server.image;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Real PNGs (written by the JDK's encoder, plain and Adam7-interlaced, grey, RGB and RGBA, odd sizes) and real
 * progressive JPEGs pass the decode-work limits; the refusals themselves are tested over HTTP (HostileInputTest).
 */
class DecodeWorkLimitsTest {
  private static byte[] encode(BufferedImage image, String format, boolean progressive) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
    ImageWriteParam param = writer.getDefaultWriteParam();
    if (progressive) {
      param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
      writer.setOutput(stream);
      writer.write(null, new IIOImage(image, null, null), param);
    }
    writer.dispose();
    return out.toByteArray();
  }

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
  void realPngsPassWhateverTheirLayout() throws IOException {
    int[][] sizes = {{1, 1}, {3, 5}, {17, 9}, {640, 480}, {8, 1}, {1, 13}};
    int[] types = {BufferedImage.TYPE_BYTE_GRAY, BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_INT_ARGB};
    for (int[] size : sizes) {
      for (int type : types) {
        for (boolean interlaced : new boolean[] {false, true}) {
          byte[] png = encode(noise(size[0], size[1], type), "png", interlaced);
          assertDoesNotThrow(() -> DecodeWorkLimits.checkPngData(ByteBuffer.wrap(png)),
              size[0] + "x" + size[1] + " type " + type + (interlaced ? " interlaced" : ""));
        }
      }
    }
  }

  @Test
  void realProgressiveJpegsPass() throws IOException {
    for (int[] size : new int[][] {{8, 8}, {333, 77}, {640, 480}}) {
      byte[] jpeg = encode(noise(size[0], size[1], BufferedImage.TYPE_3BYTE_BGR), "jpeg", true);
      assertDoesNotThrow(() -> DecodeWorkLimits.checkJpegScans(ByteBuffer.wrap(jpeg)));
    }
  }
}
