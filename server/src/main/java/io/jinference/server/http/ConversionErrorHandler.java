package io.jinference.server.http;

import io.jinference.server.http.model.ErrorResponse;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/**
 * A JSON body whose values have the wrong shape ({@code "image": "abc"}, {@code "confidence": "worst"},
 * {@code "max_detections": "many"}): 422 with what was expected. Unparseable JSON stays 400.
 */
@Singleton
@Produces
@Replaces(io.micronaut.http.server.exceptions.ConversionErrorHandler.class)
final class ConversionErrorHandler implements ExceptionHandler<ConversionErrorException, HttpResponse<ErrorResponse>> {

  @Override
  public HttpResponse<ErrorResponse> handle(HttpRequest request, ConversionErrorException e) {
    String detail = e.getConversionError().getCause().getMessage();
    int source = detail == null ? -1 : detail.indexOf("\n at [Source");
    if (source > 0) {
      detail = detail.substring(0, source);
    }
    boolean query = !e.getArgument().getAnnotationMetadata().hasAnnotation(io.micronaut.http.annotation.Body.class)
        && !"request".equals(e.getArgument().getName());
    String where = query ? "parameter '" + e.getArgument().getName() + "'" : "request body";
    return HttpResponse.<ErrorResponse>status(HttpStatus.UNPROCESSABLE_ENTITY)
        .body(new ErrorResponse("Invalid " + where + ": " + detail).errorType("RequestValidationError"));
  }
}
