package io.jinference.server.http.wire;

import io.micronaut.context.annotation.Primary;
import jakarta.inject.Singleton;

/**
 * A JSON boolean where the contract says boolean: {@code "disable_sinks": 4486} is refused, not
 * taken for true.
 */
@Singleton
@Primary
final class StrictBooleanDeserializer extends StrictScalar<Boolean> {
  StrictBooleanDeserializer() {
    super(Boolean.class, "true or false");
  }
}
