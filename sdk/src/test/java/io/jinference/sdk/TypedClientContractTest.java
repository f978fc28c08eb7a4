package io.jinference.sdk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.verify;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The typed surface: {@code infer} answers the model's task's result type, explicit image sources,
 * async calls on OkHttp's dispatcher, per-call options, and results as values.
 */
@WireMockTest
@ExtendWith(ContractRequests.class)
class TypedClientContractTest {
  private static final byte[] IMAGE = "img".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private static InferenceHTTPClient client(WireMockRuntimeInfo wm) {
    return InferenceHTTPClient.builder()
        .apiUrl(wm.getHttpBaseUrl())
        .apiKey("CLIENT_KEY")
        .retryPolicy(RetryPolicy.none())
        .build();
  }

  private static String oneImage(String prediction) {
    return "{\"image\":{\"width\":640,\"height\":480},\"predictions\":["
        + Contract.example(prediction)
        + "]}";
  }

  @Test
  void inferAnswersTheResultTypeOfTheModelsTask(WireMockRuntimeInfo wm) {
    InferenceHTTPClient client = client(wm);
    Contract.stubRegistry("det/1", "object-detection");
    stubFor(
        post(Contract.path("inferObjectDetection"))
            .willReturn(okJson(Contract.example("ObjectDetectionInferenceResponse"))));
    assertInstanceOf(ObjectDetectionResult.class, client.infer(ImageSource.bytes(IMAGE), "det/1"));
    List<InferenceResult> both =
        client.infer(List.of(ImageSource.bytes(IMAGE), ImageSource.bytes(IMAGE)), "det/1");
    assertThrows(UnsupportedOperationException.class, () -> both.remove(0));

    client = client(wm); // a fresh cache of model tasks
    Contract.stubRegistry("seg/1", "instance-segmentation");
    stubFor(
        post(Contract.path("inferInstanceSegmentation"))
            .willReturn(okJson(oneImage("InstanceSegmentationPrediction"))));
    SegmentationResult seg =
        assertInstanceOf(SegmentationResult.class, client.infer(ImageSource.bytes(IMAGE), "seg/1"));
    assertEquals(640, seg.imageWidth());

    client = client(wm);
    Contract.stubRegistry("pose/1", "keypoint-detection");
    stubFor(
        post(Contract.path("inferKeypointsDetection"))
            .willReturn(okJson(oneImage("KeypointsPrediction"))));
    KeypointsResult poses =
        assertInstanceOf(KeypointsResult.class, client.infer(ImageSource.bytes(IMAGE), "pose/1"));
    assertEquals("nose", poses.predictions().get(0).keypoints().get(0).name());

    client = client(wm);
    Contract.stubRegistry("cls/1", "classification");
    stubFor(
        post(Contract.path("inferClassification"))
            .willReturn(okJson(Contract.example("ClassificationInferenceResponse"))));
    ClassificationResult classes =
        assertInstanceOf(
            ClassificationResult.class, client.infer(ImageSource.bytes(IMAGE), "cls/1"));
    assertEquals("cat", classes.top());
  }

