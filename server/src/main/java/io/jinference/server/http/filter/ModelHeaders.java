package io.jinference.server.http.filter;

import io.jinference.server.model.ModelUseListener;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.context.ServerRequestContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Roboflow's model response headers: {@code X-Model-Id} (the models the request used, comma
 * separated), {@code X-Model-Cold-Start} (whether any had to be loaded first), {@code
 * X-Model-Cold-Start-Count} and {@code X-Model-Load-Time} (seconds spent waiting for loads), on
 * every response that used a model.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
final class ModelHeaders implements ModelUseListener {
  private static final String USES = "jinference.model-uses";

  private record Use(String modelId, boolean coldStart, long waitedNanos) {}

  @Override
  public void used(String modelId, String requestedAs, boolean coldStart, long waitedNanos) {
    ServerRequestContext.currentRequest()
        .ifPresent(request -> uses(request).add(new Use(modelId, coldStart, waitedNanos)));
  }

  @SuppressWarnings("unchecked")
  private static List<Use> uses(HttpRequest<?> request) {
    synchronized (request) { // workflow steps obtain models from several threads at once
      List<Use> uses = (List<Use>) request.getAttribute(USES).orElse(null);
      if (uses == null) {
        uses = java.util.Collections.synchronizedList(new ArrayList<>());
        request.setAttribute(USES, uses);
      }
      return uses;
    }
  }

  @ResponseFilter
  void headers(HttpRequest<?> request, MutableHttpResponse<?> response) {
    if (request.getAttribute(USES).isEmpty()) {
      return;
    }
    List<Use> uses;
    synchronized (uses(request)) {
      uses = List.copyOf(uses(request));
    }
    Set<String> ids = new LinkedHashSet<>();
    int cold = 0;
    long waited = 0;
    for (Use u : uses) {
      ids.add(u.modelId());
      cold += u.coldStart() ? 1 : 0;
      waited += u.waitedNanos();
    }
    response.header("X-Model-Id", String.join(",", ids));
    response.header("X-Model-Cold-Start", String.valueOf(cold > 0));
    response.header("X-Model-Cold-Start-Count", String.valueOf(cold));
    if (cold > 0) {
      response.header("X-Model-Load-Time", String.format(Locale.ROOT, "%.4f", waited / 1e9));
    }
  }
}
