package io.jinference.sdk.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Keeps API keys out of messages: {@code api_key=abcdef123456} becomes {@code api_key=ab***56}. */
public final class ApiKeys {
  private static final Pattern IN_TEXT = Pattern.compile("(api_key=)([^&\\s\"]+)");

  private ApiKeys() {}

  public static String mask(String key) {
    if (key == null) {
      return null;
    }
    return key.length() <= 4
        ? "***"
        : key.substring(0, 2) + "***" + key.substring(key.length() - 2);
  }

  public static String maskIn(String text) {
    if (text == null) {
      return null;
    }
    Matcher m = IN_TEXT.matcher(text);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(b, Matcher.quoteReplacement(m.group(1) + mask(m.group(2))));
    }
    m.appendTail(b);
    return b.toString();
  }
}
