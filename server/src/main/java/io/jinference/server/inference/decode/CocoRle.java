package io.jinference.server.inference.decode;

import java.util.List;

/**
 * COCO's run-length encoding of a binary mask as a string (pycocotools' format): runs counted
 * column by column, starting with a run of 0s.
 *
 * <pre>{@code
 * String counts = CocoRle.string(List.of(5, 3, 2)); // 5 off, 3 on, 2 off
 * }</pre>
 */
public final class CocoRle {
  private CocoRle() {}

  /**
   * pycocotools' {@code rleToString}: LEB128-like 5-bit groups, differences from the count two
   * back.
   */
  public static String string(List<Integer> counts) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < counts.size(); i++) {
      long x = counts.get(i);
      if (i > 2) {
        x -= counts.get(i - 2);
      }
      boolean more = true;
      while (more) {
        long ch = x & 0x1f;
        x >>= 5;
        more = (ch & 0x10) != 0 ? x != -1 : x != 0;
        if (more) {
          ch |= 0x20;
        }
        s.append((char) (ch + 48));
      }
    }
    return s.toString();
  }
}
