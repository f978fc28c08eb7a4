package io.jinference.server.http.auth;

import io.micronaut.core.convert.ArgumentConversionContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.bind.binders.AnnotatedRequestArgumentBinder;
import io.micronaut.http.bind.binders.TypedRequestArgumentBinder;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * Binds a route's {@code @QueryValue("api_key") RequestKeys} parameter (declared once in the
 * contract as the {@code ApiKey} parameter) to the request's query and header keys and this
 * server's own keys: the one place a handler gets its caller's keys from, with no request
 * attributes or thread-locals. Registered for the type and the annotation together, so Micronaut
 * takes it before its plain query-value conversion.
 */
@Singleton
final class RequestKeysBinder
    implements AnnotatedRequestArgumentBinder<QueryValue, RequestKeys>,
        TypedRequestArgumentBinder<RequestKeys> {
  private final ServerKeys server;

  RequestKeysBinder(ServerKeys server) {
    this.server = server;
  }

  @Override
  public Class<QueryValue> getAnnotationType() {
    return QueryValue.class;
  }

  @Override
  public Argument<RequestKeys> argumentType() {
    return Argument.of(RequestKeys.class);
  }

  @Override
  public BindingResult<RequestKeys> bind(
      ArgumentConversionContext<RequestKeys> context, HttpRequest<?> source) {
    RequestKeys keys = RequestKeys.of(source, server);
    return () -> Optional.of(keys);
  }
}
