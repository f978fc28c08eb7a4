package io.jinference.server.http.filter;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Roboflow's Python client sends {@code {"excluded_fields": [...]}} as a JSON body on {@code GET
 * /inference_pipelines/{id}/consume}, which a contract cannot declare on a GET: this filter reads
 * that body (bounded like every body) and leaves the list for the controller. Anything else in the
 * body is ignored, as Roboflow does.
 */
@ServerFilter("/inference_pipelines/*/consume")
public final class ConsumeBodyFilter {
  private static final String ATTRIBUTE = "jinference.excluded-fields";
  private static final int MOST_FIELDS = 256;
  private final JsonMapper json;

  ConsumeBodyFilter(JsonMapper json) {
    this.json = json;
  }

  @RequestFilter
  void read(HttpRequest<?> request, @Nullable @Body byte[] body) {
    if (body == null || body.length == 0) {
      return;
    }
    try {
      Map<String, Object> parsed = json.readValue(body, Argument.mapOf(String.class, Object.class));
      if (parsed != null && parsed.get("excluded_fields") instanceof List<?> fields) {
        List<String> names = new ArrayList<>();
        for (Object f : fields) {
          if (f instanceof String name && names.size() < MOST_FIELDS) {
            names.add(name);
          }
        }
        request.setAttribute(ATTRIBUTE, names);
      }
    } catch (IOException | RuntimeException e) {
      // not JSON: Roboflow reads the body only for this list; the request goes on without it
    }
  }

  /** The excluded fields the request's body named; empty when none. */
  @SuppressWarnings("unchecked")
  public static List<String> excludedFields(@Nullable HttpRequest<?> request) {
    return request == null
        ? List.of()
        : (List<String>) request.getAttribute(ATTRIBUTE, List.class).orElse(List.of());
  }
}