  @Test
  void aStringIsAUrlAndNothingElse() {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> ImageSource.url("/tmp/dog.jpg"));
    assertTrue(e.getMessage().contains("ImageSource.path"), e.getMessage());
    try (InferenceHTTPClient client = new InferenceHTTPClient("http://localhost:1", null)) {
      // base64 text is not guessed either: no request is made (port 1 would refuse it)
      assertThrows(InvalidInputException.class, () -> client.infer("aW1n", "det/1"));
      // the async twin answers a failed future rather than throwing
      CompletableFuture<InferenceResult> refused = client.inferAsync("aW1n", "det/1");
      assertTrue(refused.isCompletedExceptionally());
      ExecutionException e2 = assertThrows(ExecutionException.class, refused::get);
      assertInstanceOf(InvalidInputException.class, e2.getCause());
    }
  }

  /**
   * An image the SDK downloads is fetched off the calling thread: the image server here holds its
   * answer until the test has its future back, so a download on the calling thread would never
   * return (and the preemptive timeout fails the test).
   */
  @Test
  void asyncCallsDownloadImagesOffTheCallingThread(WireMockRuntimeInfo wm) throws Exception {
    Contract.stubRegistry("det/1", "object-detection");
    stubFor(
        post(Contract.path("inferObjectDetection"))
            .willReturn(okJson(Contract.example("ObjectDetectionInferenceResponse"))));
    stubFor(post(Contract.path("runWorkflow")).willReturn(okJson("{\"outputs\":[{\"count\":2}]}")));
    CountDownLatch release = new CountDownLatch(1);
    AtomicReference<String> asked = new AtomicReference<>();
    HttpServer images = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    images.setExecutor(Executors.newCachedThreadPool());
    images.createContext(
        "/slow.jpg",
        exchange -> {
          try {
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          asked.set(exchange.getRequestURI().getPath());
          exchange.sendResponseHeaders(200, IMAGE.length);
          exchange.getResponseBody().write(IMAGE);
          exchange.close();
        });
    images.start();
    String url = "http://127.0.0.1:" + images.getAddress().getPort() + "/slow.jpg";
    try (InferenceHTTPClient client = client(wm)) {
      CompletableFuture<ObjectDetectionResult> future =
          assertTimeoutPreemptively(
              Duration.ofSeconds(10), () -> client.detectAsync(ImageSource.url(url), "det/1"));
      CompletableFuture<WorkflowResult> workflow =
          assertTimeoutPreemptively(
              Duration.ofSeconds(10),
              () ->
                  client
                      .workflows()
                      .runWorkflowAsync(
                          WorkflowRequest.builder()
                              .specification(
                                  Map.of(
                                      "version", "1.0", "inputs", List.of(), "steps", List.of(),
                                      "outputs", List.of()))
                              .image("image", ImageSource.url(url))
                              .build()));
      assertFalse(future.isDone(), "the image is still being served");
      assertFalse(workflow.isDone(), "the image is still being served");
      release.countDown();
      assertEquals("dog", future.get(10, TimeUnit.SECONDS).predictions().get(0).className());
      assertEquals(1, workflow.get(10, TimeUnit.SECONDS).outputs().size());
      assertEquals("/slow.jpg", asked.get());
    } finally {
      images.stop(0);
    }
  }

  @Test
  void asyncCallsCompleteOnTheDispatcherWithoutBlockingTheCaller(WireMockRuntimeInfo wm)
      throws Exception {
    Contract.stubRegistry("det/1", "object-detection");
    stubFor(
        post(Contract.path("inferObjectDetection"))
            .willReturn(
                okJson(Contract.example("ObjectDetectionInferenceResponse")).withFixedDelay(1500)));
    try (InferenceHTTPClient client = client(wm)) {
      CompletableFuture<ObjectDetectionResult> future =
          client.detectAsync(ImageSource.bytes(IMAGE), "det/1");
      // The server holds its answer for 1.5 s: the call has returned long before that.
      assertFalse(future.isDone());
      AtomicReference<String> thread = new AtomicReference<>();
      ObjectDetectionResult r =
          future
              .whenComplete((v, e) -> thread.set(Thread.currentThread().getName()))
              .get(10, TimeUnit.SECONDS);
      assertEquals("dog", r.predictions().get(0).className());
      assertTrue(thread.get().contains("OkHttp"), thread.get());
    }
  }

  @Test
  void asyncFailuresCarryTheSdkExceptionTypes(WireMockRuntimeInfo wm) {
    stubFor(
        get(urlPathEqualTo(Contract.path("listLoadedModels")))
            .willReturn(okJson("{\"models\":[]}")));
    stubFor(
        post(Contract.path("addModel"))
            .willReturn(
                aResponse()
                    .withStatus(404)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"message\":\"no such model\",\"error_type\":\"NotFound\"}")));
    try (InferenceHTTPClient client = client(wm)) {
      ExecutionException e =
          assertThrows(
              ExecutionException.class,
              () ->
                  client.detectAsync(ImageSource.bytes(IMAGE), "nope/1").get(10, TimeUnit.SECONDS));
      NotFoundException cause = assertInstanceOf(NotFoundException.class, e.getCause());
      assertEquals("no such model", cause.serverMessage());
      // The blocking twin throws the same type, unwrapped.
      assertThrows(NotFoundException.class, () -> client.models().loadModel("nope/1"));
    }
  }

  @Test
  void requestOptionsSetHeadersKeyTimeoutAndRetriesForSomeCallsOnly(WireMockRuntimeInfo wm) {
    Contract.stubRegistry("det/1", "object-detection");
    stubFor(
        post(Contract.path("inferObjectDetection"))
            .willReturn(okJson(Contract.example("ObjectDetectionInferenceResponse"))));
    try (InferenceHTTPClient client = client(wm)) {
      InferenceHTTPClient tagged =
          client.withOptions(
              RequestOptions.builder().header("X-Job", "nightly").apiKey("OTHER_KEY").build());
      tagged.detect(ImageSource.bytes(IMAGE), "det/1");
      verify(
          postRequestedFor(urlEqualTo(Contract.path("inferObjectDetection")))
              .withHeader("X-Job", equalTo("nightly"))
              .withRequestBody(equalToJson("{\"api_key\":\"OTHER_KEY\"}", true, true)));
      client.detect(ImageSource.bytes(IMAGE), "det/1");
      verify(
          1,
          postRequestedFor(urlEqualTo(Contract.path("inferObjectDetection")))
              .withHeader("X-Job", equalTo("nightly")));
      verify(
          postRequestedFor(urlEqualTo(Contract.path("inferObjectDetection")))
              .withRequestBody(equalToJson("{\"api_key\":\"CLIENT_KEY\"}", true, true)));
    }
  }

  @Test
  void aPerCallTimeoutEndsThatCallOnly(WireMockRuntimeInfo wm) {
    stubFor(
        get(Contract.path("getServerInfo"))
            .willReturn(okJson(Contract.example("ServerVersionInfo")).withFixedDelay(3000)));
    try (InferenceHTTPClient client = client(wm)) {
      InferenceConnectionException e =
          assertThrows(
              InferenceConnectionException.class,
              () ->
                  client
                      .withOptions(RequestOptions.builder().timeout(Duration.ofMillis(300)).build())
                      .getServerInfo());
      assertTrue(e.getMessage().contains("timed out"), e.getMessage());
      assertEquals("Roboflow Inference Server", client.getServerInfo().name());
    }
  }

  @Test
  void aPerCallRetryPolicyReplacesTheClients(WireMockRuntimeInfo wm) {
    stubFor(get(Contract.path("getServerInfo")).willReturn(aResponse().withStatus(503)));
    InferenceHTTPClient client =
        InferenceHTTPClient.builder()
            .apiUrl(wm.getHttpBaseUrl())
            .retryPolicy(RetryPolicy.builder().maxRetries(3).build())
            .delayer((millis, next) -> next.run())
            .build();
    assertThrows(
        ServerException.class,
        () ->
            client
                .withOptions(RequestOptions.builder().retryPolicy(RetryPolicy.none()).build())
                .getServerInfo());
    verify(
        1,
        com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
            urlEqualTo(Contract.path("getServerInfo"))));
    assertThrows(ServerException.class, client::getServerInfo);
    verify(
        5,
        com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
            urlEqualTo(Contract.path("getServerInfo"))));
  }

  @Test
  void aRetryWaitsWithoutHoldingACallOrAThread(WireMockRuntimeInfo wm) throws Exception {
    stubFor(
        get(Contract.path("getServerInfo"))
            .inScenario("retry")
            .whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
            .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "30"))
            .willSetStateTo("up"));
    stubFor(
        get(Contract.path("getServerInfo"))
            .inScenario("retry")
            .whenScenarioStateIs("up")
            .willReturn(okJson(Contract.example("ServerVersionInfo"))));
    okhttp3.OkHttpClient http = new okhttp3.OkHttpClient();
    java.util.concurrent.BlockingQueue<Long> waits =
        new java.util.concurrent.LinkedBlockingQueue<>();
    java.util.concurrent.BlockingQueue<Runnable> pending =
        new java.util.concurrent.LinkedBlockingQueue<>();
    InferenceHTTPClient client =
        InferenceHTTPClient.builder()
            .apiUrl(wm.getHttpBaseUrl())
            .httpClient(http)
            .retryPolicy(
                RetryPolicy.builder().maxRetries(1).maxDelay(Duration.ofMinutes(1)).build())
            .delayer(
                (millis, next) -> {
                  waits.add(millis);
                  pending.add(next);
                })
            .build();
    CompletableFuture<ServerInfo> info = client.getServerInfoAsync();
    Runnable retry = pending.poll(10, TimeUnit.SECONDS);
    // The 503 came back and the retry is scheduled (Retry-After: 30 s): nothing runs meanwhile.
    assertEquals(30_000L, waits.poll());
    assertFalse(info.isDone());
    // The 503's callback ends its call; then nothing is running until the retry is started.
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (http.dispatcher().runningCallsCount() > 0 && System.nanoTime() < until) {
      Thread.sleep(10);
    }
    assertEquals(0, http.dispatcher().runningCallsCount());
    assertFalse(info.isDone());
    retry.run();
    assertEquals("Roboflow Inference Server", info.get(10, TimeUnit.SECONDS).name());
  }

  @Test
  void resultsAreValues(WireMockRuntimeInfo wm) {
    Contract.stubRegistry("det/1", "object-detection");
    stubFor(
        post(Contract.path("inferObjectDetection"))
            .willReturn(okJson(Contract.example("ObjectDetectionInferenceResponse"))));
    try (InferenceHTTPClient client = client(wm)) {
      ObjectDetectionResult a = client.detect(ImageSource.bytes(IMAGE), "det/1");
      ObjectDetectionResult b = client.detect(ImageSource.bytes(IMAGE), "det/1");
      assertEquals(a, b);
      assertEquals(a.hashCode(), b.hashCode());
      assertTrue(a.toString().contains("className=dog"), a.toString());
      assertThrows(UnsupportedOperationException.class, () -> a.predictions().clear());
      Detection d = a.predictions().get(0);
      assertNotEquals(
          d,
          new Detection(
              d.x() + 1,
              d.y(),
              d.width(),
              d.height(),
              d.confidence(),
              d.className(),
              d.classId(),
              d.detectionId()));
    }
  }
}
