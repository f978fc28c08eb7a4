package io.jinference.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.jinference.server.TestServer;
import java.io.InputStream;
import java.net.http.HttpResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The YOLOv8 decoder on real weights: Ultralytics YOLOv8n as shipped in the PyPI wheel nudenet
 * 3.4.2 ([1, 22, 2100] output), which finds the face in two portraits. Expected values come from
 * onnxruntime in Python with the independent reference post-processing
 * (tools/make-fixtures/make_nudenet_package.py).
 */
class RealYoloV8WeightsTest {
  @ParameterizedTest
  @ValueSource(strings = {"skimage-astronaut.png", "matplotlib-grace_hopper.jpg"})
  void findsTheFaceAsTheReferenceDoes(String photo) throws Exception {
    JsonNode expected;
    try (InputStream in = getClass().getResourceAsStream("/model-store/nudenet-expected.json")) {
      expected = TestServer.JSON.readTree(in).get(photo);
    }
    HttpResponse<String> r =
        TestServer.shared()
            .postJson(
                "/infer/object_detection", TestServer.detectBody("nudenet-yolov8n/1", photo, ""));
    assertEquals(200, r.statusCode(), r.body());
    JsonNode actual = TestServer.json(r).get("predictions");
    assertEquals(expected.size(), actual.size(), actual.toString());
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i).get("class").asText(), actual.get(i).get("class").asText());
      assertEquals(
          expected.get(i).get("confidence").asDouble(),
          actual.get(i).get("confidence").asDouble(),
          0.01);
      for (String f : new String[] {"x", "y", "width", "height"}) {
        assertEquals(expected.get(i).get(f).asDouble(), actual.get(i).get(f).asDouble(), 2.0, f);
      }
    }
  }
}
