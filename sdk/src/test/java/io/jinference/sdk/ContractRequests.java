package io.jinference.sdk;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.ValidationReport;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * After each test, every request the SDK sent to WireMock is validated against the contract with
 * Atlassian's validator: the operation exists, its parameters and its body match the declared
 * schema (so a field the spec makes required and the SDK does not send fails the test). Register
 * with {@code @ExtendWith} beside {@code @WireMockTest}.
 */
final class ContractRequests implements AfterEachCallback {
  private static final OpenApiInteractionValidator CONTRACT =
      OpenApiInteractionValidator.createForInlineApiSpecification(spec()).build();

  private final OpenApiInteractionValidator validator;

  ContractRequests() {
    this(CONTRACT);
  }

  /** Against another version of the contract (the test that a stricter contract fails). */
  ContractRequests(String spec) {
    this(OpenApiInteractionValidator.createForInlineApiSpecification(spec).build());
  }

  private ContractRequests(OpenApiInteractionValidator validator) {
    this.validator = validator;
  }

  static String spec() {
    Path p =
        Path.of(System.getProperty("maven.multiModuleProjectDirectory", ".."))
            .resolve("openapi/inference-api.yaml");
    if (!Files.exists(p)) {
      p = Path.of("../openapi/inference-api.yaml");
    }
    try {
      return Files.readString(p);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    List<String> problems = new ArrayList<>();
    for (ServeEvent event : WireMock.getAllServeEvents()) {
      LoggedRequest r = event.getRequest();
      ValidationReport report = validator.validateRequest(request(r));
      List<String> errors =
          report.getMessages().stream()
              .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
              .map(m -> m.getKey() + ": " + m.getMessage())
              .collect(Collectors.toList());
      if (!errors.isEmpty()) {
        problems.add(r.getMethod() + " " + r.getUrl() + "\n    " + String.join("\n    ", errors));
      }
    }
    if (!problems.isEmpty()) {
      throw new AssertionError(
          "Requests the SDK sent do not match the contract:\n  " + String.join("\n  ", problems));
    }
  }

  static SimpleRequest request(LoggedRequest r) {
    URI uri = URI.create(r.getUrl());
    SimpleRequest.Builder b = new SimpleRequest.Builder(r.getMethod().getName(), uri.getRawPath());
    r.getQueryParams().forEach((name, values) -> b.withQueryParam(name, values.values()));
    for (HttpHeader h : r.getHeaders().all()) {
      b.withHeader(h.key(), h.values());
    }
    if (r.getBody() != null && r.getBody().length > 0) {
      b.withBody(r.getBody());
    }
    return b.build();
  }
}
