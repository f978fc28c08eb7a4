package io.jinference.server.http.wire;

import io.jinference.server.http.model.ModelDescription;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.Encoder;
import io.micronaut.serde.Serializer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.List;

/**
 * {@code /model/registry} entries with explicit {@code null}s, as Roboflow's server writes them
 * (its registry route is serialised by FastAPI, not with exclude_none): {@code "batch_size": null}
 * means a dynamic batch.
 */
@Singleton
final class ModelDescriptionSerializer implements Serializer<ModelDescription> {
  @Override
  public void serialize(
      Encoder encoder,
      EncoderContext context,
      Argument<? extends ModelDescription> type,
      ModelDescription d)
      throws IOException {
    try (Encoder o = encoder.encodeObject(type)) {
      o.encodeKey("model_id");
      o.encodeString(d.getModelId());
      o.encodeKey("task_type");
      o.encodeString(d.getTaskType());
      number(o, "batch_size", d.getBatchSize());
      number(o, "input_height", d.getInputHeight());
      number(o, "input_width", d.getInputWidth());
      number(o, "vram_bytes", d.getVramBytes());
      strings(o, "request_aliases", d.getRequestAliases());
      strings(o, "request_paths", d.getRequestPaths());
    }
  }

  private static void number(Encoder o, String key, Number value) throws IOException {
    o.encodeKey(key);
    if (value == null) {
      o.encodeNull();
    } else {
      o.encodeLong(value.longValue());
    }
  }

  private static void strings(Encoder o, String key, List<String> values) throws IOException {
    o.encodeKey(key);
    try (Encoder array = o.encodeArray(Argument.listOf(String.class))) {
      for (String v : values == null ? List.<String>of() : values) {
        array.encodeString(v);
      }
    }
  }
}
