package io.jinference.server.http.wire;

import io.jinference.server.http.model.ModelDescription;
import io.jinference.server.http.model.ModelsDescriptions;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.Encoder;
import io.micronaut.serde.Serializer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.List;

/**
 * {@code /model/registry}'s body as Roboflow's server writes it: the models, then its memory fields
 * as explicit {@code null}s (Roboflow writes null on a CPU too; this server accounts no GPU
 * memory).
 */
@Singleton
final class ModelsDescriptionsSerializer implements Serializer<ModelsDescriptions> {
  private static final List<String> NULL_FIELDS =
      List.of(
          "total_vram_bytes",
          "gpu_memory_used",
          "gpu_memory_total",
          "torch_cuda_allocated",
          "torch_cuda_reserved",
          "torch_cuda_allocator_cache",
          "non_torch_gpu_memory");
  private static final Argument<List<ModelDescription>> MODELS =
      Argument.listOf(ModelDescription.class);

  @Override
  public void serialize(
      Encoder encoder,
      EncoderContext context,
      Argument<? extends ModelsDescriptions> type,
      ModelsDescriptions value)
      throws IOException {
    try (Encoder o = encoder.encodeObject(type)) {
      o.encodeKey("models");
      Serializer<? super List<ModelDescription>> models =
          context.findSerializer(MODELS).createSpecific(context, MODELS);
      models.serialize(
          o, context, MODELS, value.getModels() == null ? List.of() : value.getModels());
      for (String field : NULL_FIELDS) {
        o.encodeKey(field);
        o.encodeNull();
      }
    }
  }
}
