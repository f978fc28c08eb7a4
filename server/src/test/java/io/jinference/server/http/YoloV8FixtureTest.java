package io.jinference.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.jinference.server.TestServer;
import java.io.InputStream;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * The YOLOv8 decoder end to end through ONNX Runtime: a fixture model with YOLOv8's exact output
 * layout ([1, 4+C, N]; tools/make-fixtures/make_yolov8_fixture.py) whose candidates exercise
 * per-class and class-agnostic NMS, the threshold, clipping and both back-projections. Expected
 * results come from the generator's independent NumPy reference (yolov8-fixture-expected.json).
 */
class YoloV8FixtureTest {
  private static final String PHOTO = "darknet-dog.jpg";

  @Test
  void defaultsApplyRoboflowsThresholdAndPerClassNms() throws Exception {
    assertMatches("stretch_default", detect("yolov8-fixture/1", ""));
  }

  @Test
  void lowerConfidenceKeepsTheWeakCandidate() throws Exception {
    assertMatches("stretch_confidence_0.3", detect("yolov8-fixture/1", "\"confidence\":0.3"));
  }

  @Test
  void classAgnosticNmsSuppressesAcrossClasses() throws Exception {
    assertMatches(
        "stretch_class_agnostic", detect("yolov8-fixture/1", "\"class_agnostic_nms\":true"));
  }

  @Test
  void letterboxedModelsProjectBackThroughThePadding() throws Exception {
    assertMatches("letterbox_default", detect("yolov8-fixture-letterbox/1", ""));
  }

  @Test
  void classFilterKeepsOnlyNamedClasses() throws Exception {
    JsonNode body = detect("yolov8-fixture/1", "\"class_filter\":[\"car\"]");
    assertEquals(2, body.get("predictions").size());
    body.get("predictions").forEach(p -> assertEquals("car", p.get("class").asText()));
  }

  @Test
  void maxDetectionsKeepsTheMostConfident() throws Exception {
    JsonNode body = detect("yolov8-fixture/1", "\"max_detections\":2");
    assertEquals(2, body.get("predictions").size());
    assertEquals("dog", body.get("predictions").get(0).get("class").asText());
    assertEquals("cat", body.get("predictions").get(1).get("class").asText());
  }

  @Test
  void emptyClassFilterFiltersNothing() throws Exception {
    assertMatches("stretch_default", detect("yolov8-fixture/1", "\"class_filter\":[]"));
  }

  private static JsonNode detect(String model, String extra) {
    HttpResponse<String> r =
        TestServer.shared()
            .postJson("/infer/object_detection", TestServer.detectBody(model, PHOTO, extra));
    assertEquals(200, r.statusCode(), r.body());
    return TestServer.json(r);
  }

  private static void assertMatches(String name, JsonNode body) throws Exception {
    JsonNode expected;
    try (InputStream in =
        YoloV8FixtureTest.class.getResourceAsStream("/model-store/yolov8-fixture-expected.json")) {
      expected = TestServer.JSON.readTree(in).get("cases").get(name);
    }
    JsonNode actual = body.get("predictions");
    assertEquals(expected.size(), actual.size(), actual.toString());
    for (int i = 0; i < expected.size(); i++) {
      JsonNode e = expected.get(i);
      JsonNode a = actual.get(i);
      assertEquals(e.get("class").asText(), a.get("class").asText(), "class of #" + i);
      assertEquals(e.get("class_id").asInt(), a.get("class_id").asInt());
      for (String f : new String[] {"x", "y", "width", "height"}) {
        assertEquals(e.get(f).asDouble(), a.get(f).asDouble(), 1e-9, f + " of #" + i + " in " + a);
      }
      assertEquals(e.get("confidence").asDouble(), a.get("confidence").asDouble(), 1e-4);
    }
  }
}
