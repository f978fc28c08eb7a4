package io.jinference.server.image;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;

/**
 * Base64 text to bytes in native memory, chunk by chunk: no copy of the whole text as bytes, no
 * whitespace-free copy, no image-sized heap array to copy into native memory afterwards ({@code
 * java.util.Base64} alone decodes only into heap arrays); each 4 KB chunk passes through small
 * arrays that stay in the CPU cache. Accepts what Roboflow's server accepts from clients: the
 * standard and URL-safe alphabets, padding or none, line breaks and spaces anywhere (MIME-style
 * text).
 */
final class Base64Decoding {
  private static final byte[] VALUES = new byte[128];
  private static final int CHUNK = 4096;

  static {
    Arrays.fill(VALUES, (byte) -1);
    String standard = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < standard.length(); i++) {
      VALUES[standard.charAt(i)] = (byte) i;
    }
    VALUES['-'] = 62;
    VALUES['_'] = 63;
  }

  /**
   * Malformed text: a character outside the alphabets, misplaced padding, or a lone trailing
   * character.
   */
  static final class MalformedException extends Exception {
    MalformedException() {
      super(null, null, false, false);
    }
  }

  private Base64Decoding() {}

  /**
   * How many bytes {@code text[from, to)} decodes to, counting neither whitespace nor padding (nor,
   * when the text has no whitespace, characters outside the alphabets: {@link #decode} refuses
   * those).
   */
  static long decodedLength(String text, int from, int to) {
    if (!hasWhitespace(text, from, to)) {
      int end = to;
      while (end > from && text.charAt(end - 1) == '=') {
        end--;
      }
      return (long) (end - from) * 3 / 4;
    }
    long symbols = 0;
    for (int i = from; i < to; i++) {
      if (value(text.charAt(i)) >= 0) {
        symbols++;
      }
    }
    return symbols * 3 / 4;
  }

  /**
   * String.indexOf is vectorised; four scans of the text cost less than one loop over its chars.
   */
  private static boolean hasWhitespace(String text, int from, int to) {
    return contains(text, '\n', from, to)
        || contains(text, '\r', from, to)
        || contains(text, ' ', from, to)
        || contains(text, '\t', from, to);
  }

  /**
   * Decodes {@code text[from, to)} into {@code out} from index 0; {@code out}'s capacity must be
   * {@link #decodedLength}. The text is read in chunks (String.getChars, a bulk copy into a small
   * array that stays in the CPU cache) and each chunk's bytes are staged in a 3 KB array and put
   * into {@code out} in one bulk copy: a direct buffer's single-byte writes are checked one by one
   * and cost twice the whole decode.
   */
  static void decode(String text, int from, int to, ByteBuffer out) throws MalformedException {
    if (hasWhitespace(text, from, to)) {
      decodeSpaced(text, from, to, out);
    } else {
      decodeCompact(text, from, to, out);
    }
  }

  /**
   * Text without whitespace (what clients send): each chunk of chars is narrowed to bytes and
   * decoded by the JDK's decoder (the fast one), then put into {@code out}.
   */
  private static void decodeCompact(String text, int from, int to, ByteBuffer out)
      throws MalformedException {
    boolean urlSafe = contains(text, '-', from, to) || contains(text, '_', from, to);
    Base64.Decoder jdk = urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder();
    char[] chars = new char[CHUNK];
    byte[] symbols = new byte[CHUNK];
    byte[] staged = new byte[CHUNK / 4 * 3];
    int written = 0;
    try {
      for (int base = from; base < to; base += CHUNK) {
        int n = Math.min(CHUNK, to - base);
        text.getChars(base, base + n, chars, 0);
        int seen = 0;
        for (int i = 0; i < n; i++) {
          seen |= chars[i];
          symbols[i] = (byte) chars[i];
        }
        if (seen >= 128) {
          throw new MalformedException(); // narrowing would turn such a char into another symbol
        }
        // chunks hold whole groups of four (CHUNK is a multiple of 4); only the last may be shorter
        // or padded
        int k = jdk.decode(n == CHUNK ? symbols : Arrays.copyOf(symbols, n), staged);
        out.put(written, staged, 0, k);
        written += k;
      }
    } catch (IllegalArgumentException e) {
      throw new MalformedException();
    }
  }

  private static boolean contains(String text, char c, int from, int to) {
    int at = text.indexOf(c, from);
    return at >= 0 && at < to;
  }

  /** Text with whitespace (MIME-style lines, stray spaces): decoded here, symbol by symbol. */
  private static void decodeSpaced(String text, int from, int to, ByteBuffer out)
      throws MalformedException {
    char[] chunk = new char[CHUNK];
    byte[] staged = new byte[CHUNK / 4 * 3 + 3];
    int bits = 0;
    int pending = 0;
    int written = 0;
    boolean padded = false;
    int padding = 0;
    for (int base = from; base < to; base += CHUNK) {
      int n = Math.min(CHUNK, to - base);
      text.getChars(base, base + n, chunk, 0);
      int k = 0;
      for (int i = 0; i < n; i++) {
        if (!padded && pending == 0 && i + 4 <= n) {
          // the common case: a whole group of four symbols, no whitespace or padding inside
          int group =
              value(chunk[i]) << 18
                  | value(chunk[i + 1]) << 12
                  | value(chunk[i + 2]) << 6
                  | value(chunk[i + 3]);
          if (group >= 0) {
            staged[k] = (byte) (group >> 16);
            staged[k + 1] = (byte) (group >> 8);
            staged[k + 2] = (byte) group;
            k += 3;
            i += 3;
            continue;
          }
        }
        char c = chunk[i];
        int v = value(c);
        if (c == '=') {
          padded = true;
          padding++;
        } else if (v >= 0 && !padded) {
          bits = bits << 6 | v;
          if (++pending == 4) {
            staged[k] = (byte) (bits >> 16);
            staged[k + 1] = (byte) (bits >> 8);
            staged[k + 2] = (byte) bits;
            k += 3;
            pending = 0;
            bits = 0;
          }
        } else if (!isWhitespace(c)) {
          throw new MalformedException(); // outside the alphabets, or data after padding
        }
      }
      out.put(written, staged, 0, k);
      written += k;
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

  /** The symbol's 6 bits, or -1 (all bits set, so that a group holding it reads negative). */
  private static int value(char c) {
    return c < 128 ? VALUES[c] : -1;
  }

  private static boolean isWhitespace(char c) {
    return c == '\n' || c == '\r' || c == ' ' || c == '\t';
  }
}
