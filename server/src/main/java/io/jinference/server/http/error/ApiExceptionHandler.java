package io.jinference.server.http.error;

import io.jinference.server.error.ApiException;
import io.jinference.server.error.ServerApiKeyException;
import io.jinference.server.http.filter.RequestIdFilter;
import io.jinference.server.http.model.ErrorResponse;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Domain errors to Roboflow's status codes and {@code {"message", "error_type"}} bodies. */
@Singleton
@Produces
final class ApiExceptionHandler
    implements ExceptionHandler<ApiException, HttpResponse<ErrorResponse>> {
  private static final Logger LOG = LoggerFactory.getLogger(ApiExceptionHandler.class);

  @Override
  public HttpResponse<ErrorResponse> handle(HttpRequest request, ApiException e) {
    if (e.status() >= 500 && e.status() != 501) {
      LOG.warn(
          "[{}] {} {} failed with {}: {}",
          RequestIdFilter.of(request),
          request.getMethod(),
          request.getPath(),
          e.status(),
          e.getMessage(),
          e.getCause());
    } else {
      LOG.debug(
          "[{}] {} {} refused with {}: {}",
          RequestIdFilter.of(request),
          request.getMethod(),
          request.getPath(),
          e.status(),
          e.getMessage());
    }
    MutableHttpResponse<ErrorResponse> response =
        HttpResponse.<ErrorResponse>status(HttpStatus.valueOf(e.status()))
            .body(new ErrorResponse(e.getMessage()).errorType(e.errorType()));
    if (e.status() == 503 || e.status() == 429) {
      response.header("Retry-After", "1");
    }
    if (e instanceof ServerApiKeyException) {
      response.header("WWW-Authenticate", "Bearer");
    }
    return response;
  }
}
