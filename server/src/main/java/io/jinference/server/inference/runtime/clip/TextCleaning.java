package io.jinference.server.inference.runtime.clip;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text cleaning CLIP runs before tokenizing: ftfy's {@code fix_text} (without its repair of
 * mojibake) and Python's {@code html.unescape}, from tables taken from those libraries ({@code
 * clip/text-cleaning.txt}, made by {@code tools/make-fixtures/make_clip_tables.py}).
 */
final class TextCleaning {
  private static final Tables TABLES = Tables.read();

  /** Python's {@code html._charref}. */
  private static final Pattern CHARREF =
      Pattern.compile("&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\\t\\n\\f <&#;]{1,32};?)");

  /** ftfy's {@code HTML_ENTITY_RE}. */
  private static final Pattern FTFY_ENTITY = Pattern.compile("&#?[0-9A-Za-z]{1,24};");

  /** ftfy's {@code ANSI_RE}. */
  private static final Pattern ANSI = Pattern.compile("\\u001b\\[((?:\\d|;)*)([a-zA-Z])");

  private static final Pattern SINGLE_QUOTES = Pattern.compile("[\\u02bc\\u2018-\\u201b]");
  private static final Pattern DOUBLE_QUOTES = Pattern.compile("[\\u201c-\\u201f]");

  private TextCleaning() {}

  /** ftfy's {@code fix_text} with its defaults, less {@code fix_encoding}. */
  static String fixText(String text) {
    StringBuilder out = new StringBuilder(text.length());
    int pos = 0;
    while (pos < text.length()) {
      // ftfy fixes line by line, and leaves entities alone in a line that looks like HTML
      int end = text.indexOf('\n', pos);
      end = end < 0 ? text.length() : end + 1;
      String segment = text.substring(pos, end);
      out.append(fixSegment(segment, segment.indexOf('<') < 0));
      pos = end;
    }
    return out.toString();
  }

  private static String fixSegment(String text, boolean unescape) {
    while (true) {
      String before = text;
      if (unescape) {
        text = replace(FTFY_ENTITY, text, TextCleaning::ftfyEntity);
      }
      text = fixC1Controls(text);
      text = map(text, TABLES.ligatures);
      text = map(text, TABLES.widths);
      text = SINGLE_QUOTES.matcher(text).replaceAll("'");
      text = DOUBLE_QUOTES.matcher(text).replaceAll("\"");
      text =
          text.replace("\r\n", "\n")
              .replace("\r", "\n")
              .replace("\u2028", "\n")
              .replace("\u2029", "\n")
              .replace("\u0085", "\n");
      text = fixSurrogates(text);
      text = ANSI.matcher(text).replaceAll("");
      text = removeControls(text);
      text = Normalizer.normalize(text, Normalizer.Form.NFC);
      if (text.equals(before)) {
        return text;
      }
    }
  }

  /** Python's {@code html.unescape}. */
  static String unescapeHtml(String text) {
    if (text.indexOf('&') < 0) {
      return text;
    }
    return replace(CHARREF, text, m -> charref(m.group(1)));
  }

  private static String charref(String s) {
    if (s.charAt(0) == '#') {
      String digits = s.endsWith(";") ? s.substring(0, s.length() - 1) : s;
      boolean hex = digits.length() > 1 && (digits.charAt(1) == 'x' || digits.charAt(1) == 'X');
      java.math.BigInteger big =
          new java.math.BigInteger(digits.substring(hex ? 2 : 1), hex ? 16 : 10);
      if (big.bitLength() > 31) {
        return "\uFFFD";
      }
      int num = big.intValue();
      String replaced = TABLES.invalidCharrefs.get(num);
      if (replaced != null) {
        return replaced;
      }
      if ((num >= 0xD800 && num <= 0xDFFF) || num > 0x10FFFF) {
        return "\uFFFD";
      }
      if (TABLES.invalidCodepoints.contains(num)) {
        return "";
      }
      return new String(Character.toChars(num));
    }
    String named = TABLES.html5.get(s);
    if (named != null) {
      return named;
    }
    // the longest name that is a reference, the rest as text (as the standard says)
    for (int x = s.length() - 1; x > 1; x--) {
      String prefix = TABLES.html5.get(s.substring(0, x));
      if (prefix != null) {
        return prefix + s.substring(x);
      }
    }
    return "&" + s;
  }

  private static String ftfyEntity(Matcher m) {
    String text = m.group();
    String known = TABLES.ftfyEntities.get(text);
    if (known != null) {
      return known;
    }
    if (text.startsWith("&#")) {
      String unescaped = unescapeHtml(text);
      return unescaped.indexOf(';') >= 0 ? text : unescaped;
    }
    return text;
  }

