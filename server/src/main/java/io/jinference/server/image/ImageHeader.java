package io.jinference.server.image;

import java.nio.ByteBuffer;

/**
 * Width and height read from an encoded image's header, without decoding it, so that a file
 * claiming 60000x60000 pixels is refused before any pixel buffer is allocated. Knows JPEG, PNG,
 * GIF, BMP and WebP: the formats the server accepts.
 *
 * @param format short format name
 * @param width pixels
 * @param height pixels
 */
record ImageHeader(String format, int width, int height) {

  long pixels() {
    return (long) width * height;
  }

  /**
   * The format named by the first bytes (the file signature), or null for none of the accepted
   * formats.
   */
  static String formatOf(ByteBuffer b) {
    if (b.limit() >= 2 && u8(b, 0) == 0xFF && u8(b, 1) == 0xD8) {
      return "jpeg";
    }
    if (b.limit() >= 4
        && u8(b, 0) == 0x89
        && b.get(1) == 'P'
        && b.get(2) == 'N'
        && b.get(3) == 'G') {
      return "png";
    }
    if (b.limit() >= 3 && b.get(0) == 'G' && b.get(1) == 'I' && b.get(2) == 'F') {
      return "gif";
    }
    if (b.limit() >= 2 && b.get(0) == 'B' && b.get(1) == 'M') {
      return "bmp";
    }
    if (b.limit() >= 12
        && b.get(0) == 'R'
        && b.get(1) == 'I'
        && b.get(2) == 'F'
        && b.get(3) == 'F'
        && b.get(8) == 'W'
        && b.get(9) == 'E'
        && b.get(10) == 'B'
        && b.get(11) == 'P') {
      return "webp";
    }
    return null;
  }

  /**
   * The header of {@code b}, or null when the bytes are none of the accepted formats (or are
   * truncated).
   */
  static ImageHeader read(ByteBuffer b) {
    String format = formatOf(b);
    if (format == null) {
      return null;
    }
    try {
      switch (format) {
        case "jpeg":
          return jpeg(b);
        case "png":
          return b.limit() >= 24 ? new ImageHeader(format, be32(b, 16), be32(b, 20)) : null;
        case "gif":
          return new ImageHeader(format, le16(b, 6), le16(b, 8));
        case "bmp":
          return new ImageHeader(format, Math.abs(le32(b, 18)), Math.abs(le32(b, 22)));
        default:
          return webp(b);
      }
    } catch (IndexOutOfBoundsException truncated) {
      return null;
    }
  }

  private static ImageHeader jpeg(ByteBuffer b) {
    int i = 2;
    while (i + 9 < b.limit()) {
      if (u8(b, i) != 0xFF) {
        return null;
      }
      int marker = u8(b, i + 1);
      if (marker == 0xFF) {
        i++;
        continue;
      }
      boolean startOfFrame =
          marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
      if (startOfFrame) {
        return new ImageHeader("jpeg", be16(b, i + 7), be16(b, i + 5));
      }
      if (marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {
        i += 2;
        continue;
      }
      i += 2 + be16(b, i + 2);
    }
    return null;
  }

  private static ImageHeader webp(ByteBuffer b) {
    String chunk = "" + (char) b.get(12) + (char) b.get(13) + (char) b.get(14) + (char) b.get(15);
    switch (chunk) {
      case "VP8 ":
        return new ImageHeader("webp", le16(b, 26) & 0x3FFF, le16(b, 28) & 0x3FFF);
      case "VP8L":
        {
          int bits = le32(b, 21);
          return new ImageHeader("webp", (bits & 0x3FFF) + 1, ((bits >>> 14) & 0x3FFF) + 1);
        }
      case "VP8X":
        return new ImageHeader("webp", le24(b, 24) + 1, le24(b, 27) + 1);
      default:
        return null;
    }
  }

  private static int u8(ByteBuffer b, int i) {
    return b.get(i) & 0xFF;
  }

  private static int be16(ByteBuffer b, int i) {
    return (u8(b, i) << 8) | u8(b, i + 1);
  }

  private static int be32(ByteBuffer b, int i) {
    return (be16(b, i) << 16) | be16(b, i + 2);
  }

  private static int le16(ByteBuffer b, int i) {
    return u8(b, i) | (u8(b, i + 1) << 8);
  }

  private static int le24(ByteBuffer b, int i) {
    return le16(b, i) | (u8(b, i + 2) << 16);
  }

  private static int le32(ByteBuffer b, int i) {
    return le16(b, i) | (le16(b, i + 2) << 16);
  }
}
