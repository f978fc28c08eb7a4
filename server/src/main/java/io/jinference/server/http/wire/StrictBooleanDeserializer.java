package io.jinference.server.http.wire;

import io.micronaut.context.annotation.Primary;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.Decoder;
import io.micronaut.serde.Deserializer;
import io.micronaut.serde.exceptions.SerdeException;
import jakarta.inject.Singleton;
import java.io.IOException;

/** A JSON boolean where the contract says boolean: {@code "disable_sinks": 4486} is refused, not taken for true. */
@Singleton
@Primary
final class StrictBooleanDeserializer implements Deserializer<Boolean> {
  @Override
  public Boolean deserialize(Decoder decoder, DecoderContext context, Argument<? super Boolean> type)
      throws IOException {
    Object value = decoder.decodeArbitrary();
    if (value instanceof Boolean) {
      return (Boolean) value;
    }
    String field = StrictStringDeserializer.jsonName(type.getName());
    throw new SerdeException((field != null ? "'" + field + "' must be true or false" : "true or false is expected")
        + ", not " + (value instanceof String ? "the text '" + value + "'" : StrictStringDeserializer.describe(value)));
  }

  @Override
  public Boolean deserializeNullable(Decoder decoder, DecoderContext context, Argument<? super Boolean> type)
      throws IOException {
    return decoder.decodeNull() ? null : deserialize(decoder, context, type);
  }
}
