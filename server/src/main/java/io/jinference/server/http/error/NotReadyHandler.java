package io.jinference.server.http.error;

import io.jinference.server.http.model.HealthStatus;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/**
 * {@code /readiness} while preloaded models are still loading: 503 {@code {"status": "not ready"}},
 * Roboflow's body.
 */
@Singleton
@Produces
public final class NotReadyHandler
    implements ExceptionHandler<NotReadyHandler.NotReadyException, HttpResponse<HealthStatus>> {
  /** Preloaded models are still loading. */
  public static final class NotReadyException extends RuntimeException {
    public NotReadyException() {
      super(null, null, false, false);
    }
  }

  @Override
  public HttpResponse<HealthStatus> handle(HttpRequest request, NotReadyException e) {
    return HttpResponse.<HealthStatus>status(HttpStatus.SERVICE_UNAVAILABLE)
        .body(new HealthStatus("not ready"));
  }
}
