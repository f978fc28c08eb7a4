package io.jinference.server.http.controller;

import io.jinference.server.http.api.ModelsApi;
import io.jinference.server.http.auth.RequestKeys;
import io.jinference.server.http.model.AddModelRequest;
import io.jinference.server.http.model.ClearModelRequest;
import io.jinference.server.http.model.ModelDescription;
import io.jinference.server.http.model.ModelsDescriptions;
import io.jinference.server.model.LoadedModel;
import io.jinference.server.model.ModelManager;
import io.micronaut.http.annotation.Controller;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** {@code /model/registry}, {@code /model/add}, {@code /model/remove}, {@code /model/clear}. */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
class ModelsController implements ModelsApi {
  private final ModelManager models;
  private final ModelRequests requests;

  ModelsController(ModelManager models, ModelRequests requests) {
    this.models = models;
    this.requests = requests;
  }

  @Override
  public ModelsDescriptions listLoadedModels(RequestKeys keys) {
    return describe();
  }

  @Override
  public ModelsDescriptions addModel(AddModelRequest request, RequestKeys keys) {
    models.add(request.getModelId(), keys.roboflowKey(request.getApiKey()));
    return describe();
  }

  @Override
  public ModelsDescriptions removeModel(ClearModelRequest request) {
    models.remove(request.getModelId());
    return describe();
  }

  @Override
  public ModelsDescriptions clearModels() {
    models.clear();
    requests.forgetAll();
    return describe();
  }

  private ModelsDescriptions describe() {
    List<ModelDescription> list = new ArrayList<>();
    for (LoadedModel m : models.loaded()) {
      ModelDescription d =
          new ModelDescription(m.modelPackage().id().toString(), m.modelPackage().taskType());
      d.setBatchSize(m.batchSize());
      d.setInputWidth(m.inputWidth());
      d.setInputHeight(m.inputHeight());
      d.setRequestPaths(requests.paths(d.getModelId()));
      d.setRequestAliases(requests.aliases(d.getModelId()));
      list.add(d);
    }
    models
        .loadedCoreModels()
        .forEach(
            (id, task) -> {
              ModelDescription d = new ModelDescription(id.toString(), task);
              d.setRequestPaths(requests.paths(d.getModelId()));
              d.setRequestAliases(requests.aliases(d.getModelId()));
              list.add(d);
            });
    list.sort(Comparator.comparing(ModelDescription::getModelId));
    return new ModelsDescriptions(list);
  }
}
