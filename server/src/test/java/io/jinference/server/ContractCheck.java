package io.jinference.server;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Every response the server test suites receive through {@link TestServer} is checked against the
 * contract (openapi/inference-api.yaml) with Atlassian's validator: the operation exists, the
 * status is declared for it, and the body matches the schema declared for that status and content
 * type. A mismatch fails the test that made the request. Requests are not checked here: the suites
 * send invalid ones on purpose.
 *
 * <p>Outside the contract on purpose: the pages and files that document or watch the server ({@code
 * /openapi.json}, {@code /docs}, {@code /redoc} and their assets, {@code /metrics}); and a path no
 * operation matches must be answered with a 404 or 405 error body.
 */
public final class ContractCheck {
  private static final List<String> OUTSIDE =
      List.of("/openapi.json", "/openapi/", "/docs", "/redoc", "/metrics");
  private static final OpenApiInteractionValidator VALIDATOR =
      OpenApiInteractionValidator.createForInlineApiSpecification(spec())
          .withLevelResolver(
              LevelResolver.create()
                  .withLevel("validation.request", ValidationReport.Level.IGNORE)
                  .build())
          .build();

  private ContractCheck() {}

  private static String spec() {
    for (Path p :
        List.of(Path.of("../openapi/inference-api.yaml"), Path.of("openapi/inference-api.yaml"))) {
      if (Files.exists(p)) {
        try {
          return Files.readString(p);
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
    }
    throw new IllegalStateException(
        "openapi/inference-api.yaml not found from " + Path.of("").toAbsolutePath());
  }

  /** Fails with the validator's messages when the response does not match the contract. */
  public static void check(String method, URI uri, int status, String contentType, byte[] body) {
    String path = uri.getRawPath();
    if (OUTSIDE.stream().anyMatch(path::startsWith)) {
      return;
    }
    SimpleResponse.Builder response = SimpleResponse.Builder.status(status);
    if (contentType != null) {
      response.withContentType(contentType);
    }
    boolean json = contentType != null && contentType.toLowerCase(Locale.ROOT).contains("json");
    if (body != null && body.length > 0) {
      // JSON is checked against its schema; other bodies (JPEG, HTML) only for being declared
      response.withBody(
          json ? new String(body, StandardCharsets.UTF_8) : "(" + body.length + " bytes)");
    }
    ValidationReport report =
        VALIDATOR.validateResponse(path, Request.Method.valueOf(method), response.build());
    List<ValidationReport.Message> errors =
        report.getMessages().stream()
            .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
            .collect(Collectors.toList());
    if (errors.isEmpty()) {
      return;
    }
    boolean noOperation =
        errors.stream()
            .allMatch(
                m ->
                    m.getKey().startsWith("validation.request.path.missing")
                        || m.getKey().startsWith("validation.request.operation.notAllowed"));
    if (noOperation && (status == 404 || status == 405) && json) {
      return; // a route that does not exist, answered as such
    }
    throw new AssertionError(
        "The answer to "
            + method
            + " "
            + path
            + " (HTTP "
            + status
            + ") does not match the "
            + "contract:\n"
            + errors.stream()
                .map(m -> "  " + m.getKey() + ": " + m.getMessage())
                .collect(Collectors.joining("\n"))
            + "\nbody: "
            + preview(body));
  }

  private static String preview(byte[] body) {
    if (body == null) {
      return "(none)";
    }
    String text = new String(body, StandardCharsets.UTF_8);
    return text.length() > 600 ? text.substring(0, 600) + "..." : text;
  }
}
