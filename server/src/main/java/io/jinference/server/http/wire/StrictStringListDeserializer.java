package io.jinference.server.http.wire;

import io.micronaut.context.annotation.Primary;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.Decoder;
import io.micronaut.serde.Deserializer;
import io.micronaut.serde.exceptions.SerdeException;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A list of JSON strings where the contract says so ({@code excluded_fields}, {@code
 * class_filter}): numbers or booleans in it are refused, as {@link StrictStringDeserializer}
 * refuses them in a single field (the default list reader would turn them into text).
 */
@Singleton
@Primary
final class StrictStringListDeserializer implements Deserializer<List<String>> {
  @Override
  public List<String> deserialize(
      Decoder decoder, DecoderContext context, Argument<? super List<String>> type)
      throws IOException {
    List<String> values = new ArrayList<>();
    try (Decoder array = decoder.decodeArray()) {
      while (array.hasNextArrayValue()) {
        Object value = array.decodeArbitrary();
        if (!(value instanceof String)) {
          String field = StrictScalar.jsonName(type.getName());
          throw new SerdeException(
              (field != null ? "'" + field + "'" : "the list")
                  + " must hold strings only, not "
                  + StrictScalar.describe(value));
        }
        values.add((String) value);
      }
    }
    return values;
  }

  @Override
  public List<String> deserializeNullable(
      Decoder decoder, DecoderContext context, Argument<? super List<String>> type)
      throws IOException {
    return decoder.decodeNull() ? null : deserialize(decoder, context, type);
  }
}
