package io.jinference.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.jinference.server.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** X-Request-ID correlation, X-Processing-Time and CORS from ALLOW_ORIGINS, over real HTTP. */
class HeadersAndCorsTest {
  private final TestServer server = TestServer.shared();

  @Test
  void requestIdsAreKeptWhenWellFormedAndMadeOtherwise() {
    HttpResponse<String> given =
        server.send(
            HttpRequest.newBuilder(server.uri("/healthz"))
                .header("X-Request-ID", "trace-42.a")
                .GET()
                .build());
    assertEquals("trace-42.a", given.headers().firstValue("X-Request-ID").orElse(""));
    double seconds =
        Double.parseDouble(given.headers().firstValue("X-Processing-Time").orElse("-1"));
    assertTrue(seconds >= 0, "X-Processing-Time in seconds");
    HttpResponse<String> odd =
        server.send(
            HttpRequest.newBuilder(server.uri("/healthz"))
                .header("X-Request-ID", "two words\ttab")
                .GET()
                .build());
    String made = odd.headers().firstValue("X-Request-ID").orElse("");
    assertTrue(made.matches("[0-9a-f]{32}"), made);
    String other = server.get("/healthz").headers().firstValue("X-Request-ID").orElse("");
    assertTrue(other.matches("[0-9a-f]{32}"), other);
    assertNotEquals(made, other);
    try (TestServer keyed = TestServer.with(Map.of("inference.server.api.keys", "k"))) {
      HttpResponse<String> refused = keyed.get("/model/registry");
      assertEquals(401, refused.statusCode());
      assertTrue(
          refused.headers().firstValue("X-Request-ID").isPresent(), "refusals carry the id too");
    }
  }

  @Test
  void theRequestIdIsInTheServersLogLinesAboutTheRequest() {
    Logger handler =
        (Logger) LoggerFactory.getLogger("io.jinference.server.http.error.ApiExceptionHandler");
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    handler.addAppender(captured);
    Level previous = handler.getLevel();
    handler.setLevel(Level.DEBUG);
    try {
      HttpResponse<String> r =
          server.send(
              HttpRequest.newBuilder(server.uri("/infer/object_detection"))
                  .header("Content-Type", "application/json")
                  .header("X-Request-ID", "log-me-7")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          TestServer.detectBody("no-such-model/1", "darknet-dog.jpg", "")))
                  .build());
      assertTrue(r.statusCode() >= 400, r.body());
      assertTrue(
          captured.list.stream().anyMatch(e -> e.getFormattedMessage().contains("[log-me-7]")),
          captured.list.toString());
    } finally {
      handler.setLevel(previous);
      handler.detachAppender(captured);
    }
  }

  @Test
  void modelHeadersSayWhichModelsRanAndWhetherTheyHadToLoad() throws Exception {
    try (TestServer fresh = TestServer.with(Map.of())) {
      String body = TestServer.detectBody("coco-nanodet/1", "darknet-dog.jpg", "");
      HttpResponse<String> first = fresh.postJson("/infer/object_detection", body);
      assertEquals(200, first.statusCode());
      assertEquals("coco-nanodet/1", first.headers().firstValue("X-Model-Id").orElse(""));
      assertEquals("true", first.headers().firstValue("X-Model-Cold-Start").orElse(""));
      assertEquals("1", first.headers().firstValue("X-Model-Cold-Start-Count").orElse(""));
      assertTrue(
          Double.parseDouble(first.headers().firstValue("X-Model-Load-Time").orElse("-1")) > 0);
      HttpResponse<String> second = fresh.postJson("/infer/object_detection", body);
      assertEquals("false", second.headers().firstValue("X-Model-Cold-Start").orElse(""));
      assertTrue(second.headers().firstValue("X-Model-Load-Time").isEmpty());
      assertTrue(
          fresh.get("/healthz").headers().firstValue("X-Model-Id").isEmpty(),
          "no model, no header");
      // a workflow's model steps run on other threads, in parallel: every model is reported
      String every;
      try (var in = getClass().getResourceAsStream("/workflows/every-task.json")) {
        every = new String(in.readAllBytes());
      }
      HttpResponse<String> workflow =
          fresh.postJson(
              "/workflows/run",
              "{\"specification\":"
                  + every
                  + ",\"inputs\":{\"image\":{\"type\":\"base64\",\"value\":\""
                  + TestServer.base64("darknet-person.jpg")
                  + "\"}}}");
      assertEquals(200, workflow.statusCode(), workflow.body());
      java.util.Set<String> ids =
          java.util.Set.of(workflow.headers().firstValue("X-Model-Id").orElse("").split(","));
      java.util.Set<String> named = new java.util.HashSet<>();
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("\"model_id\":\\s*\"([^\"]+)\"").matcher(every);
      while (m.find()) {
        named.add(m.group(1));
      }
      assertTrue(named.size() >= 4, named.toString());
      assertEquals(named, ids, "every model the definition names");
    }
  }

  private static HttpResponse<String> preflight(TestServer s, String origin) {
    return s.send(
        HttpRequest.newBuilder(s.uri("/infer/object_detection"))
            .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "content-type")
            .build());
  }

  @Test
  void anyOriginMayCallByDefaultWithoutCredentials() {
    HttpResponse<String> pre = preflight(server, "https://app.example.com");
    assertEquals(200, pre.statusCode(), pre.headers().map().toString());
    assertEquals(
        "https://app.example.com",
        pre.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
    assertTrue(
        pre.headers().firstValue("Access-Control-Allow-Methods").orElse("").contains("POST"));
    assertTrue(
        pre.headers().firstValue("Access-Control-Allow-Credentials").isEmpty(), "no credentials");
    HttpResponse<String> simple =
        server.send(
            HttpRequest.newBuilder(server.uri("/info"))
                .header("Origin", "https://app.example.com")
                .GET()
                .build());
    assertEquals(
        "https://app.example.com",
        simple.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
    assertTrue(
        simple
            .headers()
            .firstValue("Access-Control-Expose-Headers")
            .orElse("")
            .contains("X-Request-ID"));
  }

  @Test
  void allowOriginsLimitsTheOrigins() {
    try (TestServer limited = TestServer.with(Map.of("ALLOW_ORIGINS", "https://one.example.com"))) {
      assertEquals(
          "https://one.example.com",
          preflight(limited, "https://one.example.com")
              .headers()
              .firstValue("Access-Control-Allow-Origin")
              .orElse(""));
      HttpResponse<String> other = preflight(limited, "https://evil.example.net");
      assertTrue(
          other.headers().firstValue("Access-Control-Allow-Origin").isEmpty(),
          other.headers().map().toString());
    }
  }
}
