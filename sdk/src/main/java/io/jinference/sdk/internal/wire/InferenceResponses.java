package io.jinference.sdk.internal.wire;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The contract's {@code *InferenceResponses}: one response object for one image, an array for a
 * list. Kept as JSON trees; the client maps each element to the task's response model.
 */
public final class InferenceResponses {
  private final JsonNode node;

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public InferenceResponses(JsonNode node) {
    this.node = node;
  }

  public boolean isBatch() {
    return node.isArray();
  }

  /** The responses in request order (one element when a single image was sent). */
  public List<JsonNode> elements() {
    if (!node.isArray()) {
      return Collections.singletonList(node);
    }
    List<JsonNode> list = new ArrayList<>();
    node.forEach(list::add);
    return list;
  }

  @JsonValue
  JsonNode toJson() {
    return node;
  }
}
