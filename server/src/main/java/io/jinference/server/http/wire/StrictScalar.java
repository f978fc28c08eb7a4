package io.jinference.server.http.wire;

import io.micronaut.core.type.Argument;
import io.micronaut.serde.Decoder;
import io.micronaut.serde.Deserializer;
import io.micronaut.serde.exceptions.SerdeException;
import java.io.IOException;

/**
 * A JSON value of exactly one kind where the contract names that kind: anything else is refused
 * with a message that names the field, where Micronaut's defaults would quietly convert it ({@code
 * false} into the text "false", {@code 4486} into true).
 *
 * @param <T> the Java type of the JSON kind
 */
abstract class StrictScalar<T> implements Deserializer<T> {
  private final Class<T> kind;
  private final String expected;

  /**
   * @param kind the class the decoded value must have
   * @param expected what a field must be, for messages ("a string")
   */
  StrictScalar(Class<T> kind, String expected) {
    this.kind = kind;
    this.expected = expected;
  }

  @Override
  public T deserialize(Decoder decoder, DecoderContext context, Argument<? super T> type)
      throws IOException {
    Object value = decoder.decodeArbitrary();
    if (kind.isInstance(value)) {
      return kind.cast(value);
    }
    String field = jsonName(type.getName());
    throw new SerdeException(
        (field != null ? "'" + field + "' must be " : "expected ")
            + expected
            + ", not "
            + describe(value));
  }

  @Override
  public T deserializeNullable(Decoder decoder, DecoderContext context, Argument<? super T> type)
      throws IOException {
    return decoder.decodeNull() ? null : deserialize(decoder, context, type);
  }

  /**
   * The JSON name of a generated model's property (modelId is model_id), or null for an unnamed
   * value.
   */
  static String jsonName(String property) {
    if (property == null
        || property.isEmpty()
        || property.equals("String")
        || property.contains(".")) {
      return null;
    }
    return property.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
  }

  static String describe(Object value) {
    if (value instanceof String) {
      return "the text '" + value + "'";
    }
    if (value instanceof Number) {
      return "the number " + value;
    }
    if (value instanceof Boolean) {
      return value.toString();
    }
    return value instanceof java.util.Map
        ? "an object"
        : value instanceof java.util.List ? "a list" : "null";
  }
}
