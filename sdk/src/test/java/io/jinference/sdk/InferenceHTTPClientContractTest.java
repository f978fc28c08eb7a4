package io.jinference.sdk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
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
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SDK's wire format, isolated with WireMock: every call's method, path, query and JSON body are
 * asserted, and the stubbed answers are the contract's own examples (validated against their
 * schemas by ContractExamplesTest).
 */
@WireMockTest
@org.junit.jupiter.api.extension.ExtendWith(ContractRequests.class)
class InferenceHTTPClientContractTest {
  private static final String KEY = "secretkey1234";
  private static final byte[] IMAGE = "fake-jpeg-bytes".getBytes(StandardCharsets.US_ASCII);
  private static final String IMAGE_B64 = Base64.getEncoder().encodeToString(IMAGE);
  private InferenceHTTPClient client;

  @BeforeEach
  void client(WireMockRuntimeInfo wm) {
    // No retries here: RetryTest covers them (without sleeping).
    client =
        InferenceHTTPClient.builder()
            .apiUrl(wm.getHttpBaseUrl())
            .apiKey(KEY)
            .retryPolicy(RetryPolicy.none())
            .build();
  }

  private static String registryWith(String modelId) {
    return Contract.example("ModelsDescriptions").replace("coco-nanodet/1", modelId);
  }

  @Test
  void getServerInfo() {
    stubFor(
        get(Contract.path("getServerInfo"))
            .willReturn(okJson(Contract.example("ServerVersionInfo"))));
    ServerInfo info = client.getServerInfo();
    assertEquals("Roboflow Inference Server", info.name());
    assertEquals("0.1.0", info.version());
    verify(getRequestedFor(urlEqualTo(Contract.path("getServerInfo"))));
  }

  @Test
  void modelManagementCalls() {
    stubFor(
        get(urlPathEqualTo(Contract.path("listLoadedModels")))
            .willReturn(okJson(Contract.example("ModelsDescriptions"))));
    stubFor(
        post(Contract.path("addModel")).willReturn(okJson(Contract.example("ModelsDescriptions"))));
    stubFor(post(Contract.path("removeModel")).willReturn(okJson("{\"models\":[]}")));
    stubFor(post(Contract.path("clearModels")).willReturn(okJson("{\"models\":[]}")));

    ModelDescription m = client.models().listLoadedModels().get(0);
    assertEquals("coco-nanodet/1", m.modelId());
    assertEquals("object-detection", m.taskType());
    assertEquals(416, m.inputWidth());
    verify(getRequestedFor(urlEqualTo(Contract.path("listLoadedModels") + "?api_key=" + KEY)));

    assertEquals(1, client.models().loadModel("coco-nanodet/1").size());
    verify(
        postRequestedFor(urlEqualTo(Contract.path("addModel")))
            .withRequestBody(
                equalToJson(
                    "{\"model_id\":\"coco-nanodet/1\",\"api_key\":\"" + KEY + "\"}",
                    false,
                    false)));

    assertTrue(client.models().unloadModel("coco-nanodet/1").isEmpty());
    verify(
        postRequestedFor(urlEqualTo(Contract.path("removeModel")))
            .withRequestBody(equalToJson("{\"model_id\":\"coco-nanodet/1\"}", false, false)));

    assertTrue(client.models().unloadAllModels().isEmpty());
    verify(postRequestedFor(urlEqualTo(Contract.path("clearModels"))));
  }

  @Test
  void inferV1SendsOnlyTheConfiguredOptionsAndReadsTheRegistryOnce() {
    stubFor(
        get(urlPathEqualTo(Contract.path("listLoadedModels")))
            .willReturn(okJson(registryWith("coco-nanodet/1"))));
    stubFor(
        post(Contract.path("inferObjectDetection"))
            .willReturn(okJson(Contract.example("ObjectDetectionInferenceResponse"))));
    InferenceHTTPClient configured =
        client.withConfiguration(
            InferenceConfiguration.builder()
                .confidenceThreshold(0.5f)
                .iouThreshold(0.4f)
                .maxDetections(10)
                .classFilter(List.of("dog"))
                .classAgnosticNms(true)
                .build());

    ObjectDetectionResult r = configured.detect(ImageSource.bytes(IMAGE), "coco-nanodet/1");
    configured.detect(ImageSource.bytes(IMAGE), "coco-nanodet/1");

    assertEquals(768, r.imageWidth());
    assertEquals(576, r.imageHeight());
    Detection d = r.predictions().get(0);
    assertEquals("dog", d.className());
    assertEquals(16, d.classId());
    assertEquals(223.0 - 95.0, d.left(), 1e-9);
    assertEquals(0.041, r.time(), 1e-9);
    verify(1, getRequestedFor(urlPathEqualTo(Contract.path("listLoadedModels"))));
    verify(
        2,
        postRequestedFor(urlEqualTo(Contract.path("inferObjectDetection")))
            .withHeader("Content-Type", containing("application/json"))
            .withRequestBody(
                equalToJson(
                    "{\"model_id\":\"coco-nanodet/1\",\"api_key\":\""
                        + KEY
                        + "\","
                        + "\"image\":{\"type\":\"base64\",\"value\":\""
                        + IMAGE_B64
                        + "\"},"
                        + "\"confidence\":0.5,\"iou_threshold\":0.4,\"max_detections\":10,\"class_filter\":[\"dog\"],"
                        + "\"class_agnostic_nms\":true}",
                    false,
                    false)));
  }

