package io.jinference.server.model;

/**
 * A foundation-model family this server serves on routes of its own (PP-OCR, depth estimation):
 * {@code PRELOAD_MODELS} and {@code PINNED_MODELS} load it at start as they load the store's
 * models, and readiness waits for it too.
 */
public interface CoreModel {
  /** Whether model ids of this family name ({@code pp_ocr}, {@code depth-anything-v2}) are ours. */
  boolean serves(String family);

  /** Loads the model's weights now, if they are not loaded yet. */
  void load(ModelId id);
}
