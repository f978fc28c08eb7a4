package io.jinference.sdk.internal.wire;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import io.jinference.sdk.internal.model.InferenceRequestImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The contract's {@code ImageInput}: one image object or a list of them. The generator cannot
 * express that oneOf, so the spec maps it here (see codegen-traps: schemaMappings). A list is sent
 * as a JSON array even when it holds one element, because the server answers a list with a list.
 */
@JsonDeserialize(using = ImageInput.Deserializer.class)
public final class ImageInput {
  private final List<InferenceRequestImage> images;
  private final boolean batch;

  private ImageInput(List<InferenceRequestImage> images, boolean batch) {
    this.images = Collections.unmodifiableList(new ArrayList<>(images));
    this.batch = batch;
  }

  public static ImageInput single(InferenceRequestImage image) {
    return new ImageInput(Collections.singletonList(image), false);
  }

  public static ImageInput batch(List<InferenceRequestImage> images) {
    return new ImageInput(images, true);
  }

  public List<InferenceRequestImage> images() {
    return images;
  }

  public boolean isBatch() {
    return batch;
  }

  @JsonValue
  Object toJson() {
    return batch ? images : images.get(0);
  }

  static final class Deserializer extends StdDeserializer<ImageInput> {
    Deserializer() {
      super(ImageInput.class);
    }

    @Override
    public ImageInput deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      JsonNode node = p.readValueAsTree();
      if (node.isArray()) {
        List<InferenceRequestImage> list = new ArrayList<>();
        for (JsonNode element : node) {
          list.add(ctxt.readTreeAsValue(element, InferenceRequestImage.class));
        }
        return batch(list);
      }
      return single(ctxt.readTreeAsValue(node, InferenceRequestImage.class));
    }
  }
}