  @Test
  void inferV1LoadsAModelTheRegistryDoesNotList() {
    stubFor(
        get(urlPathEqualTo(Contract.path("listLoadedModels")))
            .willReturn(okJson("{\"models\":[]}")));
    stubFor(post(Contract.path("addModel")).willReturn(okJson(registryWith("fresh/2"))));
    stubFor(
        post(Contract.path("inferObjectDetection"))
            .willReturn(okJson(Contract.example("ObjectDetectionInferenceResponse"))));
    client.detect(ImageSource.bytes(IMAGE), "fresh/2");
    verify(
        postRequestedFor(urlEqualTo(Contract.path("addModel")))
            .withRequestBody(
                equalToJson(
                    "{\"model_id\":\"fresh/2\",\"api_key\":\"" + KEY + "\"}", false, false)));
  }

  @Test
  void inferV1BatchSendsAListAndKeepsTheOrder() {
    stubFor(
        get(urlPathEqualTo(Contract.path("listLoadedModels")))
            .willReturn(okJson(registryWith("coco-nanodet/1"))));
    String one = Contract.example("ObjectDetectionInferenceResponse");
    String two = one.replace("\"width\":768", "\"width\":500");
    stubFor(
        post(Contract.path("inferObjectDetection"))
            .willReturn(okJson("[" + one + "," + two + "]")));
    List<ObjectDetectionResult> results =
        client.detect(
            List.of(ImageSource.bytes(IMAGE), ImageSource.base64("QUJD")), "coco-nanodet/1");
    assertEquals(768, results.get(0).imageWidth());
    assertEquals(500, results.get(1).imageWidth());
    verify(
        postRequestedFor(urlEqualTo(Contract.path("inferObjectDetection")))
            .withRequestBody(
                equalToJson(
                    "{\"image\":[{\"type\":\"base64\",\"value\":\""
                        + IMAGE_B64
                        + "\"},{\"type\":\"base64\",\"value\":\"QUJD\"}]}",
                    false,
                    true)));
  }

  @Test
  void urlImagesCanBeLeftToTheServer() {
    stubFor(
        get(urlPathEqualTo(Contract.path("listLoadedModels")))
            .willReturn(okJson(registryWith("coco-nanodet/1"))));
    stubFor(
        post(Contract.path("inferObjectDetection"))
            .willReturn(okJson(Contract.example("ObjectDetectionInferenceResponse"))));
    client
        .withConfiguration(InferenceConfiguration.builder().urlImagesFetchedByServer(true).build())
        .detect(ImageSource.url("https://images.example.com/dog.jpg"), "coco-nanodet/1");
    verify(
        postRequestedFor(urlEqualTo(Contract.path("inferObjectDetection")))
            .withRequestBody(
                equalToJson(
                    "{\"image\":{\"type\":\"url\",\"value\":\"https://images.example.com/dog.jpg\"}}",
                    false,
                    true)));
  }

  @Test
  void urlImagesAreDownloadedByTheSdkByDefault(WireMockRuntimeInfo wm) {
    stubFor(get("/photos/dog.jpg").willReturn(aResponse().withStatus(200).withBody(IMAGE)));
    stubFor(
        get(urlPathEqualTo(Contract.path("listLoadedModels")))
            .willReturn(okJson(registryWith("coco-nanodet/1"))));
    stubFor(
        post(Contract.path("inferObjectDetection"))
            .willReturn(okJson(Contract.example("ObjectDetectionInferenceResponse"))));
    client.infer(wm.getHttpBaseUrl() + "/photos/dog.jpg", "coco-nanodet/1");
    verify(
        postRequestedFor(urlEqualTo(Contract.path("inferObjectDetection")))
            .withRequestBody(
                equalToJson(
                    "{\"image\":{\"type\":\"base64\",\"value\":\"" + IMAGE_B64 + "\"}}",
                    false,
                    true)));
  }

