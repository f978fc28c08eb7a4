package io.jinference.server.http.controller;

import io.jinference.server.http.api.InfoApi;
import io.jinference.server.http.error.NotReadyHandler;
import io.jinference.server.http.model.HealthStatus;
import io.jinference.server.http.model.ServerVersionInfo;
import io.jinference.server.model.ModelManager;
import io.micronaut.http.annotation.Controller;
import java.util.UUID;

/** {@code /info}, {@code /healthz} and {@code /readiness} with Roboflow's bodies. */
@Controller
final class InfoController implements InfoApi {
  static final String NAME = "jinference";
  private final ServerVersionInfo info =
      new ServerVersionInfo(NAME, Version.current(), UUID.randomUUID().toString());
  private final ModelManager models;

  InfoController(ModelManager models) {
    this.models = models;
  }

  @Override
  public ServerVersionInfo getServerInfo() {
    return info;
  }

  @Override
  public HealthStatus getHealth() {
    return new HealthStatus("healthy");
  }

  @Override
  public HealthStatus getReadiness() {
    if (!models.ready()) {
      throw new NotReadyHandler.NotReadyException();
    }
    return new HealthStatus("ready");
  }
}
