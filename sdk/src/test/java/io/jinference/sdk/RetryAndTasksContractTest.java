package io.jinference.sdk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.verify;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.jinference.sdk.internal.Retries;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Retries and backoff (without sleeping), the task methods' wire format, fromEnv, async and chunked
 * lists.
 */
@WireMockTest
@org.junit.jupiter.api.extension.ExtendWith(ContractRequests.class)
class RetryAndTasksContractTest {
  private static final byte[] IMAGE = "img".getBytes();
  private final List<Long> sleeps = new ArrayList<>();

  private InferenceHTTPClient client(WireMockRuntimeInfo wm, RetryPolicy policy) {
    return InferenceHTTPClient.builder()
        .apiUrl(wm.getHttpBaseUrl())
        .retryPolicy(policy)
        .delayer(
            (millis, next) -> {
              sleeps.add(millis);
              next.run();
            })
        .build();
  }

  private static void failTwiceThen(int status, String retryAfter) {
    var first = aResponse().withStatus(status);
    if (retryAfter != null) {
      first = first.withHeader("Retry-After", retryAfter);
    }
    stubFor(
        get(Contract.path("getServerInfo"))
            .inScenario("flaky")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(first)
            .willSetStateTo("second"));
    stubFor(
        get(Contract.path("getServerInfo"))
            .inScenario("flaky")
            .whenScenarioStateIs("second")
            .willReturn(aResponse().withStatus(status))
            .willSetStateTo("ok"));
    stubFor(
        get(Contract.path("getServerInfo"))
            .inScenario("flaky")
            .whenScenarioStateIs("ok")
            .willReturn(okJson(Contract.example("ServerVersionInfo"))));
  }

  @Test
  void transientStatusesAreRetriedWithCappedJitteredBackoff(WireMockRuntimeInfo wm) {
    failTwiceThen(503, null);
    RetryPolicy policy =
        RetryPolicy.builder()
            .maxRetries(2)
            .initialDelay(Duration.ofMillis(400))
            .maxDelay(Duration.ofMillis(600))
            .build();
    assertEquals("0.1.0", client(wm, policy).getServerInfo().version());
    verify(3, getRequestedFor(urlEqualTo(Contract.path("getServerInfo"))));
    assertEquals(2, sleeps.size());
    assertTrue(sleeps.get(0) >= 0 && sleeps.get(0) <= 400, "first delay within 400 ms: " + sleeps);
    assertTrue(
        sleeps.get(1) >= 0 && sleeps.get(1) <= 600, "second delay capped at 600 ms: " + sleeps);
  }

  @Test
  void retryAfterIsHonouredAndCapped(WireMockRuntimeInfo wm) {
    failTwiceThen(429, "3");
    client(wm, RetryPolicy.builder().maxRetries(2).maxDelay(Duration.ofSeconds(2)).build())
        .getServerInfo();
    assertEquals(2000L, sleeps.get(0), "Retry-After 3 s capped at 2 s");
  }

  @Test
  void retriesStopAtTheLimit(WireMockRuntimeInfo wm) {
    stubFor(get(Contract.path("getServerInfo")).willReturn(aResponse().withStatus(504)));
    ServerException e =
        assertThrows(
            ServerException.class,
            () -> client(wm, RetryPolicy.builder().maxRetries(1).build()).getServerInfo());
    assertEquals(504, e.statusCode());
    verify(2, getRequestedFor(urlEqualTo(Contract.path("getServerInfo"))));
  }

  @Test
  void clientErrorsAreNotRetried(WireMockRuntimeInfo wm) {
    stubFor(
        get(Contract.path("getServerInfo"))
            .willReturn(aResponse().withStatus(400).withBody("{\"message\":\"no\"}")));
    assertThrows(
        BadRequestException.class, () -> client(wm, RetryPolicy.defaults()).getServerInfo());
    verify(1, getRequestedFor(urlEqualTo(Contract.path("getServerInfo"))));
    assertTrue(sleeps.isEmpty());
  }

