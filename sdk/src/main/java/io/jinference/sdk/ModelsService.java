package io.jinference.sdk;

import io.jinference.sdk.internal.Calls;
import io.jinference.sdk.internal.Results;
import io.jinference.sdk.internal.Transport;
import io.jinference.sdk.internal.model.AddModelRequest;
import io.jinference.sdk.internal.model.ClearModelRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The server's loaded models ({@code /model/*}), with the method names of Roboflow's Python client.
 * Every method has an {@code ...Async} twin that waits on no thread.
 *
 * <pre>{@code
 * client.models().loadModel("coco/3");
 * for (ModelDescription m : client.models().listLoadedModels()) {
 *   System.out.println(m.modelId() + " " + m.taskType());
 * }
 * client.models().unloadAllModels();
 * }</pre>
 */
public final class ModelsService {
  private final Transport transport;
  private final @Nullable String apiKey;
  private final Map<String, ModelDescription> descriptions;

  ModelsService(
      Transport transport, @Nullable String apiKey, Map<String, ModelDescription> descriptions) {
    this.transport = transport;
    this.apiKey = apiKey;
    this.descriptions = descriptions;
  }

  /**
   * {@code POST /model/add}: loads a model on the server (a no-op when it is loaded).
   *
   * @param modelId the model, as {@code project/version} (for example {@code coco/3})
   * @return the models loaded now
   */
  public List<ModelDescription> loadModel(String modelId) {
    return Calls.await(loadModelAsync(modelId));
  }

  /**
   * Like {@link #loadModel(String)}, without blocking the caller.
   *
   * @param modelId the model, as {@code project/version} (for example {@code coco/3})
   * @return a future of the answer, failed with an {@link InferenceException} if the call fails
   */
  public CompletableFuture<List<ModelDescription>> loadModelAsync(String modelId) {
    AddModelRequest request = new AddModelRequest().modelId(modelId).apiKey(apiKey);
    return transport
        .calls
        .enqueue(transport.models.addModel(request, null /* key in the body */), "POST /model/add")
        .thenApply(Results::models);
  }

  /**
   * {@code POST /model/remove}.
   *
   * @param modelId the model, as {@code project/version} (for example {@code coco/3})
   * @return the models still loaded
   */
  public List<ModelDescription> unloadModel(String modelId) {
    return Calls.await(unloadModelAsync(modelId));
  }

  /**
   * Like {@link #unloadModel(String)}, without blocking the caller.
   *
   * @param modelId the model, as {@code project/version} (for example {@code coco/3})
   * @return a future of the answer, failed with an {@link InferenceException} if the call fails
   */
  public CompletableFuture<List<ModelDescription>> unloadModelAsync(String modelId) {
    descriptions.remove(modelId);
    return transport
        .calls
        .enqueue(
            transport.models.removeModel(new ClearModelRequest().modelId(modelId)),
            "POST /model/remove")
        .thenApply(Results::models);
  }

  /**
   * {@code POST /model/clear}.
   *
   * @return the models still loaded (none)
   */
  public List<ModelDescription> unloadAllModels() {
    return Calls.await(unloadAllModelsAsync());
  }

  /**
   * Like {@link #unloadAllModels()}, without blocking the caller.
   *
   * @return a future of the answer, failed with an {@link InferenceException} if the call fails
   */
  public CompletableFuture<List<ModelDescription>> unloadAllModelsAsync() {
    descriptions.clear();
    return transport
        .calls
        .enqueue(transport.models.clearModels(), "POST /model/clear")
        .thenApply(Results::models);
  }

  /**
   * {@code GET /model/registry}.
   *
   * @return the models loaded now
   */
  public List<ModelDescription> listLoadedModels() {
    return Calls.await(listLoadedModelsAsync());
  }

  /**
   * Like {@link #listLoadedModels()}, without blocking the caller.
   *
   * @return a future of the answer, failed with an {@link InferenceException} if the call fails
   */
  public CompletableFuture<List<ModelDescription>> listLoadedModelsAsync() {
    return transport
        .calls
        .enqueue(transport.models.listLoadedModels(apiKey), "GET /model/registry")
        .thenApply(Results::models);
  }

  /**
   * The registry's description of a model; with {@code allowLoading} the model is loaded when
   * absent (as the Python client's {@code get_model_description}). A model that is not loaded (and
   * may not be) is a {@link NotFoundException}.
   *
   * @param modelId the model, as {@code project/version} (for example {@code coco/3})
   * @param allowLoading whether the server may load the model to describe it
   * @return the model's description
   */
  public ModelDescription getModelDescription(String modelId, boolean allowLoading) {
    return Calls.await(getModelDescriptionAsync(modelId, allowLoading));
  }

  /**
   * Like {@link #getModelDescription(String, boolean)}, without blocking the caller.
   *
   * @param modelId the model, as {@code project/version} (for example {@code coco/3})
   * @param allowLoading whether the server may load the model to describe it
   * @return a future of the answer, failed with an {@link InferenceException} if the call fails
   */
  public CompletableFuture<ModelDescription> getModelDescriptionAsync(
      String modelId, boolean allowLoading) {
    return listLoadedModelsAsync()
        .thenCompose(
            loaded -> {
              ModelDescription found = find(loaded, modelId);
              if (found != null || !allowLoading) {
                return CompletableFuture.completedFuture(found);
              }
              return loadModelAsync(modelId).thenApply(added -> find(added, modelId));
            })
        .thenApply(
            found -> {
              if (found == null) {
                throw new NotFoundException(
                    404,
                    "Model " + modelId + " is not loaded on the server.",
                    null,
                    "GET /model/registry");
              }
              descriptions.put(modelId, found);
              return found;
            });
  }

  /** Like Roboflow's client, the task routes ask the registry for a model's task, once. */
  CompletableFuture<ModelDescription> describeCachedAsync(String modelId) {
    ModelDescription known = descriptions.get(modelId);
    return known != null
        ? CompletableFuture.completedFuture(known)
        : getModelDescriptionAsync(modelId, true);
  }

  private static @Nullable ModelDescription find(List<ModelDescription> models, String modelId) {
    for (ModelDescription m : models) {
      if (m.modelId().equals(modelId)) {
        return m;
      }
    }
    return null;
  }
}
