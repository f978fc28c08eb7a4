package io.jinference.server.http.error;

import io.jinference.server.http.model.ErrorResponse;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.validation.exceptions.ConstraintExceptionHandler;
import jakarta.inject.Singleton;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import java.util.stream.Collectors;

/**
 * A body that parses but breaks the schema (a required field missing, a null element): 422, as
 * Roboflow's FastAPI answers, with the JSON path of each problem ({@code "image: must not be
 * null"}).
 */
@Singleton
@Produces
@Replaces(ConstraintExceptionHandler.class)
final class ConstraintViolationHandler
    implements ExceptionHandler<ConstraintViolationException, HttpResponse<ErrorResponse>> {

  @Override
  public HttpResponse<ErrorResponse> handle(HttpRequest request, ConstraintViolationException e) {
    String message =
        e.getConstraintViolations().stream()
            .map(ConstraintViolationHandler::describe)
            .sorted()
            .collect(Collectors.joining("; "));
    return HttpResponse.<ErrorResponse>status(HttpStatus.UNPROCESSABLE_ENTITY)
        .body(new ErrorResponse("Invalid request: " + message).errorType("RequestValidationError"));
  }

  /**
   * {@code "inferObjectDetection.request.image: must not be null"} becomes {@code "image: must not
   * be null"}.
   */
  private static String describe(ConstraintViolation<?> v) {
    String path = v.getPropertyPath().toString();
    String[] parts = path.split("\\.", 3);
    String field = parts.length == 3 ? parts[2] : parts[parts.length - 1];
    return JsonNames.snake(field) + ": " + v.getMessage();
  }
}
