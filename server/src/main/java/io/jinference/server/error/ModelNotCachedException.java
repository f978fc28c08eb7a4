package io.jinference.server.error;

/** OFFLINE_MODE is on and the model is not in the local cache (404). */
public final class ModelNotCachedException extends ApiException {
  /** A model this server never downloads: {@code howToGetIt} says where its files go. */
  public ModelNotCachedException(String modelId, String howToGetIt) {
    super(
        404,
        "ModelNotCachedError",
        "Model " + modelId + " is not in the local model cache. " + howToGetIt);
  }

  public ModelNotCachedException(String modelId) {
    super(
        404,
        "ModelNotCachedError",
        "Model "
            + modelId
            + " is not in the local model cache and OFFLINE_MODE is on,"
            + " so it cannot be downloaded. Copy its files into MODEL_CACHE_DIR or turn OFFLINE_MODE off.");
  }
}