  /** ftfy's {@code fix_c1_controls}: C1 controls read as Windows-1252, as browsers do. */
  private static String fixC1Controls(String text) {
    StringBuilder b = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 0x80 && c <= 0x9f) {
        if (b == null) {
          b = new StringBuilder(text.length()).append(text, 0, i);
        }
        b.append(TABLES.invalidCharrefs.getOrDefault((int) c, String.valueOf(c)));
      } else if (b != null) {
        b.append(c);
      }
    }
    return b == null ? text : b.toString();
  }

  /** ftfy's {@code fix_surrogates}: pairs joined (Java strings hold them so), lone ones U+FFFD. */
  private static String fixSurrogates(String text) {
    StringBuilder b = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean lone =
          Character.isSurrogate(c)
              && !(Character.isHighSurrogate(c)
                  && i + 1 < text.length()
                  && Character.isLowSurrogate(text.charAt(i + 1)));
      if (Character.isHighSurrogate(c) && !lone) {
        if (b != null) {
          b.append(c).append(text.charAt(i + 1));
        }
        i++;
        continue;
      }
      if (lone && b == null) {
        b = new StringBuilder(text.length()).append(text, 0, i);
      }
      if (b != null) {
        b.append(lone ? '\uFFFD' : c);
      }
    }
    return b == null ? text : b.toString();
  }

  private static String removeControls(String text) {
    StringBuilder b = new StringBuilder(text.length());
    text.codePoints().filter(cp -> !TABLES.controls.contains(cp)).forEach(b::appendCodePoint);
    return b.length() == text.length() ? text : b.toString();
  }

  private static String map(String text, Map<Integer, String> table) {
    StringBuilder b = new StringBuilder(text.length());
    boolean changed = false;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      String to = table.get(cp);
      if (to != null) {
        b.append(to);
        changed = true;
      } else {
        b.appendCodePoint(cp);
      }
      i += Character.charCount(cp);
    }
    return changed ? b.toString() : text;
  }

  private static String replace(
      Pattern pattern, String text, java.util.function.Function<Matcher, String> with) {
    Matcher m = pattern.matcher(text);
    StringBuilder b = new StringBuilder(text.length());
    int last = 0;
    while (m.find()) {
      b.append(text, last, m.start()).append(with.apply(m));
      last = m.end();
    }
    return last == 0 ? text : b.append(text, last, text.length()).toString();
  }

  private static final class Tables {
    final Map<String, String> html5 = new HashMap<>();
    final Map<Integer, String> invalidCharrefs = new HashMap<>();
    final Set<Integer> invalidCodepoints = new HashSet<>();
    final Map<String, String> ftfyEntities = new HashMap<>();
    final Map<Integer, String> ligatures = new HashMap<>();
    final Map<Integer, String> widths = new HashMap<>();
    final Set<Integer> controls = new HashSet<>();

    static Tables read() {
      Tables t = new Tables();
      try (InputStream in = TextCleaning.class.getResourceAsStream("/clip/text-cleaning.txt")) {
        if (in == null) {
          throw new IllegalStateException("clip/text-cleaning.txt is not in the jar");
        }
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
        String line;
        while ((line = r.readLine()) != null) {
          if (line.isEmpty() || line.charAt(0) == '#') {
            continue;
          }
          int tab = line.indexOf('\t');
          String key = line.substring(1, tab < 0 ? line.length() : tab);
          String value = tab < 0 ? "" : codePoints(line.substring(tab + 1));
          switch (line.charAt(0)) {
            case 'h' -> t.html5.put(key, value);
            case 'n' -> t.invalidCharrefs.put(Integer.parseInt(key), value);
            case 'x' -> t.invalidCodepoints.add(Integer.parseInt(key));
            case 'e' -> t.ftfyEntities.put(key, value);
            case 'l' -> t.ligatures.put(Integer.parseInt(key, 16), value);
            case 'w' -> t.widths.put(Integer.parseInt(key, 16), value);
            case 'c' -> t.controls.add(Integer.parseInt(key, 16));
            default -> throw new IllegalStateException("text-cleaning.txt: " + line);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return t;
    }

    private static String codePoints(String hexes) {
      StringBuilder b = new StringBuilder();
      for (String h : hexes.trim().split(" ")) {
        if (!h.isEmpty()) {
          b.appendCodePoint(Integer.parseInt(h, 16));
        }
      }
      return b.toString();
    }
  }
}
