package io.jinference.server.model;

/**
 * A foundation-model family this server serves on routes of its own (PP-OCR, depth estimation):
 * {@code PRELOAD_MODELS} and {@code PINNED_MODELS} load it at start as they load the store's
 * models, and readiness waits for it too; {@code /model/add}, {@code /model/remove}, {@code
 * /model/clear} and {@code /model/registry} handle its models as the store's, and they count in
 * {@code MAX_ACTIVE_MODELS}: each use is reported to {@link CoreModelUses}.
 */
public interface CoreModel {
  /** Whether model ids of this family name ({@code pp_ocr}, {@code depth-anything-v2}) are ours. */
  boolean serves(String family);

  /** Loads the model's weights now, if they are not loaded yet. */
  void load(ModelId id);

  /** The task {@code /model/registry} names for the family's models. */
  String taskType();

  /** The family's loaded models. */
  java.util.List<ModelId> loaded();

  /** Unloads a model once its runs in flight have ended; unknown ids are ignored. */
  void unload(ModelId id);
}
