package io.jinference.server.workflow.query;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.jinference.server.visualization.Visualizer;
import io.jinference.server.workflow.engine.RunLimits;
import io.jinference.server.workflow.engine.Values;
import io.jinference.server.workflow.engine.WorkflowException;
import io.jinference.server.workflow.engine.WorkflowJson;
import io.micronaut.json.JsonMapper;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The query-language operations on plain values (Roboflow's {@code query_language/operations}):
 * strings ({@code StringToLowerCase}, {@code StringToUpperCase}, {@code StringSubSequence}, {@code
 * StringMatches}, {@code ToString}), numbers ({@code ToNumber}, {@code NumberRound}, {@code
 * Multiply}, {@code Divide}, {@code RandomNumber}, {@code ToBoolean}), lookups ({@code
 * LookupTable}, {@code SequenceMap}), sequences ({@code SequenceApply}, {@code
 * NumericSequenceAggregate}, {@code SequenceAggregate}, {@code SequenceElementsCount}),
 * dictionaries ({@code ConvertDictionaryToJSON}) and images ({@code ExtractImageProperty}, {@code
 * ConvertImageToJPEG}, {@code ConvertImageToBase64}). Python's semantics where they differ from
 * Java's: slices with negative ends, banker's rounding, {@code str(True)}.
 */
final class ValueOperations {
  /**
   * A regular expression gets this long to match before the step fails (or less, up to the run's
   * deadline). RE2/J matches in time linear in the input, without recursion, so this bounds only
   * very long inputs.
   */
  private static final long REGEX_BUDGET_NANOS = 1_000_000_000L;

  private static final int MAX_REGEX_LENGTH = 1_000;

  private ValueOperations() {}

  /** Whether this class implements the operation. */
  static boolean handles(String type) {
    switch (type) {
      case "StringToLowerCase":
      case "StringToUpperCase":
      case "LookupTable":
      case "ToNumber":
      case "NumberRound":
      case "SequenceMap":
      case "SequenceApply":
      case "NumericSequenceAggregate":
      case "SequenceAggregate":
      case "ToString":
      case "ToBoolean":
      case "StringSubSequence":
      case "StringMatches":
      case "SequenceElementsCount":
      case "Multiply":
      case "Divide":
      case "RandomNumber":
      case "ExtractImageProperty":
      case "ConvertImageToJPEG":
      case "ConvertImageToBase64":
      case "ConvertDictionaryToJSON":
        return true;
      default:
        return false;
    }
  }

  static Object apply(Map<?, ?> op, Object value, Map<String, Object> parameters) {
    String type = String.valueOf(op.get("type"));
    switch (type) {
      case "StringToLowerCase":
        return string(value, type).toLowerCase(Locale.ROOT);
      case "StringToUpperCase":
        return string(value, type).toUpperCase(Locale.ROOT);
      case "StringSubSequence":
        return slice(string(value, type), integer(op, "start", 0), integer(op, "end", -1));
      case "StringMatches":
        return matches(string(value, type), String.valueOf(op.get("regex")));
      case "ToString":
        return python(value);
      case "ToNumber":
        return toNumber(value, String.valueOf(op.get("cast_to")));
      case "ToBoolean":
        return toBoolean(value);
      case "NumberRound":
        return round(number(value, type), integer(op, "decimal_digits", 0));
      case "Multiply":
        return arithmetic(number(value, type), number(op.get("other"), type + " other"), false);
      case "Divide":
        {
          Number other = number(op.get("other"), type + " other");
          if (other.doubleValue() == 0) {
            throw WorkflowException.runtimeInput("Divide by zero in a query-language operation.");
          }
          return arithmetic(number(value, type), other, true);
        }
      case "RandomNumber":
        {
          double min =
              op.get("min_value") == null ? 0 : number(op.get("min_value"), type).doubleValue();
          double max =
              op.get("max_value") == null ? 1 : number(op.get("max_value"), type).doubleValue();
          return min + ThreadLocalRandom.current().nextDouble() * (max - min);
        }
      case "LookupTable":
        return lookup(QueryLanguage.map(op.get("lookup_table"), "lookup_table"), value);
      case "SequenceMap":
        {
          Map<?, ?> table = QueryLanguage.map(op.get("lookup_table"), "lookup_table");
          List<Object> mapped = new ArrayList<>();
          sequence(value, type).forEach(v -> mapped.add(lookup(table, v)));
          return mapped;
        }
      case "SequenceApply":
        {
          List<Object> applied = new ArrayList<>();
          for (Object v : sequence(value, type)) {
            applied.add(QueryLanguage.apply(op.get("operations"), v, parameters));
          }
          return applied;
        }
      case "NumericSequenceAggregate":
        return numericAggregate(
            sequence(value, type), String.valueOf(op.get("function")), op.get("neutral_value"));
      case "SequenceAggregate":
        return aggregate(sequence(value, type), String.valueOf(op.get("mode")));
      case "SequenceElementsCount":
        {
          Map<Object, Object> counts = new LinkedHashMap<>();
          sequence(value, type).forEach(v -> counts.merge(v, 1, (a, b) -> (Integer) a + 1));
          return counts;
        }
      case "ExtractImageProperty":
        {
          Values.Image image = QueryLanguage.as(value, Values.Image.class, type);
          String name = String.valueOf(op.get("property_name"));
          switch (name) {
            case "width":
              return image.image().width();
            case "height":
              return image.image().height();
            case "size":
              return image.image().width() * image.image().height();
            default:
              throw WorkflowException.definition("Unsupported image property: " + name);
          }
        }
      case "ConvertImageToJPEG":
        {
          int quality = integer(op, "compression_level", 95);
          if (quality < 1 || quality > 100) {
            throw WorkflowException.definition(
                "compression_level must be between 1 and 100, not " + quality + ".");
          }
          return Visualizer.jpeg(
              QueryLanguage.as(value, Values.Image.class, type).image(), quality);
        }
      case "ConvertImageToBase64":
        return Base64.getEncoder()
            .encodeToString(
                Visualizer.jpeg(QueryLanguage.as(value, Values.Image.class, type).image()));
      case "ConvertDictionaryToJSON":
        {
          Map<String, Object> plain = new LinkedHashMap<>();
          QueryLanguage.map(value, "dictionary")
              .forEach((k, v) -> plain.put(String.valueOf(k), WorkflowJson.serialise(v, false)));
          try {
            return JSON.writeValueAsString(plain);
          } catch (java.io.IOException e) {
            throw WorkflowException.runtimeInput(
                "ConvertDictionaryToJSON cannot write this value as JSON.");
          }
        }
      default:
        throw WorkflowException.definition("Unsupported query-language operation: " + type);
    }
  }

  private static final JsonMapper JSON = JsonMapper.createDefault();

  /**
   * Python's {@code s[start:end]}: negative positions count from the end, out-of-range ones are
   * clamped.
   */
  static String slice(String s, int start, int end) {
    int n = s.length();
    int from = Math.max(0, Math.min(n, start < 0 ? n + start : start));
    int to = Math.max(0, Math.min(n, end < 0 ? n + end : end));
    return from >= to ? "" : s.substring(from, to);
  }

  private static boolean matches(String s, String regex) {
    if (regex.length() > MAX_REGEX_LENGTH) {
      throw WorkflowException.definition(
          "StringMatches regex is longer than " + MAX_REGEX_LENGTH + " characters.");
    }
    Pattern pattern;
    try {
      pattern = Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw WorkflowException.definition(
          "StringMatches regex is not valid: " + e.getDescription() + ".");
    }
    try {
      long deadline = System.nanoTime() + REGEX_BUDGET_NANOS;
      io.jinference.server.image.Deadline run = RunLimits.currentDeadline();
      if (run != null) {
        deadline = Math.min(deadline, System.nanoTime() + run.remaining().toNanos());
      }
      return pattern.matcher(new Budgeted(s, deadline)).find();
    } catch (Budgeted.Exhausted e) {
      RunLimits.checkCurrentDeadline(); // the run's own deadline passed: say that
      throw WorkflowException.runtimeInput(
          "StringMatches regex took too long on its input (more than "
              + REGEX_BUDGET_NANOS / 1_000_000
              + " ms); simplify the pattern.");
    }
  }

  /**
   * A string whose characters stop being readable after a deadline, so that a runaway match ends.
   */
  private static final class Budgeted implements CharSequence {
    static final class Exhausted extends RuntimeException {
      Exhausted() {
        super(null, null, false, false);
      }
    }

    private final CharSequence text;
    private final long deadline;

    Budgeted(CharSequence text, long deadline) {
      this.text = text;
      this.deadline = deadline;
    }

    @Override
    public char charAt(int index) {
      if (System.nanoTime() > deadline) {
        throw new Exhausted();
      }
      return text.charAt(index);
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return new Budgeted(text.subSequence(start, end), deadline);
    }

    @Override
    public String toString() {
      return text.toString();
    }
  }

  /** Python's {@code str()} for the values workflows carry. */
  static String python(Object value) {
    if (value instanceof Boolean) {
      return (Boolean) value ? "True" : "False";
    }
    if (value == null) {
      return "None";
    }
    return String.valueOf(value);
  }

  private static Number toNumber(Object value, String castTo) {
    if (!castTo.equals("int") && !castTo.equals("float")) {
      throw WorkflowException.definition(
          "ToNumber cast_to must be 'int' or 'float', not '" + castTo + "'.");
    }
    boolean integer = castTo.equals("int");
    if (value instanceof Boolean) {
      return integer ? (Number) ((Boolean) value ? 1L : 0L) : (Boolean) value ? 1.0 : 0.0;
    }
    if (value instanceof Number) {
      return integer
          ? (Number) (long) ((Number) value).doubleValue()
          : ((Number) value).doubleValue();
    }
    if (value instanceof String) {
      try {
        String s = ((String) value).trim();
        return integer ? (Number) Long.parseLong(s) : Double.parseDouble(s);
      } catch (NumberFormatException e) {
        throw WorkflowException.runtimeInput(
            "ToNumber cannot read '" + value + "' as " + castTo + ".");
      }
    }
    throw WorkflowException.runtimeInput(
        "ToNumber applies to strings, numbers and booleans, not " + value + ".");
  }

  private static boolean toBoolean(Object value) {
    if (value instanceof Boolean) {
      return (Boolean) value;
    }
    if (value instanceof Number) {
      return ((Number) value).doubleValue() != 0;
    }
    if (value instanceof String
        && (((String) value).equalsIgnoreCase("true")
            || ((String) value).equalsIgnoreCase("false"))) {
      return Boolean.parseBoolean((String) value);
    }
    throw WorkflowException.runtimeInput(
        "ToBoolean applies to booleans, numbers and 'true'/'false', not " + value + ".");
  }

  /**
   * Python's {@code round(x, digits)}: half to even on the exact binary value; integers stay
   * integers.
   */
  private static Number round(Number value, int digits) {
    if (!(value instanceof Double || value instanceof Float)) {
      return value;
    }
    double d = value.doubleValue();
    if (Double.isNaN(d) || Double.isInfinite(d) || digits > 30) {
      return d; // a double has no digits that far right: nothing to round
    }
    if (digits < -310) {
      return 0.0 * d;
    }
    return new BigDecimal(d).setScale(digits, RoundingMode.HALF_EVEN).doubleValue();
  }

  private static Number arithmetic(Number a, Number b, boolean divide) {
    if (divide) {
      return finite(a.doubleValue() / b.doubleValue()); // Python's true division
    }
    if (fitsLong(a) && fitsLong(b)) {
      long high = Math.multiplyHigh(a.longValue(), b.longValue());
      long low = a.longValue() * b.longValue();
      if ((high == 0 && low >= 0) || (high == -1 && low < 0)) {
        return low; // fits in a long, as Python's int would give it
      }
    }
    return finite(
        a.doubleValue()
            * b.doubleValue()); // beyond a long: the nearest double rather than an overflow
  }

  /**
   * An integer that a long holds exactly (a BigInteger past it would be cut to its low bits by
   * longValue).
   */
  private static boolean fitsLong(Number n) {
    if (n instanceof java.math.BigInteger) {
      return ((java.math.BigInteger) n).bitLength() < 64;
    }
    return n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte;
  }

  /** A result a double cannot hold is refused: a wrong value would travel on silently. */
  private static double finite(double result) {
    if (!Double.isFinite(result)) {
      throw WorkflowException.runtimeInput(
          "The result of a query-language arithmetic operation is too large "
              + "(beyond a 64-bit floating-point number).");
    }
    return result;
  }

  private static Object lookup(Map<?, ?> table, Object key) {
    Object k = key instanceof Boolean || key instanceof Number || key == null ? python(key) : key;
    if (!table.containsKey(k)) {
      throw WorkflowException.runtimeInput("The lookup table has no entry for '" + key + "'.");
    }
    return table.get(k);
  }

  private static Object numericAggregate(List<?> values, String function, Object neutral) {
    if (!function.equals("min") && !function.equals("max")) {
      throw WorkflowException.definition(
          "NumericSequenceAggregate function must be 'min' or 'max', not '" + function + "'.");
    }
    if (values.isEmpty()) {
      return neutral;
    }
    Object best = null;
    for (Object v : values) {
      double x = number(v, "NumericSequenceAggregate").doubleValue();
      if (best == null
          || (function.equals("max")
              ? x > ((Number) best).doubleValue()
              : x < ((Number) best).doubleValue())) {
        best = v;
      }
    }
    return best;
  }

  private static Object aggregate(List<?> values, String mode) {
    if (values.isEmpty()) {
      throw WorkflowException.runtimeInput("SequenceAggregate applied to an empty sequence.");
    }
    switch (mode) {
      case "first":
        return values.get(0);
      case "last":
        return values.get(values.size() - 1);
      case "most_common":
      case "least_common":
        {
          Map<Object, Integer> counts = new LinkedHashMap<>();
          values.forEach(v -> counts.merge(v, 1, Integer::sum));
          Object pick = null;
          int pickCount = 0;
          for (Map.Entry<Object, Integer> e :
              counts.entrySet()) { // ties go to the first seen, as Counter's order
            boolean better =
                mode.equals("most_common") ? e.getValue() > pickCount : e.getValue() < pickCount;
            if (pick == null || better) {
              pick = e.getKey();
              pickCount = e.getValue();
            }
          }
          return pick;
        }
      default:
        throw WorkflowException.definition(
            "SequenceAggregate mode must be first, last, most_common or "
                + "least_common, not '"
                + mode
                + "'.");
    }
  }

  private static String string(Object value, String operation) {
    if (!(value instanceof String)) {
      throw WorkflowException.runtimeInput(operation + " applies to a string, not " + value + ".");
    }
    return (String) value;
  }

  private static Number number(Object value, String operation) {
    if (!(value instanceof Number)) {
      throw WorkflowException.runtimeInput(operation + " applies to a number, not " + value + ".");
    }
    if (!fitsLong((Number) value) && !Double.isFinite(((Number) value).doubleValue())) {
      throw WorkflowException.runtimeInput(
          operation + " applies to a number a 64-bit float can hold; " + "this one is too large.");
    }
    return (Number) value;
  }

  private static List<?> sequence(Object value, String operation) {
    if (!(value instanceof Collection)) {
      throw WorkflowException.runtimeInput(operation + " applies to a list, not " + value + ".");
    }
    return new ArrayList<>((Collection<?>) value);
  }

  private static int integer(Map<?, ?> op, String field, int fallback) {
    Object v = op.get(field);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof Number)
        || ((Number) v).doubleValue() != Math.rint(((Number) v).doubleValue())) {
      throw WorkflowException.definition(field + " must be an integer, not " + v + ".");
    }
    return ((Number) v).intValue();
  }
}
