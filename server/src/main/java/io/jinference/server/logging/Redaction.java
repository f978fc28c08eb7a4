package io.jinference.server.logging;

import java.util.regex.Pattern;

/**
 * Removes API keys from text bound for the logs, wherever they hide: {@code api_key=...} in a URL,
 * {@code "api_key": "..."} in JSON, {@code Bearer ...} in a header. The server never logs keys on
 * purpose; this is the net under that rule (Roboflow's key-in-URL leaks, engineering-anchors C1.7).
 */
public final class Redaction {
  /** Not a value already masked or described, such as the settings line's {@code (set, hidden)}. */
  private static final Pattern QUERY = Pattern.compile("(?i)(api_key=)(?![(*])[^&\\s\"']+");

  private static final Pattern JSON = Pattern.compile("(?i)(\"api_key\"\\s*:\\s*\")[^\"]*");
  private static final Pattern BEARER = Pattern.compile("(?i)(Bearer\\s+)[A-Za-z0-9._~+/=-]+");

  private Redaction() {}

  public static String apply(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String t = QUERY.matcher(text).replaceAll("$1***");
    t = JSON.matcher(t).replaceAll("$1***");
    return BEARER.matcher(t).replaceAll("$1***");
  }
}
