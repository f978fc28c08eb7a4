package io.jinference.server.workflow;

import java.util.List;

/**
 * Colours as workflow blocks take them, read as Roboflow's {@code convert_color_to_bgr_tuple} does: {@code #RRGGBB},
 * {@code #RGB}, {@code "(R, G, B)"} or a three-number list, all red first; answered blue first, as OpenCV draws.
 */
final class Colors {
  private Colors() {}

  /** The colour as {blue, green, red}, or a 400 naming the field when it is none of the accepted forms. */
  static int[] bgr(Object colour, String field) {
    int[] rgb = null;
    if (colour instanceof List && ((List<?>) colour).size() == 3) {
      rgb = new int[3];
      for (int i = 0; i < 3; i++) {
        Object c = ((List<?>) colour).get(i);
        rgb[i] = c instanceof Number ? ((Number) c).intValue() : -1;
      }
    } else if (colour instanceof String) {
      rgb = parse(((String) colour).trim());
    }
    if (rgb == null || rgb[0] < 0 || rgb[0] > 255 || rgb[1] < 0 || rgb[1] > 255 || rgb[2] < 0 || rgb[2] > 255) {
      throw WorkflowException.definition(field + " must be a colour: \"#RRGGBB\", \"#RGB\" or \"(R, G, B)\" with "
          + "components 0-255, not " + colour + ".");
    }
    return new int[] {rgb[2], rgb[1], rgb[0]};
  }

  private static int[] parse(String s) {
    try {
      if (s.matches("#[0-9a-fA-F]{6}")) {
        return new int[] {Integer.parseInt(s.substring(1, 3), 16), Integer.parseInt(s.substring(3, 5), 16),
            Integer.parseInt(s.substring(5, 7), 16)};
      }
      if (s.matches("#[0-9a-fA-F]{3}")) {
        return new int[] {17 * Character.digit(s.charAt(1), 16), 17 * Character.digit(s.charAt(2), 16),
            17 * Character.digit(s.charAt(3), 16)};
      }
      if (s.startsWith("(") && s.endsWith(")")) {
        String[] parts = s.substring(1, s.length() - 1).split(",");
        if (parts.length == 3) {
          return new int[] {Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()),
              Integer.parseInt(parts[2].trim())};
        }
      }
    } catch (NumberFormatException e) {
      return null;
    }
    return null;
  }
}