  @Test
  void inferV0PostsBase64ToTheLegacyRouteWithQueryParameters() {
    stubFor(
        post(urlPathEqualTo(Contract.path("legacyInfer", "coco-nanodet", "1")))
            .willReturn(okJson(Contract.example("ObjectDetectionInferenceResponse"))));
    ObjectDetectionResult r =
        client
            .selectApiV0()
            .withConfiguration(
                InferenceConfiguration.builder()
                    .confidenceThreshold(0.5f)
                    .iouThreshold(0.4f)
                    .classFilter(List.of("dog"))
                    .build())
            .detect(ImageSource.bytes(IMAGE), "coco-nanodet/1");
    assertEquals("dog", r.predictions().get(0).className());
    verify(
        postRequestedFor(urlPathEqualTo(Contract.path("legacyInfer", "coco-nanodet", "1")))
            .withQueryParam("api_key", equalTo(KEY))
            .withQueryParam("confidence", equalTo("0.5"))
            .withQueryParam("overlap", equalTo("0.4"))
            .withQueryParam("format", equalTo("json"))
            .withQueryParam("class_filter", absent())
            .withRequestBody(equalTo(IMAGE_B64)));
  }

  @Test
  void hostedUrlsSelectV0() {
    assertEquals(ApiMode.V0, new InferenceHTTPClient("https://detect.roboflow.com", KEY).apiMode());
    assertEquals(
        ApiMode.V0, new InferenceHTTPClient("https://serverless.roboflow.com/", KEY).apiMode());
    assertEquals(ApiMode.V1, new InferenceHTTPClient("http://localhost:9001", KEY).apiMode());
    assertEquals(
        ApiMode.V1,
        new InferenceHTTPClient("https://detect.roboflow.com", KEY).selectApiV1().apiMode());
  }

  @Test
  void errorsMapToTypedExceptionsWithTheServerMessage() {
    String notFound =
        Contract.responses()
            .path("NotFound")
            .path("content")
            .path("application/json")
            .path("example")
            .toString();
    stubFor(
        get(urlPathEqualTo(Contract.path("listLoadedModels")))
            .willReturn(
                aResponse()
                    .withStatus(404)
                    .withHeader("Content-Type", "application/json")
                    .withBody(notFound)));
    NotFoundException e =
        assertThrows(NotFoundException.class, () -> client.models().listLoadedModels());
    assertEquals(404, e.statusCode());
    assertEquals("RoboflowAPINotNotFoundError", e.errorType());
    assertTrue(e.serverMessage().startsWith("Requested Roboflow resource not found."));

    stubFor(
        post(Contract.path("addModel"))
            .willReturn(
                aResponse()
                    .withStatus(422)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"detail\":[{\"loc\":[\"body\",\"model_id\"],\"msg\":\"field required\"}]}")));
    BadRequestException fastApi =
        assertThrows(BadRequestException.class, () -> client.models().loadModel("x/1"));
    assertTrue(fastApi.serverMessage().contains("field required"), fastApi.serverMessage());

    stubFor(
        get(Contract.path("getServerInfo"))
            .willReturn(
                aResponse()
                    .withStatus(503)
                    .withHeader("Retry-After", "1")
                    .withBody(
                        "{\"message\":\"Model is temporarily not ready - retry request.\"}")));
    assertEquals(
        503, assertThrows(ServerException.class, () -> client.getServerInfo()).statusCode());
  }

  @Test
  void apiKeysNeverAppearInErrors() {
    stubFor(
        post(urlPathEqualTo(Contract.path("legacyInfer", "p", "1")))
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withBody("{\"message\":\"bad key api_key=" + KEY + "\"}")));
    AuthenticationException e =
        assertThrows(
            AuthenticationException.class,
            () -> client.selectApiV0().detect(ImageSource.bytes(IMAGE), "p/1"));
    assertFalse(e.getMessage().contains(KEY), e.getMessage());
    assertTrue(e.getMessage().contains("se***34"), e.getMessage());
    assertFalse(client.toString().contains(KEY));
  }

  @Test
  void connectionFailuresAreTheirOwnType() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    InferenceHTTPClient nowhere =
        InferenceHTTPClient.builder()
            .apiUrl("http://127.0.0.1:" + port)
            .connectTimeout(Duration.ofSeconds(2))
            .retryPolicy(RetryPolicy.none())
            .build();
    assertThrows(InferenceConnectionException.class, nowhere::getServerInfo);
  }

  @Test
  void v0NeedsProjectAndVersion() {
    assertThrows(
        InvalidInputException.class,
        () -> client.selectApiV0().detect(ImageSource.bytes(IMAGE), "just-a-name"));
  }

  @Test
  void configurationIsImmutable() {
    InferenceConfiguration base =
        InferenceConfiguration.builder().confidenceThreshold(0.2f).build();
    InferenceConfiguration other = base.toBuilder().confidenceThreshold(0.9f).build();
    assertEquals(0.2f, base.confidenceThreshold());
    assertEquals(0.9f, other.confidenceThreshold());
    assertEquals(base, base.toBuilder().build());
    InferenceHTTPClient derived = client.withConfiguration(other);
    assertEquals(InferenceConfiguration.defaults(), client.configuration());
    assertEquals(other, derived.configuration());
  }
}
