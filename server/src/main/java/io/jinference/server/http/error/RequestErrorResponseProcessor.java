package io.jinference.server.http.error;

import io.jinference.server.config.Setting;
import io.jinference.server.config.Settings;
import io.jinference.server.http.model.ErrorResponse;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import java.util.stream.Collectors;

/**
 * Errors the framework raises before our code runs (unparseable JSON, missing fields, unknown
 * routes, bodies over the size limit) get the same {@code {"message", "error_type"}} body as every
 * other error.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
final class RequestErrorResponseProcessor implements ErrorResponseProcessor<ErrorResponse> {
  private final long maxBody;

  RequestErrorResponseProcessor(Settings settings) {
    this.maxBody = settings.number(Setting.MAX_REQUEST_BODY_BYTES);
  }

  @Override
  public MutableHttpResponse<ErrorResponse> processResponse(
      ErrorContext context, MutableHttpResponse<?> response) {
    String message =
        context.getErrors().isEmpty()
            ? response.reason()
            : context.getErrors().stream().map(Error::getMessage).collect(Collectors.joining("; "));
    if (response.status() == HttpStatus.REQUEST_ENTITY_TOO_LARGE) {
      // Micronaut's text names its own configuration key; ours names the setting to change.
      message =
          "Request body is larger than the limit of "
              + maxBody
              + " bytes (MAX_REQUEST_BODY_BYTES).";
    }
    return response
        .body(new ErrorResponse(clean(message)).errorType(errorType(response.status())))
        .contentType(MediaType.APPLICATION_JSON_TYPE);
  }

  /** Keeps Jackson's explanation, drops its echo of the request source. */
  private static String clean(String message) {
    if (message == null) {
      return "Invalid request.";
    }
    int source = message.indexOf("\n at [Source");
    return source > 0 ? message.substring(0, source) : message;
  }

  static String errorType(HttpStatus status) {
    switch (status) {
      case BAD_REQUEST:
        return "InvalidRequestError";
      case UNPROCESSABLE_ENTITY:
        return "RequestValidationError";
      case NOT_FOUND:
        return "NotFoundError";
      case METHOD_NOT_ALLOWED:
        return "MethodNotAllowedError";
      case REQUEST_ENTITY_TOO_LARGE:
        return "PayloadTooLargeError";
      case UNSUPPORTED_MEDIA_TYPE:
        return "ContentTypeInvalid";
      default:
        return status.getCode() >= 500 ? "InternalError" : "RequestError";
    }
  }
}
