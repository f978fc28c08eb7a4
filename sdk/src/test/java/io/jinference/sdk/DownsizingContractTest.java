package io.jinference.sdk;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Client-side downsizing to the model's input size, with predictions scaled back (Python's
 * behaviour).
 */
@WireMockTest
@org.junit.jupiter.api.extension.ExtendWith(ContractRequests.class)
class DownsizingContractTest {
  private static byte[] jpeg(int w, int h) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR), "jpg", out);
    return out.toByteArray();
  }

  private static void stubs() {
    stubFor(
        get(urlPathEqualTo(Contract.path("listLoadedModels")))
            .willReturn(okJson(Contract.example("ModelsDescriptions"))));
    stubFor(
        post(Contract.path("inferObjectDetection"))
            .willReturn(
                okJson(
                    "{\"image\":{\"width\":416,\"height\":312},"
                        + "\"predictions\":[{\"x\":104.0,\"y\":52.0,\"width\":20.8,\"height\":10.4,\"confidence\":0.9,"
                        + "\"class\":\"dog\",\"class_id\":16,\"detection_id\":\"d\"}]}")));
  }

  private static BufferedImage sentImage() throws Exception {
    String body =
        WireMock.findAll(postRequestedFor(urlEqualTo(Contract.path("inferObjectDetection"))))
            .get(0)
            .getBodyAsString();
    JsonNode json = Contract.JSON.readTree(body);
    byte[] bytes = Base64.getDecoder().decode(json.path("image").path("value").asText());
    return ImageIO.read(new ByteArrayInputStream(bytes));
  }

  @Test
  void largeImagesAreShrunkToTheModelInputAndPredictionsScaledBack(WireMockRuntimeInfo wm)
      throws Exception {
    stubs();
    InferenceHTTPClient client =
        InferenceHTTPClient.builder()
            .apiUrl(wm.getHttpBaseUrl())
            .retryPolicy(RetryPolicy.none())
            .configuration(InferenceConfiguration.builder().clientDownsizingDisabled(false).build())
            .build();
    ObjectDetectionResult r = client.detect(ImageSource.bytes(jpeg(800, 600)), "coco-nanodet/1");
    BufferedImage sent = sentImage();
    // ratio = min(416 / 600, 416 / 800) = 0.52
    assertEquals(416, sent.getWidth());
    assertEquals(312, sent.getHeight());
    assertEquals(800, r.imageWidth());
    assertEquals(600, r.imageHeight());
    Detection d = r.predictions().get(0);
    assertEquals(200.0, d.x(), 1e-9);
    assertEquals(100.0, d.y(), 1e-9);
    assertEquals(40.0, d.width(), 1e-9);
    assertEquals(20.0, d.height(), 1e-9);
  }

  @Test
  void byDefaultImagesGoAsTheyAre(WireMockRuntimeInfo wm) throws Exception {
    stubs();
    InferenceHTTPClient client =
        InferenceHTTPClient.builder()
            .apiUrl(wm.getHttpBaseUrl())
            .retryPolicy(RetryPolicy.none())
            .build();
    ObjectDetectionResult r = client.detect(ImageSource.bytes(jpeg(800, 600)), "coco-nanodet/1");
    assertEquals(800, sentImage().getWidth());
    assertEquals(416, r.imageWidth(), "no scaling back either");
  }
}
