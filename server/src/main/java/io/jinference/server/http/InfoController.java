package io.jinference.server.http;

import io.jinference.server.http.api.InfoApi;
import io.jinference.server.http.model.HealthStatus;
import io.jinference.server.http.model.ServerVersionInfo;
import io.micronaut.http.annotation.Controller;
import io.jinference.server.model.ModelManager;
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
      throw new NotReadyException();
    }
    return new HealthStatus("ready");
  }

  /** Preloaded models are still loading. */
  static final class NotReadyException extends RuntimeException {
    NotReadyException() {
      super(null, null, false, false);
    }
  }

  /** 503 {@code {"status": "not ready"}}, Roboflow's body. */
  @jakarta.inject.Singleton
  @io.micronaut.http.annotation.Produces
  static final class NotReadyHandler implements
      io.micronaut.http.server.exceptions.ExceptionHandler<NotReadyException, io.micronaut.http.HttpResponse<HealthStatus>> {
    @Override
    public io.micronaut.http.HttpResponse<HealthStatus> handle(io.micronaut.http.HttpRequest request, NotReadyException e) {
      return io.micronaut.http.HttpResponse.<HealthStatus>status(io.micronaut.http.HttpStatus.SERVICE_UNAVAILABLE)
          .body(new HealthStatus("not ready"));
    }
  }
}
