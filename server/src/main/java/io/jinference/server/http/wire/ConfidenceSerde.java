package io.jinference.server.http.wire;

import io.micronaut.core.type.Argument;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.Decoder;
import io.micronaut.serde.Encoder;
import io.micronaut.serde.Serde;
import io.micronaut.serde.exceptions.SerdeException;
import jakarta.inject.Singleton;
import java.io.IOException;

@Singleton
final class ConfidenceSerde implements Serde<Confidence> {
  @Override
  public Confidence deserialize(
      Decoder decoder, DecoderContext context, Argument<? super Confidence> type)
      throws IOException {
    JsonNode node = decoder.decodeNode();
    if (node.isNumber()) {
      return new Confidence(node.getFloatValue(), null);
    }
    if (node.isString()
        && ("best".equals(node.getStringValue()) || "default".equals(node.getStringValue()))) {
      return new Confidence(null, node.getStringValue());
    }
    throw new SerdeException("'confidence' must be a number in [0, 1], \"best\" or \"default\"");
  }

  @Override
  public void serialize(
      Encoder encoder,
      EncoderContext context,
      Argument<? extends Confidence> type,
      Confidence value)
      throws IOException {
    if (value.threshold() != null) {
      encoder.encodeFloat(value.threshold());
    } else {
      encoder.encodeString(value.word());
    }
  }

  @Override
  public boolean isEmpty(EncoderContext context, Confidence value) {
    return value == null;
  }
}
