package io.jinference.server.model;

/**
 * A foundation-model family this server serves on routes of its own, outside the model store
 * (PP-OCR): {@code PRELOAD_MODELS} and {@code PINNED_MODELS} load it at start as they load the
 * store's models, and readiness waits for it too.
 */
public interface CoreModel {
  /** The family's name in model ids, as Roboflow writes it ({@code pp_ocr}). */
  String family();

  /** Loads the family's weights now, if they are not loaded yet. */
  void load();
}
