package io.jinference.server.http.error;

import com.fasterxml.jackson.core.exc.StreamReadException;
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
 * A JSON body whose values have the wrong shape ({@code "image": "abc"}, {@code "confidence":
 * "worst"}, {@code "max_detections": "many"}): 422 with what was expected. Unparseable JSON stays
 * 400.
 */
@Singleton
@Produces
@Replaces(io.micronaut.http.server.exceptions.ConversionErrorHandler.class)
final class ConversionErrorHandler
    implements ExceptionHandler<ConversionErrorException, HttpResponse<ErrorResponse>> {

  @Override
  public HttpResponse<ErrorResponse> handle(HttpRequest request, ConversionErrorException e) {
    Throwable cause = e.getConversionError().getCause();
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof StreamReadException) {
        // Broken JSON found while reading a nested value is still broken JSON.
        return HttpResponse.<ErrorResponse>status(HttpStatus.BAD_REQUEST)
            .body(
                new ErrorResponse(
                        "Invalid JSON: " + clean(((StreamReadException) t).getOriginalMessage()))
                    .errorType("InvalidRequestError"));
      }
    }
    String detail = clean(cause.getMessage());
    boolean query =
        !e.getArgument()
                .getAnnotationMetadata()
                .hasAnnotation(io.micronaut.http.annotation.Body.class)
            && !"request".equals(e.getArgument().getName());
    String where = query ? "parameter '" + e.getArgument().getName() + "'" : "request body";
    return HttpResponse.<ErrorResponse>status(HttpStatus.UNPROCESSABLE_ENTITY)
        .body(
            new ErrorResponse("Invalid " + where + ": " + detail)
                .errorType("RequestValidationError"));
  }

  /**
   * Micronaut's "Error decoding property [Type javaName] of type [class ...]: " names the Java
   * property of the generated class, not the field a client sent.
   */
  private static final java.util.regex.Pattern PROPERTY =
      java.util.regex.Pattern.compile(
          "Error decoding property \\[\\S+ (\\w+)\\] of type \\[[^\\]]*\\]: ");

  /**
   * Drops Jackson's description of where in the source the problem is, and names fields by their
   * JSON names.
   */
  static String clean(String message) {
    if (message == null) {
      return "unreadable value";
    }
    message = PROPERTY.matcher(message).replaceAll(m -> JsonNames.snake(m.group(1)) + ": ");
    for (String marker :
        new String[] {"\n at [Source", " (start marker at", "\n at [No location"}) {
      int i = message.indexOf(marker);
      if (i > 0) {
        message = message.substring(0, i);
      }
    }
    return message;
  }
}
