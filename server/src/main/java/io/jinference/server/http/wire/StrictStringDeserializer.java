package io.jinference.server.http.wire;

import io.micronaut.context.annotation.Primary;
import jakarta.inject.Singleton;

/**
 * A JSON string where the contract says string ({@code "model_id": false} is refused, not read as
 * "false").
 */
@Singleton
@Primary
final class StrictStringDeserializer extends StrictScalar<String> {
  StrictStringDeserializer() {
    super(String.class, "a string");
  }
}
