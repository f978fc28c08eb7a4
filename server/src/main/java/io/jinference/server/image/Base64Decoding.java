package io.jinference.server.image;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Base64 text to bytes in native memory in one pass: no {@code getBytes} copy of the text, no whitespace-free copy,
 * no heap array to copy into native memory afterwards ({@code java.util.Base64} only decodes into heap arrays).
 * Accepts what Roboflow's server accepts from clients: the standard and URL-safe alphabets, padding or none, line
 * breaks and spaces anywhere (MIME-style text).
 */
final class Base64Decoding {
  private static final byte[] VALUES = new byte[128];

  static {
    Arrays.fill(VALUES, (byte) -1);
    String standard = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < standard.length(); i++) {
      VALUES[standard.charAt(i)] = (byte) i;
    }
    VALUES['-'] = 62;
    VALUES['_'] = 63;
  }

  /** Malformed text: a character outside the alphabets, misplaced padding, or a lone trailing character. */
  static final class MalformedException extends Exception {
    MalformedException() {
      super(null, null, false, false);
    }
  }

  private Base64Decoding() {}

  /** How many bytes {@code text[from, to)} decodes to, counting neither whitespace nor padding. */
  static long decodedLength(CharSequence text, int from, int to) {
    long symbols = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < 128 && VALUES[c] >= 0) {
        symbols++;
      }
    }
    return symbols * 3 / 4;
  }

  /**
   * Decodes {@code text[from, to)} into {@code out} from index 0; {@code out}'s capacity must be
   * {@link #decodedLength}.
   */
  static void decode(CharSequence text, int from, int to, ByteBuffer out) throws MalformedException {
    int bits = 0;
    int pending = 0;
    int written = 0;
    int i = from;
    for (; i < to; i++) {
      char c = text.charAt(i);
      int v = c < 128 ? VALUES[c] : -1;
      if (v >= 0) {
        bits = bits << 6 | v;
        if (++pending == 4) {
          out.put(written, (byte) (bits >> 16));
          out.put(written + 1, (byte) (bits >> 8));
          out.put(written + 2, (byte) bits);
          written += 3;
          pending = 0;
          bits = 0;
        }
      } else if (c == '=') {
        break;
      } else if (!isWhitespace(c)) {
        throw new MalformedException();
      }
    }
    int padding = 0;
    for (; i < to; i++) {
      char c = text.charAt(i);
      if (c == '=') {
        padding++;
      } else if (!isWhitespace(c)) {
        throw new MalformedException(); // data after padding
      }
    }
    if (pending == 1 || padding > 2 || (padding > 0 && pending + padding != 4)) {
      throw new MalformedException();
    }
    if (pending == 2) {
      out.put(written, (byte) (bits >> 4));
    } else if (pending == 3) {
      out.put(written, (byte) (bits >> 10));
      out.put(written + 1, (byte) (bits >> 2));
    }
  }

  private static boolean isWhitespace(char c) {
    return c == '\n' || c == '\r' || c == ' ' || c == '\t';
  }
}
