package io.jinference.server.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The native-memory decoder against java.util.Base64, on the encodings clients send. */
class Base64DecodingTest {
  private static byte[] decode(String text) throws Base64Decoding.MalformedException {
    long length = Base64Decoding.decodedLength(text, 0, text.length());
    try (EncodedBytes out = EncodedBytes.allocate((int) length)) {
      Base64Decoding.decode(text, 0, text.length(), out.view());
      byte[] bytes = new byte[out.length()];
      out.view().get(0, bytes);
      return bytes;
    }
  }

  @Test
  void decodesWhatTheJdkEncodesInEveryAlphabetAndLayout() throws Exception {
    Random random = new Random(7);
    for (int size = 1; size < 300; size++) {
      byte[] data = new byte[size];
      random.nextBytes(data);
      assertArrayEquals(
          data, decode(Base64.getEncoder().encodeToString(data)), "standard, size " + size);
      assertArrayEquals(
          data, decode(Base64.getUrlEncoder().encodeToString(data)), "url-safe, size " + size);
      assertArrayEquals(
          data,
          decode(Base64.getEncoder().withoutPadding().encodeToString(data)),
          "unpadded " + size);
      assertArrayEquals(
          data, decode(Base64.getMimeEncoder().encodeToString(data)), "MIME lines, size " + size);
    }
  }

  @Test
  void skipsSpacesAndLineBreaksAnywhere() throws Exception {
    assertArrayEquals("hello".getBytes(), decode(" aGVs\nbG8=\r\n"));
    assertArrayEquals("hello".getBytes(), decode("aG Vs\tbG8"));
  }

  @Test
  void decodesIntoNativeMemoryAtTheRegionGiven() throws Exception {
    String text = "prefix:aGVsbG8=";
    long length = Base64Decoding.decodedLength(text, 7, text.length());
    assertEquals(5, length);
    try (EncodedBytes out = EncodedBytes.allocate(5)) {
      Base64Decoding.decode(text, 7, text.length(), out.view());
      assertEquals('h', out.pointer().get(0));
      assertEquals('o', out.pointer().get(4));
    }
  }

  @Test
  void refusesWhatTheJdkRefuses() {
    String[] refused = {
      "aGVsbG8*", "aGVsbG8\u0141", "aGVsbG8=x", "a", "aGVsb", "aGVsbG===", "aGVs=bG8=", "aGk=="
    };
    for (String bad : refused) {
      assertThrows(
          IllegalArgumentException.class,
          () -> Base64.getDecoder().decode(bad),
          "the JDK refuses " + bad);
      assertThrows(Base64Decoding.MalformedException.class, () -> decode(bad), bad);
    }
  }

  @Test
  void aBufferTooSmallIsNeverOverrun() {
    ByteBuffer small = ByteBuffer.allocateDirect(2);
    assertThrows(
        IndexOutOfBoundsException.class, () -> Base64Decoding.decode("aGVsbG8=", 0, 8, small));
  }
}
