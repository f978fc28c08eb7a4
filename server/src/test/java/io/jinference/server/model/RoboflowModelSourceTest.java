package io.jinference.server.model;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.jinference.server.TestServer;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;

/**
 * Models from Roboflow's API, with WireMock standing in for the API and the object storage it
 * points to, and the real server downloading, caching, loading and serving them over HTTP.
 */
class RoboflowModelSourceTest {
  @RegisterExtension
  static WireMockExtension api =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final byte[] WEIGHTS = read("/model-store/yolov8-fixture/1/weights.onnx");

  private static byte[] read(String resource) {
    try (var in = RoboflowModelSourceTest.class.getResourceAsStream(resource)) {
      return in.readAllBytes();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A model on the stand-in API: metadata, environment.json and weights (the YOLOv8 fixture's). */
  private static void stubModel(String project, String version, byte[] weights) {
    String base = api.baseUrl();
    api.stubFor(
        get(urlPathEqualTo("/ort/" + project + "/" + version))
            .willReturn(
                okJson(
                    "{\"ort\": {"
                        + "\"type\": \"object-detection\", \"modelType\": \"yolov8n\", \"classes\": [\"cat\", \"dog\", \"car\"],"
                        + "\"colors\": {\"dog\": \"#FF0000\"},"
                        + "\"environment\": \""
                        + base
                        + "/storage/"
                        + project
                        + "/"
                        + version
                        + "/environment.json\","
                        + "\"model\": \""
                        + base
                        + "/storage/"
                        + project
                        + "/"
                        + version
                        + "/weights.onnx\"}}")));
    api.stubFor(
        get("/storage/" + project + "/" + version + "/environment.json")
            .willReturn(
                okJson(
                    "{\"PREPROCESSING\": \"{\\\"resize\\\": {\\\"enabled\\\": true, \\\"width\\\": 320, \\\"height\\\": 320,"
                        + " \\\"format\\\": \\\"Stretch to\\\"}}\"}")));
    api.stubFor(
        get("/storage/" + project + "/" + version + "/weights.onnx")
            .willReturn(aResponse().withStatus(200).withBody(weights)));
  }

  private static TestServer server(Object... settings) {
    Map<String, Object> s = new HashMap<>();
    s.put("offline.mode", "false");
    s.put("api.base.url", api.baseUrl());
    s.put("roboflow.api.retries", "1");
    for (int i = 0; i < settings.length; i += 2) {
      s.put((String) settings[i], settings[i + 1]);
    }
    return TestServer.with(s);
  }

  private static HttpResponse<String> detect(TestServer server, String model, String extra) {
    return server.postJson(
        "/infer/object_detection", TestServer.detectBody(model, "darknet-dog.jpg", extra));
  }

  private static int calls(String path) {
    return api.findAll(getRequestedFor(urlPathEqualTo(path))).size();
  }

  @Test
  void downloadsCachesAndServesThenReusesTheCacheAfterARestart() throws Exception {
    stubModel("soccer", "3", WEIGHTS);
    Path store;
    try (TestServer first = server()) {
      store = first.modelStore();
      HttpResponse<String> r = detect(first, "soccer/3", "\"api_key\":\"key-1\"");
      assertEquals(200, r.statusCode(), r.body());
      assertEquals("dog", TestServer.json(r).get("predictions").get(0).get("class").asText());
      assertEquals(200, detect(first, "soccer/3", "\"api_key\":\"key-1\"").statusCode());
      assertEquals(1, calls("/ort/soccer/3"), "the second request uses the loaded model");
      api.verify(
          getRequestedFor(urlPathEqualTo("/ort/soccer/3"))
              .withQueryParam("api_key", equalTo("key-1"))
              .withQueryParam("nocache", equalTo("true"))
              .withQueryParam("dynamic", equalTo("true"))
              .withQueryParam("device", matching(".+"))
              .withHeader("X-Roboflow-Inference-Version", matching(".+")));
    }
    Path dir = store.resolve("soccer/3");
    assertEquals("cat\ndog\ncar\n", Files.readString(dir.resolve("class_names.txt")));
    JsonNode type = TestServer.JSON.readTree(dir.resolve("model_type.json").toFile());
    assertEquals("object-detection", type.get("project_task_type").asText());
    assertEquals("yolov8n", type.get("model_type").asText());
    assertEquals(
        "#FF0000",
        TestServer.JSON
            .readTree(dir.resolve("environment.json").toFile())
            .get("COLORS")
            .get("dog")
            .asText());
    assertEquals(WEIGHTS.length, Files.size(dir.resolve("weights.onnx")));
    try (TestServer second = server("model.cache.dir", store.toString())) {
      assertEquals(200, detect(second, "soccer/3", "").statusCode());
      assertEquals(
          1, calls("/ort/soccer/3"), "a restarted server reads the disk cache, not the API");
    }
  }

  @Test
  void concurrentFirstRequestsDownloadAndLoadOnce() throws Exception {
    stubModel("crowd", "1", WEIGHTS);
    try (TestServer server = server()) {
      ExecutorService pool = Executors.newFixedThreadPool(20);
      try {
        List<Future<HttpResponse<String>>> all = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          all.add(pool.submit(() -> detect(server, "crowd/1", "")));
        }
        for (Future<HttpResponse<String>> f : all) {
          assertEquals(200, f.get(60, TimeUnit.SECONDS).statusCode());
        }
      } finally {
        pool.shutdownNow();
      }
      assertEquals(1, calls("/ort/crowd/1"));
      assertEquals(1, calls("/storage/crowd/1/weights.onnx"));
    }
  }

  @ParameterizedTest
  @CsvSource({
    "401, 401, RoboflowAPINotAuthorizedError",
    "402, 402, PaymentRequiredError",
    "403, 403, RoboflowAPIForbiddenError",
    "404, 404, RoboflowAPINotNotFoundError",
    "423, 423, RoboflowAPIUsagePausedError",
    "500, 502, RoboflowAPIUnsuccessfulRequestError"
  })
  void upstreamStatusesMapAsRoboflows(int upstream, int status, String errorType) {
    api.stubFor(get(urlPathEqualTo("/ort/failing/1")).willReturn(aResponse().withStatus(upstream)));
    try (TestServer server = server("roboflow.api.retries", "3")) {
      HttpResponse<String> r = detect(server, "failing/1", "");
      assertEquals(status, r.statusCode(), r.body());
      assertEquals(errorType, TestServer.json(r).get("error_type").asText());
      assertEquals(
          upstream >= 500 ? 3 : 1, calls("/ort/failing/1"), "only transient failures are retried");
    }
  }

  @Test
  void malformedJsonIsA502() {
    api.stubFor(
        get(urlPathEqualTo("/ort/garbled/1"))
            .willReturn(aResponse().withStatus(200).withBody("{not json")));
    try (TestServer server = server()) {
      HttpResponse<String> r = detect(server, "garbled/1", "");
      assertEquals(502, r.statusCode());
      assertEquals(
          "MalformedRoboflowAPIResponseError", TestServer.json(r).get("error_type").asText());
    }
  }

  @Test
  void unreachableApiIsA503AndASlowOneA504() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    try (TestServer server = server("api.base.url", "http://127.0.0.1:" + closed)) {
      HttpResponse<String> r = detect(server, "nowhere/1", "");
      assertEquals(503, r.statusCode(), r.body());
      assertEquals(
          "Internal error. Could not connect to Roboflow API.",
          TestServer.json(r).get("message").asText());
    }
    api.stubFor(get(urlPathEqualTo("/ort/slow/1")).willReturn(okJson("{}").withFixedDelay(3000)));
    try (TestServer server = server("roboflow.api.request.timeout.ms", "300")) {
      HttpResponse<String> r = detect(server, "slow/1", "");
      assertEquals(504, r.statusCode(), r.body());
      assertEquals(
          "Timeout when attempting to connect to Roboflow API.",
          TestServer.json(r).get("message").asText());
    }
  }

  @Test
  void corruptWeightsAreReportedAndNotLeftInTheCache() {
    stubModel("broken", "2", "this is not an onnx file".getBytes());
    try (TestServer server = server()) {
      HttpResponse<String> r = detect(server, "broken/2", "");
      assertEquals(500, r.statusCode(), r.body());
      assertEquals("Model package is broken.", TestServer.json(r).get("message").asText());
      assertFalse(
          Files.exists(server.modelStore().resolve("broken/2")), "the broken package was removed");
      stubModel("broken", "2", WEIGHTS); // fixed upstream: the next request downloads it afresh
      assertEquals(200, detect(server, "broken/2", "").statusCode());
      assertEquals(2, calls("/storage/broken/2/weights.onnx"));
    }
  }

  @Test
  void repeatedFailuresAreRememberedInsteadOfRetriedOnEveryRequest() {
    api.stubFor(get(urlPathEqualTo("/ort/flaky/1")).willReturn(aResponse().withStatus(500)));
    try (TestServer server = server("model.load.failure.limit", "3")) {
      for (int i = 0; i < 5; i++) {
        assertEquals(502, detect(server, "flaky/1", "").statusCode());
      }
      assertEquals(
          3, calls("/ort/flaky/1"), "after three failures the error is answered from memory");
    }
  }

  @Test
  void leastRecentlyUsedModelsAreEvictedAndPinnedOnesStay() {
    try (TestServer server =
        TestServer.with(Map.of("max.active.models", "2", "pinned.models", "yolonas-fixture/1"))) {
      for (String m : new String[] {"yolonas-fixture/1", "yolov8-fixture/1", "yolov5-fixture/1"}) {
        assertEquals(200, detect(server, m, "").statusCode());
      }
      assertEquals(List.of("yolonas-fixture/1", "yolov5-fixture/1"), loaded(server));
      assertEquals(200, detect(server, "yolov10-fixture/1", "").statusCode());
      assertEquals(List.of("yolonas-fixture/1", "yolov10-fixture/1"), loaded(server));
      assertTrue(
          Files.exists(server.modelStore().resolve("yolov8-fixture/1/weights.onnx")),
          "eviction keeps the files unless DISK_CACHE_CLEANUP");
    }
  }

  @Test
  void underMemoryPressureLoadingEvictsTheLeastRecentlyUsedFirst() {
    // a threshold of 1.0 is always under: every new model first unloads up to three others
    try (TestServer server =
        TestServer.with(
            Map.of("memory.free.threshold", "1.0", "pinned.models", "yolonas-fixture/1"))) {
      for (String m : new String[] {"yolonas-fixture/1", "yolov8-fixture/1", "yolov5-fixture/1"}) {
        assertEquals(200, detect(server, m, "").statusCode());
      }
      assertEquals(List.of("yolonas-fixture/1", "yolov5-fixture/1"), loaded(server));
      // a model already loaded evicts nothing
      assertEquals(200, detect(server, "yolov5-fixture/1", "").statusCode());
      assertEquals(List.of("yolonas-fixture/1", "yolov5-fixture/1"), loaded(server));
    }
    try (TestServer off = TestServer.with(Map.of("memory.free.threshold", "0.0"))) {
      for (String m : new String[] {"yolov8-fixture/1", "yolov5-fixture/1"}) {
        assertEquals(200, detect(off, m, "").statusCode());
      }
      assertEquals(List.of("yolov5-fixture/1", "yolov8-fixture/1"), loaded(off));
    }
  }

  private static List<String> loaded(TestServer server) {
    List<String> ids = new ArrayList<>();
    TestServer.json(server.get("/model/registry"))
        .get("models")
        .forEach(m -> ids.add(m.get("model_id").asText()));
    ids.sort(String::compareTo);
    return ids;
  }

  @Test
  void preloadedModelsGateReadiness() throws Exception {
    stubModel("warm", "1", WEIGHTS);
    api.stubFor(
        get(urlPathEqualTo("/ort/warm/1"))
            .willReturn(
                okJson(
                        api.getStubMappings().stream()
                            .filter(
                                m ->
                                    m.getRequest().getUrlPath() != null
                                        && m.getRequest().getUrlPath().equals("/ort/warm/1"))
                            .findFirst()
                            .orElseThrow()
                            .getResponse()
                            .getBody())
                    .withFixedDelay(1500)));
    try (TestServer server = server("preload.models", "warm/1")) {
      HttpResponse<String> early = server.get("/readiness");
      assertEquals(503, early.statusCode());
      assertEquals("{\"status\":\"not ready\"}", early.body());
      long deadline = System.currentTimeMillis() + 30_000;
      while (server.get("/readiness").statusCode() != 200
          && System.currentTimeMillis() < deadline) {
        Thread.sleep(100);
      }
      assertEquals(200, server.get("/readiness").statusCode());
      assertEquals(List.of("warm/1"), loaded(server));
    }
  }

  @Test
  void aSlowLoadAnswers503WhileOtherModelsKeepServing() throws Exception {
    stubModel("glacial", "1", WEIGHTS);
    api.stubFor(
        get(urlPathEqualTo("/storage/glacial/1/weights.onnx"))
            .willReturn(aResponse().withStatus(200).withBody(WEIGHTS).withFixedDelay(4000)));
    try (TestServer server = server("model.lock.acquire.timeout.ms", "500")) {
      assertEquals(200, detect(server, "yolov8-fixture/1", "").statusCode());
      HttpResponse<String> waiting = detect(server, "glacial/1", "");
      assertEquals(503, waiting.statusCode(), waiting.body());
      assertEquals("1", waiting.headers().firstValue("Retry-After").orElse(""));
      // The load goes on in the background; the loaded model answers meanwhile.
      for (int i = 0; i < 3; i++) {
        assertEquals(200, detect(server, "yolov8-fixture/1", "").statusCode());
      }
      assertFalse(
          loaded(server).contains("glacial/1"), "still loading while the other model served");
    }
  }

  @Test
  void apiKeyPrecedenceIsQueryThenHeaderThenBodyThenEnvironment() throws Exception {
    for (String m : new String[] {"k1", "k2", "k3", "k4"}) {
      stubModel(m, "1", WEIGHTS);
    }
    try (TestServer server = server("roboflow.api.key", "env-key")) {
      String body = TestServer.base64("darknet-dog.jpg");
      HttpClient http = HttpClient.newHttpClient();
      http.send(
          HttpRequest.newBuilder(server.uri("/k1/1?api_key=query-key"))
              .header("Authorization", "Bearer header-key")
              .header("Content-Type", "text/plain")
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build(),
          HttpResponse.BodyHandlers.ofString());
      http.send(
          HttpRequest.newBuilder(server.uri("/infer/object_detection"))
              .header("Authorization", "Bearer header-key")
              .header("Content-Type", "application/json")
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      TestServer.detectBody("k2/1", "darknet-dog.jpg", "\"api_key\":\"body-key\"")))
              .build(),
          HttpResponse.BodyHandlers.ofString());
      detect(server, "k3/1", "\"api_key\":\"body-key\"");
      detect(server, "k4/1", "");
    }
    api.verify(
        getRequestedFor(urlPathEqualTo("/ort/k1/1"))
            .withQueryParam("api_key", equalTo("query-key")));
    api.verify(
        getRequestedFor(urlPathEqualTo("/ort/k2/1"))
            .withQueryParam("api_key", equalTo("header-key")));
    api.verify(
        getRequestedFor(urlPathEqualTo("/ort/k3/1"))
            .withQueryParam("api_key", equalTo("body-key")));
    api.verify(
        getRequestedFor(urlPathEqualTo("/ort/k4/1")).withQueryParam("api_key", equalTo("env-key")));
  }

  @Test
  void apiKeysNeverReachTheLogs() {
    String secret = "very-secret-key-42";
    api.stubFor(get(urlPathEqualTo("/ort/logged/1")).willReturn(aResponse().withStatus(500)));
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    root.addAppender(captured);
    Logger ours = (Logger) LoggerFactory.getLogger("io.jinference");
    ch.qos.logback.classic.Level previous = ours.getLevel();
    ours.setLevel(ch.qos.logback.classic.Level.DEBUG);
    try (TestServer server = server("roboflow.api.retries", "2")) {
      HttpResponse<String> r = detect(server, "logged/1", "\"api_key\":\"" + secret + "\"");
      assertEquals(502, r.statusCode());
      assertFalse(r.body().contains(secret));
    } finally {
      root.detachAppender(captured);
      ours.setLevel(previous);
    }
    assertFalse(captured.list.isEmpty(), "the failure was logged");
    for (ILoggingEvent e : captured.list) {
      assertFalse(e.getFormattedMessage().contains(secret), e.getFormattedMessage());
    }
    assertTrue(
        captured.list.stream().anyMatch(e -> e.getFormattedMessage().contains("api_key=***")));
  }

  @Test
  void cachedModelsAreOnlyServedToKeysWithAccessWhenEnabled() {
    stubModel("private", "1", WEIGHTS);
    api.stubFor(
        get(urlPathEqualTo("/ort/private/1"))
            .withQueryParam("api_key", equalTo("intruder"))
            .willReturn(aResponse().withStatus(403)));
    try (TestServer server = server("models.cache.auth.enabled", "true")) {
      assertEquals(200, detect(server, "private/1", "\"api_key\":\"owner\"").statusCode());
      HttpResponse<String> r = detect(server, "private/1", "\"api_key\":\"intruder\"");
      assertEquals(401, r.statusCode(), r.body());
      assertEquals("UnauthorizedModelAccessError", TestServer.json(r).get("error_type").asText());
      assertEquals(200, detect(server, "private/1", "\"api_key\":\"owner\"").statusCode());
      // owner: one download and one access check, remembered for the TTL
      api.verify(
          2,
          getRequestedFor(urlPathEqualTo("/ort/private/1"))
              .withQueryParam("api_key", equalTo("owner")));
    }
  }

  @Test
  void aliasesAndUnversionedIdsUseRoboflowsRoutes() {
    stubModel("coco", "3", WEIGHTS);
    String base = api.baseUrl();
    api.stubFor(
        get(urlPathEqualTo("/getWeights"))
            .withQueryParam("model", equalTo("instant-model/latest"))
            .willReturn(
                okJson(
                    "{\"taskType\": \"object-detection\", \"modelType\": \"yolov8n\", \"classes\": [\"cat\","
                        + " \"dog\", \"car\"], \"environment\": {\"PREPROCESSING\": {\"resize\": {\"enabled\": true, \"width\":"
                        + " 320, \"height\": 320, \"format\": \"Stretch to\"}}}, \"modelFiles\": {\"ort\": {\"model\": \""
                        + base
                        + "/storage/coco/3/weights.onnx\"}}}")));
    try (TestServer server = server()) {
      assertEquals(200, detect(server, "yolov8n-640", "").statusCode());
      assertEquals(1, calls("/ort/coco/3"), "yolov8n-640 is coco/3");
      assertEquals(200, detect(server, "instant-model/latest", "").statusCode());
      assertEquals(1, calls("/getWeights"), "a non-numeric version is fetched with /getWeights");
      HttpResponse<String> core = detect(server, "sam3/sam3_final", "");
      assertEquals(501, core.statusCode(), core.body());
      assertEquals(
          "ModelDeploymentNotSupportedError", TestServer.json(core).get("error_type").asText());
    }
  }
}
