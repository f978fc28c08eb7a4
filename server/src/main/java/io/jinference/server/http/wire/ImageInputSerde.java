package io.jinference.server.http.wire;

import io.jinference.server.http.model.InferenceRequestImage;
import io.micronaut.core.type.Argument;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.Decoder;
import io.micronaut.serde.Deserializer;
import io.micronaut.serde.Encoder;
import io.micronaut.serde.LimitingStream;
import io.micronaut.serde.Serde;
import io.micronaut.serde.Serializer;
import io.micronaut.serde.exceptions.SerdeException;
import io.micronaut.serde.support.util.JsonNodeDecoder;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads {@code "image"} as an object or an array of objects; writes it back the same way. */
@Singleton
final class ImageInputSerde implements Serde<ImageInput> {
  private static final Argument<InferenceRequestImage> ELEMENT =
      Argument.of(InferenceRequestImage.class);

  @Override
  public ImageInput deserialize(
      Decoder decoder, DecoderContext context, Argument<? super ImageInput> type)
      throws IOException {
    JsonNode node = decoder.decodeNode();
    Deserializer<? extends InferenceRequestImage> element =
        context.findDeserializer(ELEMENT).createSpecific(context, ELEMENT);
    if (node.isArray()) {
      List<InferenceRequestImage> images = new ArrayList<>(node.size());
      for (JsonNode item : node.values()) {
        images.add(read(element, item, context));
      }
      return new ImageInput(images, true);
    }
    if (!node.isObject()) {
      throw new SerdeException(
          "'image' must be an object {\"type\": ..., \"value\": ...} or a list of them");
    }
    return new ImageInput(List.of(read(element, node, context)), false);
  }

  private static InferenceRequestImage read(
      Deserializer<? extends InferenceRequestImage> element, JsonNode node, DecoderContext context)
      throws IOException {
    if (!node.isObject()) {
      throw new SerdeException(
          "each element of 'image' must be an object {\"type\": ..., \"value\": ...}");
    }
    return element.deserialize(
        JsonNodeDecoder.create(node, LimitingStream.DEFAULT_LIMITS), context, ELEMENT);
  }

  @Override
  public void serialize(
      Encoder encoder,
      EncoderContext context,
      Argument<? extends ImageInput> type,
      ImageInput value)
      throws IOException {
    if (value.batch()) {
      Argument<List<InferenceRequestImage>> list = Argument.listOf(InferenceRequestImage.class);
      Serializer<? super List<InferenceRequestImage>> s =
          context.findSerializer(list).createSpecific(context, list);
      s.serialize(encoder, context, list, value.images());
    } else {
      Serializer<? super InferenceRequestImage> s =
          context.findSerializer(ELEMENT).createSpecific(context, ELEMENT);
      s.serialize(encoder, context, ELEMENT, value.images().get(0));
    }
  }
}
