package io.jinference.server.workflow.blocks;

import io.jinference.server.workflow.engine.WorkflowException;
import java.util.List;
import java.util.Map;

/**
 * Colours as workflow blocks take them, read as Roboflow's {@code convert_color_to_bgr_tuple} does:
 * {@code #RRGGBB}, {@code #RGB}, {@code "(R, G, B)"} or a three-number list, all red first;
 * answered blue first, as OpenCV draws.
 */
final class Colors {
  private Colors() {}

  /**
   * The colour as {blue, green, red}, or a 400 naming the field when it is none of the accepted
   * forms.
   */
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
    if (rgb == null
        || rgb[0] < 0
        || rgb[0] > 255
        || rgb[1] < 0
        || rgb[1] > 255
        || rgb[2] < 0
        || rgb[2] > 255) {
      throw WorkflowException.definition(
          field
              + " must be a colour: \"#RRGGBB\", \"#RGB\" or \"(R, G, B)\" with "
              + "components 0-255, not "
              + colour
              + ".");
    }
    return new int[] {rgb[2], rgb[1], rgb[0]};
  }

  /**
   * A drawing colour as Roboflow's visualisation blocks read it ({@code str_to_color}): {@code
   * #RRGGBB}, {@code rgb(R, G, B)}, {@code bgr(B, G, R)} or one of supervision's names (white,
   * black, red, green, blue, yellow, roboflow); answered blue first.
   */
  static int[] drawing(Object colour, String field) {
    String s = colour == null ? "" : String.valueOf(colour).trim();
    String lower = s.toLowerCase(java.util.Locale.ROOT);
    String named = NAMED.get(lower);
    if (named != null) {
      s = named;
    } else if (lower.startsWith("rgb(") || lower.startsWith("bgr(")) {
      int[] bgr = bgr("(" + s.substring(4), field);
      return lower.startsWith("rgb(") ? bgr : new int[] {bgr[2], bgr[1], bgr[0]};
    }
    if (!s.startsWith("#")) {
      throw WorkflowException.definition(
          field
              + " must be a colour: \"#RRGGBB\", \"rgb(R, G, B)\", "
              + "\"bgr(B, G, R)\" or a name ("
              + String.join(", ", NAMED.keySet())
              + "), not "
              + colour
              + ".");
    }
    return bgr(s, field);
  }

  private static final Map<String, String> NAMED =
      Map.of(
          "white",
          "#FFFFFF",
          "black",
          "#000000",
          "red",
          "#FF0000",
          "green",
          "#00FF00",
          "blue",
          "#0000FF",
          "yellow",
          "#FFFF00",
          "roboflow",
          "#A351FB");

  private static int[] parse(String s) {
    try {
      if (s.matches("#[0-9a-fA-F]{6}")) {
        return new int[] {
          Integer.parseInt(s.substring(1, 3), 16),
          Integer.parseInt(s.substring(3, 5), 16),
          Integer.parseInt(s.substring(5, 7), 16)
        };
      }
      if (s.matches("#[0-9a-fA-F]{3}")) {
        return new int[] {
          17 * Character.digit(s.charAt(1), 16),
          17 * Character.digit(s.charAt(2), 16),
          17 * Character.digit(s.charAt(3), 16)
        };
      }
      if (s.startsWith("(") && s.endsWith(")")) {
        String[] parts = s.substring(1, s.length() - 1).split(",");
        if (parts.length == 3) {
          return new int[] {
            Integer.parseInt(parts[0].trim()),
            Integer.parseInt(parts[1].trim()),
            Integer.parseInt(parts[2].trim())
          };
        }
      }
    } catch (NumberFormatException e) {
      return null;
    }
    return null;
  }
}
