package io.jinference.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jinference.server.TestServer;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The embedded default model (NanoDet-g, COCO) on real photos, over HTTP, against golden detections
 * computed by an independent NumPy implementation (tools/convert-nanodet/reference_detections.py,
 * Python onnxruntime and OpenCV) and checked by drawing them. Boxes may differ by 2 px and
 * confidences by 0.01: the two pipelines use different OpenCV builds for decoding and resizing.
 */
class DefaultModelGoldenTest {
  private static final String MODEL = "coco-nanodet/1";

  @ParameterizedTest
  @ValueSource(
      strings = {
        "darknet-dog.jpg",
        "darknet-person.jpg",
        "darknet-horses.jpg",
        "darknet-giraffe.jpg",
        "darknet-kite.jpg"
      })
  void detectionsMatchTheIndependentReference(String photo) throws Exception {
    JsonNode golden = golden().get(photo);
    HttpResponse<String> response =
        TestServer.shared()
            .postJson(
                "/infer/object_detection",
                TestServer.detectBody(MODEL, photo, "\"confidence\":0.3"));
    assertEquals(200, response.statusCode(), response.body());
    JsonNode body = TestServer.json(response);
    assertEquals(golden.get("width").asInt(), body.get("image").get("width").asInt());
    assertEquals(golden.get("height").asInt(), body.get("image").get("height").asInt());
    UUID.fromString(body.get("inference_id").asText());
    assertTrue(body.get("time").asDouble() > 0);

    List<JsonNode> expected = list(golden.get("predictions"));
    List<JsonNode> actual = list(body.get("predictions"));
    // A candidate within 0.01 of the 0.3 threshold may fall on either side of it in the two
    // pipelines.
    expected.removeIf(p -> p.get("confidence").asDouble() < 0.31);
    actual.removeIf(p -> p.get("confidence").asDouble() < 0.31);
    assertEquals(expected.size(), actual.size(), "detections: " + actual);
    Set<String> ids = new HashSet<>();
    for (JsonNode e : expected) {
      JsonNode a =
          actual.stream()
              .filter(p -> sameObject(p, e))
              .findFirst()
              .orElseThrow(
                  () -> new AssertionError("no detection matching " + e + " in " + actual));
      assertEquals(
          e.get("confidence").asDouble(), a.get("confidence").asDouble(), 0.01, e.toString());
      assertEquals(e.get("class_id").asInt(), a.get("class_id").asInt());
      ids.add(UUID.fromString(a.get("detection_id").asText()).toString());
    }
    assertEquals(actual.size(), ids.size(), "detection ids are unique");
    for (int i = 1; i < actual.size(); i++) {
      assertTrue(
          actual.get(i - 1).get("confidence").asDouble()
              >= actual.get(i).get("confidence").asDouble(),
          "sorted by confidence");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"darknet-dog.jpg"})
  void findsTheDogTheBicycleAndTheVehicle(String photo) {
    JsonNode body =
        TestServer.json(
            TestServer.shared()
                .postJson(
                    "/infer/object_detection",
                    TestServer.detectBody(MODEL, photo, "\"confidence\":0.3")));
    Set<String> classes = new HashSet<>();
    body.get("predictions").forEach(p -> classes.add(p.get("class").asText()));
    assertTrue(classes.contains("dog"), classes.toString());
    assertTrue(classes.contains("bicycle"), classes.toString());
    assertTrue(classes.contains("car") || classes.contains("truck"), classes.toString());
  }

  @org.junit.jupiter.api.Test
  void exifOrientationIsAppliedUnlessDisabled() throws Exception {
    // darknet-dog-exif6.jpg: pixels stored a quarter turn counter-clockwise (576x768), EXIF
    // orientation 6.
    JsonNode upright =
        TestServer.json(
            TestServer.shared()
                .postJson(
                    "/infer/object_detection",
                    TestServer.detectBody(MODEL, "darknet-dog-exif6.jpg", "\"confidence\":0.3")));
    assertEquals(768, upright.get("image").get("width").asInt());
    assertEquals(576, upright.get("image").get("height").asInt());
    List<JsonNode> actual = list(upright.get("predictions"));
    for (JsonNode e : list(golden().get("darknet-dog.jpg").get("predictions"))) {
      if (e.get("confidence").asDouble() > 0.4) {
        assertTrue(
            actual.stream()
                .anyMatch(
                    a ->
                        a.get("class").asText().equals(e.get("class").asText())
                            && Math.abs(a.get("x").asDouble() - e.get("x").asDouble()) <= 4
                            && Math.abs(a.get("y").asDouble() - e.get("y").asDouble()) <= 4),
            e + " in " + actual);
      }
    }
    JsonNode sideways =
        TestServer.json(
            TestServer.shared()
                .postJson(
                    "/infer/object_detection",
                    TestServer.detectBody(
                        MODEL, "darknet-dog-exif6.jpg", "\"disable_preproc_auto_orient\":true")));
    assertEquals(576, sideways.get("image").get("width").asInt());
    assertEquals(768, sideways.get("image").get("height").asInt());
  }

  private static boolean sameObject(JsonNode a, JsonNode e) {
    return a.get("class").asText().equals(e.get("class").asText())
        && Math.abs(a.get("x").asDouble() - e.get("x").asDouble()) <= 2
        && Math.abs(a.get("y").asDouble() - e.get("y").asDouble()) <= 2
        && Math.abs(a.get("width").asDouble() - e.get("width").asDouble()) <= 2
        && Math.abs(a.get("height").asDouble() - e.get("height").asDouble()) <= 2;
  }

  private static List<JsonNode> list(JsonNode array) {
    List<JsonNode> list = new ArrayList<>();
    array.forEach(list::add);
    return list;
  }

  static JsonNode golden() throws Exception {
    try (InputStream in =
        DefaultModelGoldenTest.class.getResourceAsStream("/golden/nanodet-detections.json")) {
      return TestServer.JSON.readTree(in);
    }
  }
}
