package io.jinference.sdk;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The check on the SDK's requests ({@link ContractRequests}) fails when a request leaves the
 * contract.
 */
@WireMockTest
@ExtendWith(ContractRequests.class)
class RequestsFollowTheContractTest {
  @Test
  void aRequestWithoutARequiredFieldFails(WireMockRuntimeInfo wm) throws Exception {
    stubFor(post(Contract.path("inferObjectDetection")).willReturn(okJson("{}")));
    HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(
                    URI.create(wm.getHttpBaseUrl() + Contract.path("inferObjectDetection")))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"image\":"
                            + "{\"type\":\"url\",\"value\":\"https://example.com/a.jpg\"}}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    AssertionError e =
        assertThrows(AssertionError.class, () -> new ContractRequests().afterEach(null));
    assertTrue(e.getMessage().contains("model_id"), e.getMessage());
    WireMock.resetAllRequests(); // leave nothing for the extension's own check after this test
  }

  @Test
  void aFieldTheContractWouldRequireAndTheSdkDoesNotSendFails(WireMockRuntimeInfo wm) {
    stubFor(
        post(Contract.path("inferObjectDetection"))
            .willReturn(okJson(Contract.example("ObjectDetectionInferenceResponse"))));
    stubFor(
        WireMock.get(WireMock.urlPathEqualTo(Contract.path("listLoadedModels")))
            .willReturn(okJson(Contract.example("ModelsDescriptions"))));
    try (InferenceHTTPClient client = new InferenceHTTPClient(wm.getHttpBaseUrl(), "KEY")) {
      client.detect(
          ImageSource.bytes("fake-jpeg-bytes".getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
          "coco-nanodet/1");
    }
    new ContractRequests().afterEach(null); // the SDK's request follows today's contract
    String stricter =
        ContractRequests.spec()
            .replace(
                "    ObjectDetectionInferenceRequest:\n      type: object\n"
                    + "      required: [model_id, image]",
                "    ObjectDetectionInferenceRequest:\n      type: object\n"
                    + "      required: [model_id, image, new_required_field]");
    assertTrue(!stricter.equals(ContractRequests.spec()), "the contract was made stricter");
    AssertionError e =
        assertThrows(AssertionError.class, () -> new ContractRequests(stricter).afterEach(null));
    assertTrue(e.getMessage().contains("new_required_field"), e.getMessage());
  }
}
