package io.jinference.server.image;

import io.jinference.server.error.InputImageLoadException;
import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Refuses encoded images whose decoding would cost far more than their declared pixels, before
 * OpenCV sees them: a progressive JPEG with an absurd number of scans (each scan is another pass
 * over the whole image: 20,000 empty scans in 200 KB take a decoder 40 s) and a PNG whose
 * compressed data inflates to more than its rows need (libpng inflates the excess too: 14 MB of
 * deflate can hold 14 GB). Normal images pass: a progressive JPEG has about ten scans, and a PNG's
 * data inflates to exactly its rows.
 */
final class DecodeWorkLimits {
  /** Scans of a progressive JPEG beyond which it is refused; encoders write 6 to 20. */
  static final int MAX_JPEG_SCANS = 100;

  private DecodeWorkLimits() {}

  static void check(ImageHeader header, ByteBuffer bytes) {
    if (header.format().equals("jpeg")) {
      checkJpegScans(bytes);
    } else if (header.format().equals("png")) {
      checkPngData(bytes);
    }
  }

  /**
   * Counts the scans of a progressive JPEG (start-of-scan markers outside the entropy-coded data).
   */
  static void checkJpegScans(ByteBuffer b) {
    int i = 2;
    int scans = 0;
    boolean progressive = false;
    int n = b.limit();
    while (i + 3 < n) {
      if ((b.get(i) & 0xFF) != 0xFF) {
        return; // not at a marker: let the decoder report the damage
      }
      int marker = b.get(i + 1) & 0xFF;
      if (marker == 0xFF) {
        i++;
        continue;
      }
      if (marker == 0xD9) {
        return; // end of image
      }
      if (marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {
        i += 2;
        continue;
      }
      int length = ((b.get(i + 2) & 0xFF) << 8) | (b.get(i + 3) & 0xFF);
      if (marker == 0xC2 || marker == 0xC6 || marker == 0xCA || marker == 0xCE) {
        progressive = true;
      } else if (marker >= 0xC0
          && marker <= 0xCF
          && marker != 0xC4
          && marker != 0xC8
          && marker != 0xCC) {
        return; // a sequential frame: at most one scan per component
      }
      i += 2 + length;
      if (marker == 0xDA) {
        if (++scans > MAX_JPEG_SCANS && progressive) {
          throw new InputImageLoadException(
              "Could not decode bytes into image: the progressive JPEG has more than "
                  + MAX_JPEG_SCANS
                  + " scans.");
        }
        i = afterEntropyCodedData(b, i);
      }
    }
  }

  /**
   * The position of the next marker after a scan's entropy-coded data (FF 00 and restart markers
   * are data).
   */
  private static int afterEntropyCodedData(ByteBuffer b, int from) {
    int n = b.limit();
    for (int i = from; i + 1 < n; i++) {
      if ((b.get(i) & 0xFF) == 0xFF) {
        int next = b.get(i + 1) & 0xFF;
        if (next != 0x00 && !(next >= 0xD0 && next <= 0xD7) && next != 0xFF) {
          return i;
        }
      }
    }
    return n;
  }

  /**
   * Inflates the PNG's image data without keeping it, and refuses it as soon as it passes what the
   * header's rows need (filter bytes included; the interlaced layout adds at most two bytes per row
   * and pass).
   */
  static void checkPngData(ByteBuffer bytes) {
    ByteBuffer b =
        bytes
            .duplicate()
            .order(java.nio.ByteOrder.BIG_ENDIAN); // PNG is big-endian; native memory may not be
    if (b.limit() < 33) {
      return;
    }
    long width = b.getInt(16) & 0xFFFFFFFFL;
    long height = b.getInt(20) & 0xFFFFFFFFL;
    int depth = b.get(24) & 0xFF;
    int channels;
    switch (b.get(25) & 0xFF) {
      case 0:
      case 3:
        channels = 1;
        break;
      case 2:
        channels = 3;
        break;
      case 4:
        channels = 2;
        break;
      case 6:
        channels = 4;
        break;
      default:
        return; // the decoder refuses an unknown colour type
    }
    boolean interlaced = (b.get(28) & 0xFF) != 0;
    long rowBytes = (width * channels * depth + 7) / 8;
    // Adam7 interlacing: up to 7 passes, each row of each pass with its filter byte and a partly
    // used last byte.
    long needed = height * (rowBytes + 1) + (interlaced ? 14 * (height + 8) : 0);
    Inflater inflater = new Inflater();
    byte[] scratch = new byte[64 * 1024];
    long inflated = 0;
    try {
      int i = 8;
      while (i + 8 <= b.limit() && !inflater.finished()) {
        long length = b.getInt(i) & 0xFFFFFFFFL;
        boolean idat =
            b.get(i + 4) == 'I'
                && b.get(i + 5) == 'D'
                && b.get(i + 6) == 'A'
                && b.get(i + 7) == 'T';
        long end = i + 8 + length;
        if (end > b.limit()) {
          return; // truncated: the decoder reports it
        }
        if (idat) {
          inflater.setInput(b.slice(i + 8, (int) length));
          while (!inflater.needsInput() && !inflater.finished()) {
            inflated += inflater.inflate(scratch);
            if (inflated > needed) {
              throw new InputImageLoadException(
                  "Could not decode bytes into image: the PNG image data inflates to "
                      + "more than its declared "
                      + width
                      + "x"
                      + height
                      + " pixels need.");
            }
            if (inflater.needsDictionary()) {
              return;
            }
          }
        }
        i = (int) end + 4; // the chunk's CRC
      }
    } catch (DataFormatException e) {
      // corrupt deflate data: the decoder reports it
    } finally {
      inflater.end();
    }
  }
}
