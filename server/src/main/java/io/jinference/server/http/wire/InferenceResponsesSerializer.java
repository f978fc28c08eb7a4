package io.jinference.server.http.wire;

import io.micronaut.core.type.Argument;
import io.micronaut.serde.Encoder;
import io.micronaut.serde.Serializer;
import jakarta.inject.Singleton;
import java.io.IOException;

@Singleton
final class InferenceResponsesSerializer implements Serializer<InferenceResponses> {
  @Override
  public void serialize(
      Encoder encoder,
      EncoderContext context,
      Argument<? extends InferenceResponses> type,
      InferenceResponses value)
      throws IOException {
    if (value.batch()) {
      try (Encoder array = encoder.encodeArray(type)) {
        for (Object element : value.responses()) {
          write(array, context, element);
        }
      }
    } else {
      write(encoder, context, value.responses().get(0));
    }
  }

  @SuppressWarnings("unchecked")
  private static void write(Encoder encoder, EncoderContext context, Object element)
      throws IOException {
    Argument<Object> arg = (Argument<Object>) Argument.of(element.getClass());
    context
        .findSerializer(arg)
        .createSpecific(context, arg)
        .serialize(encoder, context, arg, element);
  }
}
