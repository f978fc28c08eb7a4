package io.jinference.server.image;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_IGNORE_ORIENTATION;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jinference.server.TestServer;
import java.nio.ByteBuffer;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Sizes read from headers agree with what OpenCV decodes, for every accepted format. */
class ImageHeaderTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "darknet-dog.jpg",
        "darknet-kite.jpg",
        "skimage-astronaut.png",
        "skimage-coffee.png"
      })
  void headerMatchesTheDecodedSize(String photo) {
    byte[] bytes = TestServer.photo(photo);
    ImageHeader h = ImageHeader.read(ByteBuffer.wrap(bytes));
    try (BytePointer p = new BytePointer(bytes);
        Mat buf = new Mat(1, bytes.length, org.bytedeco.opencv.global.opencv_core.CV_8UC1, p);
        Mat img = imdecode(buf, IMREAD_COLOR | IMREAD_IGNORE_ORIENTATION)) {
      assertEquals(img.cols(), h.width());
      assertEquals(img.rows(), h.height());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {".bmp", ".webp", ".png", ".jpg"})
  void reencodedFormatsToo(String extension) {
    byte[] bytes = TestServer.photo("darknet-giraffe.jpg");
    try (BytePointer p = new BytePointer(bytes);
        Mat buf = new Mat(1, bytes.length, org.bytedeco.opencv.global.opencv_core.CV_8UC1, p);
        Mat img = imdecode(buf, IMREAD_COLOR);
        BytePointer out = new BytePointer()) {
      imencode(extension, img, out);
      byte[] encoded = new byte[(int) out.limit()];
      out.get(encoded);
      ImageHeader h = ImageHeader.read(ByteBuffer.wrap(encoded));
      assertEquals(500, h.width(), extension);
      assertEquals(500, h.height(), extension);
    }
  }

  @Test
  void unknownOrTruncatedBytesHaveNoHeader() {
    assertNull(ImageHeader.read(ByteBuffer.wrap("hello world, this is text".getBytes())));
    assertNull(
        ImageHeader.read(ByteBuffer.wrap(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF})));
    assertEquals(
        "jpeg",
        ImageHeader.formatOf(ByteBuffer.wrap(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF})));
  }
}
