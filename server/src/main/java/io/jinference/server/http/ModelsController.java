package io.jinference.server.http;

import io.jinference.server.http.api.ModelsApi;
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

  ModelsController(ModelManager models) {
    this.models = models;
  }

  @Override
  public ModelsDescriptions listLoadedModels(String apiKey) {
    return describe();
  }

  @AcceptsBodyApiKey
  @Override
  public ModelsDescriptions addModel(AddModelRequest request) {
    models.get(request.getModelId(), ApiKeys.resolve(null, request.getApiKey()));
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
    return describe();
  }

  private ModelsDescriptions describe() {
    List<ModelDescription> list = new ArrayList<>();
    for (LoadedModel m : models.loaded()) {
      ModelDescription d = new ModelDescription(m.modelPackage().id().toString(), m.modelPackage().taskType());
      d.setBatchSize(m.batchSize());
      d.setInputWidth(m.inputWidth());
      d.setInputHeight(m.inputHeight());
      d.setRequestPaths(List.of(requestPath(m.modelPackage().taskType())));
      list.add(d);
    }
    list.sort(Comparator.comparing(ModelDescription::getModelId));
    return new ModelsDescriptions(list);
  }

  private static String requestPath(String taskType) {
    return "/infer/" + ("keypoint-detection".equals(taskType) ? "keypoints_detection" : taskType.replace('-', '_'));
  }
}
