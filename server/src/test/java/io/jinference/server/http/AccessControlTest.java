package io.jinference.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jinference.server.TestServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * INFERENCE_SERVER_API_KEYS: every route but the public ones needs a key, found as Roboflow finds
 * api keys.
 */
class AccessControlTest {
  private static final String MODEL = "coco-nanodet/1";
  @TempDir static Path dir;
  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    Path file = Files.writeString(dir.resolve("keys.txt"), "# operators\ngamma\n\n");
    server =
        TestServer.with(
            Map.of(
                "inference.server.api.keys",
                "alpha, beta",
                "inference.server.api.keys.file",
                file.toString(),
                "metrics.public",
                "false"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<String> get(String path, String bearer) {
    HttpRequest.Builder b = HttpRequest.newBuilder(server.uri(path)).GET();
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    return server.send(b.build());
  }

  private static void assertRefused(HttpResponse<String> r) {
    assertEquals(401, r.statusCode(), r.body());
    JsonNode body = TestServer.json(r);
    assertEquals("Unauthorized", body.path("error_type").asText());
    assertTrue(body.path("message").asText().contains("api_key"), r.body());
    assertEquals("Bearer", r.headers().firstValue("WWW-Authenticate").orElse(""));
  }

  @Test
  void publicRoutesNeedNoKey() {
    for (String path : new String[] {"/healthz", "/readiness", "/info", "/openapi.json"}) {
      assertEquals(200, get(path, null).statusCode(), path);
    }
  }

  @Test
  void everyOtherRouteNeedsOneOfTheKeys() {
    assertRefused(get("/model/registry", null));
    assertRefused(get("/model/registry", "delta"));
    // the server key may come in either place, the other then carrying the caller's Roboflow key
    assertEquals(200, get("/model/registry?api_key=delta", "alpha").statusCode());
    assertEquals(200, get("/model/registry?api_key=alpha", "delta").statusCode());
    assertRefused(get("/model/registry?api_key=delta", "epsilon"));
    assertRefused(get("/metrics", null)); // METRICS_PUBLIC=false
    assertEquals(200, get("/model/registry?api_key=alpha", null).statusCode());
    assertEquals(200, get("/model/registry", "beta").statusCode());
    assertEquals(
        200,
        get("/model/registry", "gamma").statusCode(),
        "a key from INFERENCE_SERVER_API_KEYS_FILE");
    assertRefused(get("/model/registry", "# operators"));
  }

  @Test
  void inferenceRunsWithAKeyInTheHeaderOrTheBodyAndIsRefusedWithout() {
    String body = TestServer.detectBody(MODEL, "darknet-dog.jpg", "");
    assertRefused(server.postJson("/infer/object_detection", body));
    assertRefused(
        server.postJson(
            "/infer/object_detection",
            TestServer.detectBody(MODEL, "darknet-dog.jpg", "\"api_key\":\"delta\"")));
    HttpResponse<String> header =
        server.send(
            HttpRequest.newBuilder(server.uri("/infer/object_detection"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer beta")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    assertEquals(200, header.statusCode(), header.body());
    HttpResponse<String> inBody =
        server.postJson(
            "/infer/object_detection",
            TestServer.detectBody(MODEL, "darknet-dog.jpg", "\"api_key\":\"gamma\""));
    assertEquals(200, inBody.statusCode(), inBody.body());
    assertTrue(TestServer.json(inBody).path("predictions").size() > 0, "a real inference ran");
    // workflows read the body's key too
    String workflow =
        "{\"api_key\":\"alpha\",\"specification\":{\"version\":\"1.0\",\"inputs\":[],\"steps\":[],"
            + "\"outputs\":[]},\"inputs\":{}}";
    assertEquals(200, server.postJson("/workflows/run", workflow).statusCode());
    assertRefused(server.postJson("/workflows/run", workflow.replace("alpha", "omega")));
    // a route that does not read a body key wants it in the query or header, even with one in the
    // body
    assertRefused(server.postJson("/workflows/blocks/describe", "{\"api_key\":\"alpha\"}"));
    assertRefused(
        server.postJson("/model/remove", "{\"api_key\":\"alpha\",\"model_id\":\"" + MODEL + "\"}"));
  }

  /**
   * Every route that may find the key in its body refuses a body key that is not one of the
   * server's; a route whose body carries no key wants it in the query or header.
   */
  @Test
  void routesThatReadTheBodysKeyRefuseAnyOtherKeyThere() {
    String spec = "{\"version\":\"1.0\",\"inputs\":[],\"steps\":[],\"outputs\":[]}";
    String run = "{\"api_key\":\"KEY\",\"specification\":" + spec + ",\"inputs\":{}}";
    String saved = "{\"api_key\":\"KEY\",\"inputs\":{}}";
    String named =
        "{\"api_key\":\"KEY\",\"workspace_name\":\"w\",\"workflow_id\":\"f\",\"inputs\":{}}";
    Map<String, String> routes =
        Map.of(
            "/model/add", "{\"api_key\":\"KEY\",\"model_id\":\"" + MODEL + "\"}",
            "/infer/workflows", run,
            "/workflows/specification/infer", run,
            "/my-workspace/workflows/my-flow", saved,
            "/infer/workflows/my-workspace/my-flow", saved,
            "/workflows/predefined/infer", named,
            "/my-workspace/workflows/my-flow/describe_interface", saved);
    routes.forEach(
        (path, body) -> {
          assertRefused(server.postJson(path, body.replace("KEY", "delta")));
          assertNotEquals(
              401, server.postJson(path, body.replace("KEY", "beta")).statusCode(), path);
        });
    assertEquals(
        200,
        server
            .postJson("/model/add", routes.get("/model/add").replace("KEY", "alpha"))
            .statusCode());
    // the validation route's body is the definition itself: no key is looked for there
    assertRefused(server.postJson("/workflows/validate", spec));
    assertEquals(200, server.postJson("/workflows/validate?api_key=alpha", spec).statusCode());
  }

  @Test
  void dotSegmentsAndOddPathsDoNotMakeAProtectedRoutePublic() throws Exception {
    for (String path :
        new String[] {
          "/healthz/../model/registry",
          "/docs/assets/../../model/registry",
          "/docs/assets/%2e%2e/%2e%2e/model/registry",
          "//model/registry",
          "/healthz/",
          "/HEALTHZ"
        }) {
      int status = raw("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
      assertTrue(status == 401 || status == 404 || status == 400, path + " answered " + status);
    }
  }

  @Test
  void theHostHeaderPlaysNoPartInDecidingWhatIsPublic() throws Exception {
    // Starlette's BadHost: a Host that makes an absolute URL whose path looks public
    assertEquals(
        401, raw("GET /model/registry HTTP/1.1\r\nHost: x?/docs\r\nConnection: close\r\n\r\n"));
    assertEquals(
        401,
        raw(
            "GET /model/registry HTTP/1.1\r\nHost: localhost/healthz#\r\nConnection: close\r\n\r\n"));
  }

  /** Sends bytes as they are (no client-side normalisation) and answers the status code. */
  private static int raw(String request) throws Exception {
    URI u = server.uri("/");
    try (Socket s = new Socket(u.getHost(), u.getPort())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      String status = new String(in.readNBytes(12), StandardCharsets.ISO_8859_1);
      return Integer.parseInt(status.substring(9, 12));
    }
  }

  @Test
  void anUnreadableKeyFileStopsTheServerAtStart() {
    RuntimeException e =
        assertThrows(
            RuntimeException.class,
            () ->
                TestServer.with(
                        Map.of(
                            "inference.server.api.keys.file",
                            dir.resolve("missing.txt").toString()))
                    .close());
    Throwable cause = e;
    while (cause.getCause() != null
        && !cause.getMessage().contains("INFERENCE_SERVER_API_KEYS_FILE")) {
      cause = cause.getCause();
    }
    assertTrue(cause.getMessage().contains("INFERENCE_SERVER_API_KEYS_FILE"), e.toString());
  }
}
