package io.jinference.server.config;

import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The effective settings, read once at start from environment variables (or the equivalent
 * Micronaut properties, e.g. {@code allow.url.input} in tests) and validated: an invalid value
 * stops the server with a message naming the variable.
 */
@Singleton
public final class Settings {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Settings.class);
  private final Map<Setting, String> values = new EnumMap<>(Setting.class);

  public Settings(Environment environment) {
    for (Setting s : Setting.values()) {
      String v =
          environment
              .getProperty(s.name(), String.class)
              .or(() -> environment.getProperty(s.propertyName(), String.class))
              .orElse(s.defaultValue());
      values.put(s, v.trim());
    }
    if (values.get(Setting.ROBOFLOW_API_KEY).isEmpty()) {
      // Roboflow reads either name.
      values.put(
          Setting.ROBOFLOW_API_KEY,
          environment
              .getProperty("API_KEY", String.class)
              .or(() -> environment.getProperty("api.key", String.class))
              .orElse("")
              .trim());
    }
    validate();
    LOG.info("Settings: {}", effective());
  }

  /** Every setting as NAME=value, secrets only as set or not: what start-up logs. */
  public String effective() {
    StringBuilder out = new StringBuilder();
    for (Setting s : Setting.values()) {
      String v = values.get(s);
      out.append(out.length() == 0 ? "" : ", ")
          .append(s.name())
          .append('=')
          .append(s.secret() ? (v.isEmpty() ? "(not set)" : "(set, hidden)") : v);
    }
    return out.toString();
  }

  private void validate() {
    String format = values.get(Setting.LOG_FORMAT).toLowerCase(Locale.ROOT);
    if (!format.equals("text") && !format.equals("json")) {
      throw new InvalidSettingException(
          Setting.LOG_FORMAT, values.get(Setting.LOG_FORMAT), "text or json");
    }
    String level = values.get(Setting.LOG_LEVEL).trim().toUpperCase(Locale.ROOT);
    if (!List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF").contains(level)) {
      throw new InvalidSettingException(
          Setting.LOG_LEVEL,
          values.get(Setting.LOG_LEVEL),
          "TRACE, DEBUG, INFO, WARN, ERROR or OFF");
    }
    decimal(Setting.MEMORY_FREE_THRESHOLD);
    for (Setting s : Setting.values()) {
      String d = s.defaultValue();
      if ("true".equals(d) || "false".equals(d)) {
        flag(s);
      } else if (!d.isEmpty() && d.chars().allMatch(Character::isDigit)) {
        number(s);
      }
    }
  }

  public boolean flag(Setting s) {
    String v = values.get(s).toLowerCase(Locale.ROOT);
    switch (v) {
      case "true":
      case "1":
      case "yes":
        return true;
      case "false":
      case "0":
      case "no":
        return false;
      default:
        throw new InvalidSettingException(s, values.get(s), "true or false");
    }
  }

  public long number(Setting s) {
    try {
      long n = Long.parseLong(values.get(s));
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new InvalidSettingException(s, values.get(s), "a non-negative integer");
    }
  }

  /** A fraction in [0, 1]. */
  public double decimal(Setting s) {
    try {
      double d = Double.parseDouble(values.get(s));
      if (!(d >= 0 && d <= 1)) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      throw new InvalidSettingException(s, values.get(s), "a number from 0 to 1");
    }
  }

  public int integer(Setting s) {
    return (int) Math.min(Integer.MAX_VALUE, number(s));
  }

  public String text(Setting s) {
    return values.get(s);
  }

  /** A comma list of host names, lower-cased. */
  public List<String> list(Setting s) {
    return ids(s).stream().map(x -> x.toLowerCase(Locale.ROOT)).collect(Collectors.toList());
  }

  /** A comma list as written (model ids are case-sensitive). */
  public List<String> ids(Setting s) {
    return Arrays.stream(values.get(s).split(","))
        .map(String::trim)
        .filter(x -> !x.isEmpty())
        .collect(Collectors.toList());
  }

  /** The value, or null when empty. */
  public String optional(Setting s) {
    String v = values.get(s);
    return v.isEmpty() ? null : v;
  }

  public Path path(Setting s) {
    return Path.of(values.get(s));
  }

  /** A thread or concurrency count where 0 means "one per core". */
  public int perCore(Setting s) {
    int n = integer(s);
    return n > 0 ? n : Runtime.getRuntime().availableProcessors();
  }
}
