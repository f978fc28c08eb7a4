package io.jinference.examples;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * In the examples' test servers ({@code test.contract-check}): every answer the examples get is
 * checked against the contract as it leaves the server (the body serialised by the server's own
 * JSON mapper), and what does not match is kept for the test to fail on ({@link #problems()}).
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Requires(property = "test.contract-check")
final class ContractFilter {
  private static final List<String> PROBLEMS = new CopyOnWriteArrayList<>();
  private static final java.util.concurrent.atomic.AtomicInteger CHECKED =
      new java.util.concurrent.atomic.AtomicInteger();
  private static final OpenApiInteractionValidator VALIDATOR =
      OpenApiInteractionValidator.createForInlineApiSpecification(spec())
          .withLevelResolver(
              LevelResolver.create()
                  .withLevel("validation.request", ValidationReport.Level.IGNORE)
                  .build())
          .build();

  private final JsonMapper json;

  ContractFilter(JsonMapper json) {
    this.json = json;
  }

  private static String spec() {
    try {
      return Files.readString(Path.of("../openapi/inference-api.yaml"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** How many answers were checked so far (that the filter is in place at all). */
  static int checked() {
    return CHECKED.get();
  }

  /** What did not match since the last call, and forgets it. */
  static List<String> problems() {
    List<String> found = List.copyOf(PROBLEMS);
    PROBLEMS.clear();
    return found;
  }

  @ResponseFilter
  void check(HttpRequest<?> request, MutableHttpResponse<?> response) throws IOException {
    String path = request.getPath();
    if (path.startsWith("/docs")
        || path.startsWith("/redoc")
        || path.startsWith("/openapi")
        || path.equals("/metrics")) {
      return;
    }
    Object body = response.getBody().orElse(null);
    String type =
        response
            .getContentType()
            .map(MediaType::toString)
            .orElse(
                body == null
                    ? null
                    : body instanceof byte[]
                        ? "application/octet-stream"
                        : MediaType.APPLICATION_JSON);
    SimpleResponse.Builder r = SimpleResponse.Builder.status(response.code());
    if (type != null) {
      r.withContentType(type);
    }
    if (body instanceof byte[]) {
      r.withBody("(" + ((byte[]) body).length + " bytes)");
    } else if (body != null) {
      r.withBody(new String(json.writeValueAsBytes(body), StandardCharsets.UTF_8));
    }
    CHECKED.incrementAndGet();
    ValidationReport report =
        VALIDATOR.validateResponse(
            path, Request.Method.valueOf(request.getMethodName()), r.build());
    List<String> errors =
        report.getMessages().stream()
            .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
            .map(m -> m.getKey() + ": " + m.getMessage())
            .collect(Collectors.toList());
    if (!errors.isEmpty()) {
      PROBLEMS.add(request.getMethodName() + " " + path + " -> " + response.code() + ": " + errors);
    }
  }
}
