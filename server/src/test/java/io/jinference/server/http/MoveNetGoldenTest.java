package io.jinference.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.jinference.server.TestServer;
import java.io.InputStream;
import java.net.http.HttpResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bundled real keypoint model (MoveNet multi-pose, converted by tools/convert-movenet) over
 * HTTP, against poses computed by onnxruntime in Python with the independent reference
 * post-processing.
 */
class MoveNetGoldenTest {
  @ParameterizedTest
  @ValueSource(strings = {"darknet-person.jpg", "skimage-astronaut.png", "darknet-kite.jpg"})
  void posesMatchTheReference(String photo) throws Exception {
    JsonNode golden;
    try (InputStream in = getClass().getResourceAsStream("/golden/movenet-poses.json")) {
      golden = TestServer.JSON.readTree(in).get(photo);
    }
    HttpResponse<String> r =
        TestServer.shared()
            .postJson(
                "/infer/keypoints_detection",
                TestServer.detectBody("coco-movenet/1", photo, "\"confidence\":0.3"));
    assertEquals(200, r.statusCode(), r.body());
    JsonNode actual = TestServer.json(r).get("predictions");
    JsonNode expected = golden.get("predictions");
    assertEquals(expected.size(), actual.size(), actual.toString());
    for (int i = 0; i < expected.size(); i++) {
      JsonNode e = expected.get(i);
      JsonNode a = actual.get(i);
      assertEquals("person", a.get("class").asText());
      assertEquals(e.get("confidence").asDouble(), a.get("confidence").asDouble(), 0.02);
      for (String f : new String[] {"x", "y", "width", "height"}) {
        assertEquals(e.get(f).asDouble(), a.get(f).asDouble(), 3.0, f);
      }
      assertEquals(17, a.get("keypoints").size());
      for (int k = 0; k < 17; k++) {
        JsonNode ek = e.get("keypoints").get(k);
        JsonNode ak = a.get("keypoints").get(k);
        assertEquals(ek.get("class").asText(), ak.get("class").asText());
        if (ek.get("confidence").asDouble() > 0.3) {
          assertEquals(
              ek.get("x").asDouble(), ak.get("x").asDouble(), 3.0, ek.get("class").asText());
          assertEquals(
              ek.get("y").asDouble(), ak.get("y").asDouble(), 3.0, ek.get("class").asText());
        }
      }
    }
  }
}
