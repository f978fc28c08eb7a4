package io.jinference.server.http.error;

import io.jinference.server.http.filter.RequestIdFilter;
import io.jinference.server.http.model.ErrorResponse;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Anything not handled more specifically: 500 with Roboflow's {@code "Internal error."} and an id
 * that finds the full stack trace in the server log. No stack trace or exception text reaches the
 * client.
 */
@Singleton
@Produces
final class UnexpectedErrorHandler
    implements ExceptionHandler<Exception, HttpResponse<ErrorResponse>> {
  private static final Logger LOG = LoggerFactory.getLogger(UnexpectedErrorHandler.class);

  /**
   * Whether the failure is the client going away mid-request (an upload cut short), anywhere in the
   * causes: the body stream's own "connection closed" end, not any EOFException (a truncated file
   * of ours is a real error).
   */
  static boolean clientLeft(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      boolean bodyCut =
          t instanceof java.io.EOFException
              && t.getMessage() != null
              && t.getMessage().startsWith("Connection closed before full body was received");
      if (bodyCut || t instanceof java.nio.channels.ClosedChannelException) {
        return true;
      }
    }
    return false;
  }

  @Override
  public HttpResponse<ErrorResponse> handle(HttpRequest request, Exception e) {
    if (clientLeft(e)) {
      // The client closed the connection before its body arrived: nobody will read an answer,
      // nothing failed here.
      LOG.debug(
          "[{}] {} {}: the client closed the connection before sending the whole body",
          RequestIdFilter.of(request),
          request.getMethod(),
          request.getPath());
      return HttpResponse.badRequest(
          new ErrorResponse("The request body was not received whole.")
              .errorType("InvalidRequestError"));
    }
    String id = UUID.randomUUID().toString();
    LOG.error(
        "[{}] Internal error {} on {} {}",
        RequestIdFilter.of(request),
        id,
        request.getMethod(),
        request.getPath(),
        e);
    return HttpResponse.serverError(
        new ErrorResponse("Internal error. (error id " + id + ")").errorType("InternalError"));
  }
}
