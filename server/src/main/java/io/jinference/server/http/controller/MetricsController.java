package io.jinference.server.http.controller;

import io.jinference.server.config.Setting;
import io.jinference.server.config.Settings;
import io.jinference.server.http.model.ErrorResponse;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

/**
 * {@code /metrics}: every series in Prometheus' text format (what Roboflow's server serves there);
 * 404 with {@code METRICS_ENABLED=false}.
 */
@Controller
final class MetricsController {
  private static final MediaType PROMETHEUS =
      MediaType.of("text/plain; version=0.0.4; charset=utf-8");

  private final PrometheusMeterRegistry registry;
  private final boolean enabled;

  MetricsController(@Nullable PrometheusMeterRegistry registry, Settings settings) {
    this.registry = registry;
    this.enabled = registry != null && settings.flag(Setting.METRICS_ENABLED);
  }

  @Get("/metrics")
  HttpResponse<?> scrape() {
    if (!enabled) {
      return HttpResponse.notFound(
          new ErrorResponse("Metrics are turned off (METRICS_ENABLED=false).")
              .errorType("NotFound"));
    }
    return HttpResponse.ok(registry.scrape()).contentType(PROMETHEUS);
  }
}
