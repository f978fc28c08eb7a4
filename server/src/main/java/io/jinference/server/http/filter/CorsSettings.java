package io.jinference.server.http.filter;

import io.jinference.server.config.Setting;
import io.jinference.server.config.Settings;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.server.HttpServerConfiguration;
import io.micronaut.http.server.cors.CorsOriginConfiguration;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;

/**
 * CORS from {@code ALLOW_ORIGINS} (Roboflow's setting), applied to Micronaut's CORS filter: {@code
 * *} lets any origin call, a comma list only those, an empty value none. Credentials are never
 * allowed (Roboflow allows them, which with {@code *} lets any site act with a user's cookies); the
 * correlation and model headers are exposed.
 */
@Singleton
final class CorsSettings
    implements BeanCreatedEventListener<HttpServerConfiguration.CorsConfiguration> {
  static final List<String> EXPOSED =
      List.of(RequestIdFilter.HEADER, "X-Processing-Time", "X-Model-Id", "X-Model-Cold-Start");

  private final Settings settings;

  CorsSettings(Settings settings) {
    this.settings = settings;
  }

  @Override
  public HttpServerConfiguration.CorsConfiguration onCreated(
      BeanCreatedEvent<HttpServerConfiguration.CorsConfiguration> event) {
    HttpServerConfiguration.CorsConfiguration cors = event.getBean();
    List<String> origins = settings.ids(Setting.ALLOW_ORIGINS);
    cors.setEnabled(!origins.isEmpty());
    CorsOriginConfiguration api = new CorsOriginConfiguration();
    if (origins.contains("*")) {
      api.setAllowedOriginsRegex(".*");
    } else {
      api.setAllowedOrigins(origins);
    }
    api.setAllowCredentials(false);
    api.setExposedHeaders(EXPOSED);
    cors.setConfigurations(Map.of("api", api));
    return cors;
  }
}
