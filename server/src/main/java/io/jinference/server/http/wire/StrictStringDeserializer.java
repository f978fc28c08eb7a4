package io.jinference.server.http.wire;

import io.micronaut.context.annotation.Primary;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.Decoder;
import io.micronaut.serde.Deserializer;
import io.micronaut.serde.exceptions.SerdeException;
import jakarta.inject.Singleton;
import java.io.IOException;

/**
 * A JSON string where the contract says string: a number, a boolean, an object or an array given for a string field
 * ({@code "model_id": false}) is refused, where the default would quietly turn it into text.
 */
@Singleton
@Primary
final class StrictStringDeserializer implements Deserializer<String> {
  @Override
  public String deserialize(Decoder decoder, DecoderContext context, Argument<? super String> type)
      throws IOException {
    Object value = decoder.decodeArbitrary();
    if (value instanceof String) {
      return (String) value;
    }
    String field = jsonName(type.getName());
    throw new SerdeException((field != null ? "'" + field + "' must be a string" : "a string is expected") + ", not "
        + describe(value));
  }

  @Override
  public String deserializeNullable(Decoder decoder, DecoderContext context, Argument<? super String> type)
      throws IOException {
    if (decoder.decodeNull()) {
      return null;
    }
    return deserialize(decoder, context, type);
  }

  /** The JSON name of a generated model's property (modelId is model_id), or null for an unnamed value. */
  static String jsonName(String property) {
    if (property == null || property.isEmpty() || property.equals("String") || property.contains(".")) {
      return null;
    }
    return property.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
  }

  static String describe(Object value) {
    if (value instanceof Number) {
      return "the number " + value;
    }
    if (value instanceof Boolean) {
      return value.toString();
    }
    return value instanceof java.util.Map ? "an object" : value instanceof java.util.List ? "a list" : "null";
  }
}
