package io.jinference.server.model;

/**
 * Told each time a request obtains a model from the {@link ModelManager}: which one, and whether
 * the request had to wait for it to load (a cold start, as Roboflow's {@code X-Model-Cold-Start}
 * header reports).
 */
public interface ModelUseListener {
  /**
   * @param modelId the model's id
   * @param requestedAs the id the request gave (an alias, or the id itself)
   * @param coldStart whether the model was not loaded yet when asked for
   * @param waitedNanos time spent waiting for the load (0 when warm)
   */
  void used(String modelId, String requestedAs, boolean coldStart, long waitedNanos);
}
