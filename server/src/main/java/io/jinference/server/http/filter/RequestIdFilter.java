package io.jinference.server.http.filter;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Correlation ({@code X-Request-ID}, as Roboflow's asgi-correlation-id): a well-formed id the
 * client sends is kept, otherwise one is made; it is echoed on the response and written in the
 * server's log lines about the request. {@code X-Processing-Time} gives the seconds the server
 * spent on the request.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public final class RequestIdFilter implements Ordered {
  static final String HEADER = "X-Request-ID";
  private static final String ID = "jinference.request-id";
  private static final String STARTED = "jinference.started-nanos";

  /**
   * Ids are echoed into headers and logs: printable, short, no separators a log reader could be
   * fooled by.
   */
  private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  @Override
  public int getOrder() {
    return HIGHEST_PRECEDENCE; // before access control, so that refusals carry the id too
  }

  @RequestFilter
  void start(HttpRequest<?> request) {
    String given = request.getHeaders().get(HEADER);
    String id =
        given != null && WELL_FORMED.matcher(given).matches()
            ? given
            : UUID.randomUUID().toString().replace("-", "").toLowerCase(Locale.ROOT);
    request.setAttribute(ID, id);
    request.setAttribute(STARTED, System.nanoTime());
  }

  @ResponseFilter
  void finish(HttpRequest<?> request, MutableHttpResponse<?> response) {
    request.getAttribute(ID, String.class).ifPresent(id -> response.header(HEADER, id));
    request
        .getAttribute(STARTED, Long.class)
        .ifPresent(
            started ->
                response.header(
                    "X-Processing-Time",
                    String.format(Locale.ROOT, "%.4f", (System.nanoTime() - started) / 1e9)));
  }

  /** The request's correlation id, for log lines ({@code "-"} outside a request). */
  public static String of(HttpRequest<?> request) {
    return request == null ? "-" : request.getAttribute(ID, String.class).orElse("-");
  }
}