  @Test
  void retryAfterAsAnHttpDate() {
    assertEquals(5000L, Retries.parseRetryAfter("5"));
    Long fromDate =
        Retries.parseRetryAfter(
            java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(30)));
    assertTrue(fromDate > 25_000 && fromDate <= 30_000, String.valueOf(fromDate));
    assertEquals(null, Retries.parseRetryAfter("soon"));
  }

  @Test
  void segmentSendsMaskOptionsAndReadsPolygons(WireMockRuntimeInfo wm) {
    Contract.stubRegistry("seg/1", "instance-segmentation");
    String response =
        "{\"image\":{\"width\":768,\"height\":576},\"predictions\":["
            + Contract.example("InstanceSegmentationPrediction")
            + "]}";
    stubFor(post(Contract.path("inferInstanceSegmentation")).willReturn(okJson(response)));
    SegmentationResult r =
        client(wm, RetryPolicy.none())
            .withConfiguration(
                InferenceConfiguration.builder()
                    .maskDecodeMode("tradeoff")
                    .tradeoffFactor(0.5f)
                    .responseMaskFormat("polygon")
                    .build())
            .segment(ImageSource.bytes(IMAGE), "seg/1");
    assertEquals("dog", r.predictions().get(0).detection().className());
    assertEquals(2, r.predictions().get(0).polygon().size());
    assertEquals(8.0, r.predictions().get(0).polygon().get(0).x());
    verify(
        postRequestedFor(urlEqualTo(Contract.path("inferInstanceSegmentation")))
            .withRequestBody(
                equalToJson(
                    "{\"model_id\":\"seg/1\",\"mask_decode_mode\":\"tradeoff\",\"tradeoff_factor\":0.5,"
                        + "\"response_mask_format\":\"polygon\"}",
                    false,
                    true)));
  }

  @Test
  void detectKeypointsSendsTheKeypointThreshold(WireMockRuntimeInfo wm) {
    Contract.stubRegistry("pose/1", "keypoint-detection");
    String response =
        "{\"image\":{\"width\":640,\"height\":424},\"predictions\":["
            + Contract.example("KeypointsPrediction")
            + "]}";
    stubFor(post(Contract.path("inferKeypointsDetection")).willReturn(okJson(response)));
    KeypointsResult r =
        client(wm, RetryPolicy.none())
            .withConfiguration(
                InferenceConfiguration.builder().keypointConfidenceThreshold(0.5f).build())
            .detectKeypoints(ImageSource.bytes(IMAGE), "pose/1");
    assertEquals("nose", r.predictions().get(0).keypoints().get(0).name());
    verify(
        postRequestedFor(urlEqualTo(Contract.path("inferKeypointsDetection")))
            .withRequestBody(
                equalToJson("{\"model_id\":\"pose/1\",\"keypoint_confidence\":0.5}", false, true)));
  }

  @Test
  void classifyReadsSingleAndMultiLabelAnswers(WireMockRuntimeInfo wm) {
    Contract.stubRegistry("cls/1", "classification");
    stubFor(
        post(Contract.path("inferClassification"))
            .inScenario("c")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(okJson(Contract.example("ClassificationInferenceResponse")))
            .willSetStateTo("multi"));
    stubFor(
        post(Contract.path("inferClassification"))
            .inScenario("c")
            .whenScenarioStateIs("multi")
            .willReturn(okJson(Contract.example("MultiLabelClassificationInferenceResponse"))));
    InferenceHTTPClient c =
        client(wm, RetryPolicy.none())
            .withConfiguration(
                InferenceConfiguration.builder()
                    .confidenceThreshold(0.2f)
                    .iouThreshold(0.9f)
                    .build());
    ClassificationResult single = c.classify(ImageSource.bytes(IMAGE), "cls/1");
    assertFalse(single.multiLabel());
    assertEquals("cat", single.top());
    ClassificationResult multi = c.classify(ImageSource.bytes(IMAGE), "cls/1");
    assertTrue(multi.multiLabel());
    assertEquals(List.of("cat"), multi.predictedClasses());
    assertEquals(2, multi.predictions().size());
    // detection options (iou_threshold) are not sent to the classification route, as Python's
    // client
    verify(
        2,
        postRequestedFor(urlEqualTo(Contract.path("inferClassification")))
            .withRequestBody(
                equalToJson(
                    "{\"model_id\":\"cls/1\",\"confidence\":0.2,\"image\":{\"type\":\"base64\",\"value\":\"aW1n\"}}",
                    false,
                    false)));
  }

  @Test
  void aModelOfAnotherTaskIsRefusedBeforeSending(WireMockRuntimeInfo wm) {
    Contract.stubRegistry("cls/1", "classification");
    assertThrows(
        InvalidInputException.class,
        () -> client(wm, RetryPolicy.none()).detect(ImageSource.bytes(IMAGE), "cls/1"));
    verify(0, postRequestedFor(urlPathEqualTo(Contract.path("inferObjectDetection"))));
  }

  @Test
  void listsAreChunkedAndSentConcurrently(WireMockRuntimeInfo wm) throws Exception {
    Contract.stubRegistry("coco-nanodet/1", "object-detection");
    String one = Contract.example("ObjectDetectionInferenceResponse");
    stubFor(
        post(Contract.path("inferObjectDetection"))
            .atPriority(1)
            .withRequestBody(matchingJsonPath("$.image[1]"))
            .willReturn(okJson("[" + one + "," + one + "]")));
    stubFor(
        post(Contract.path("inferObjectDetection"))
            .atPriority(2)
            .willReturn(okJson("[" + one + "]")));
    InferenceHTTPClient c =
        client(wm, RetryPolicy.none())
            .withConfiguration(
                InferenceConfiguration.builder().maxBatchSize(2).maxConcurrentRequests(2).build());
    List<ImageSource> five = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      five.add(ImageSource.bytes(IMAGE));
    }
    assertEquals(5, c.detectAsync(five, "coco-nanodet/1").get(10, TimeUnit.SECONDS).size());
    verify(3, postRequestedFor(urlEqualTo(Contract.path("inferObjectDetection"))));
  }

  @Test
  void fromEnvironment() {
    InferenceHTTPClient c =
        InferenceHTTPClient.fromEnv(
            Map.of(
                "INFERENCE_API_URL",
                "https://detect.roboflow.com",
                "ROBOFLOW_API_KEY",
                "env-key-123"));
    assertEquals(ApiMode.V0, c.apiMode());
    assertTrue(c.toString().contains("en***23"));
    assertEquals("http://localhost:9001", InferenceHTTPClient.fromEnv(Map.of()).apiUrl());
  }

  @Test
  void modelDescriptionLoadsWhenAllowed(WireMockRuntimeInfo wm) {
    stubFor(
        get(urlPathEqualTo(Contract.path("listLoadedModels")))
            .willReturn(okJson("{\"models\":[]}")));
    stubFor(
        post(Contract.path("addModel")).willReturn(okJson(Contract.example("ModelsDescriptions"))));
    InferenceHTTPClient c = client(wm, RetryPolicy.none());
    assertThrows(
        NotFoundException.class, () -> c.models().getModelDescription("coco-nanodet/1", false));
    assertEquals(416, c.models().getModelDescription("coco-nanodet/1", true).inputWidth());
  }
}
