package io.jinference.server.workflow.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jinference.server.inference.task.Detection;
import io.jinference.server.workflow.engine.Values;
import io.jinference.server.workflow.engine.WorkflowException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The query-language operations on values and detections. Expected values are what Python gives for
 * the same operation in Roboflow's engine (slices, banker's rounding on the binary value, {@code
 * str(True)}, {@code Counter}), worked out by hand from Python's documented semantics.
 */
class QueryLanguageOperationsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Applies the operations written as JSON to the value. */
  private static Object apply(String operations, Object value) {
    return apply(operations, value, Map.of());
  }

  @SuppressWarnings("unchecked")
  private static Object apply(String operations, Object value, Map<String, Object> parameters) {
    try {
      return QueryLanguage.apply(JSON.readValue(operations, List.class), value, parameters);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  @Test
  void strings() {
    assertEquals("roboflow", apply("[{\"type\":\"StringToLowerCase\"}]", "RoboFlow"));
    assertEquals("ROBOFLOW", apply("[{\"type\":\"StringToUpperCase\"}]", "RoboFlow"));
    // Python: "roboflow"[0:-1] == "roboflo" (the default end, -1, drops the last character)
    assertEquals("roboflo", apply("[{\"type\":\"StringSubSequence\"}]", "roboflow"));
    assertEquals(
        "bof", apply("[{\"type\":\"StringSubSequence\",\"start\":2,\"end\":5}]", "roboflow"));
    assertEquals(
        "low", apply("[{\"type\":\"StringSubSequence\",\"start\":-3,\"end\":100}]", "roboflow"));
    assertEquals("", apply("[{\"type\":\"StringSubSequence\",\"start\":6,\"end\":2}]", "roboflow"));
    assertEquals(true, apply("[{\"type\":\"StringMatches\",\"regex\":\"^do.$\"}]", "dog"));
    assertEquals(false, apply("[{\"type\":\"StringMatches\",\"regex\":\"^cat\"}]", "dog"));
    assertEquals("True", apply("[{\"type\":\"ToString\"}]", true));
    assertEquals("3", apply("[{\"type\":\"ToString\"}]", 3));
  }

  @Test
  void backtrackingPatternsMatchInLinearTimeAndABadOneIsRefused() {
    // Catastrophic for a backtracking engine (java.util.regex took seconds, or overflowed its stack
    // on the second);
    // RE2/J answers both, correctly: 29 a's are not 30, and a long run of a|b does end in c.
    assertEquals(
        false,
        apply(
            "[{\"type\":\"StringMatches\",\"regex\":\"(.*a){30}\"}]",
            "a".repeat(29) + "b".repeat(200)));
    assertEquals(
        true, apply("[{\"type\":\"StringMatches\",\"regex\":\"(.*a){30}\"}]", "a".repeat(30)));
    assertEquals(
        true,
        apply(
            "[{\"type\":\"StringMatches\",\"regex\":\"^(a|b)*c$\"}]", "ab".repeat(100_000) + "c"));
    WorkflowException bad =
        assertThrows(
            WorkflowException.class,
            () -> apply("[{\"type\":\"StringMatches\",\"regex\":\"(unclosed\"}]", "x"));
    assertTrue(bad.getMessage().contains("not valid"), bad.getMessage());
    WorkflowException backreference =
        assertThrows(
            WorkflowException.class,
            () -> apply("[{\"type\":\"StringMatches\",\"regex\":\"(a)\\\\1\"}]", "aa"));
    assertTrue(backreference.getMessage().contains("not valid"), backreference.getMessage());
  }

  @Test
  void numbers() {
    assertEquals(42L, apply("[{\"type\":\"ToNumber\",\"cast_to\":\"int\"}]", "42"));
    assertEquals(4.5, apply("[{\"type\":\"ToNumber\",\"cast_to\":\"float\"}]", "4.5"));
    assertEquals(
        4L, apply("[{\"type\":\"ToNumber\",\"cast_to\":\"int\"}]", 4.9), "int() truncates");
    assertThrows(
        WorkflowException.class,
        () -> apply("[{\"type\":\"ToNumber\",\"cast_to\":\"int\"}]", "4.5"),
        "int('4.5') is a ValueError in Python");
    // round(2.675, 2) == 2.67 in Python: 2.675 is 2.67499999... in binary; round(0.5) == 0,
    // round(1.5) == 2
    assertEquals(2.67, apply("[{\"type\":\"NumberRound\",\"decimal_digits\":2}]", 2.675));
    assertEquals(0.0, apply("[{\"type\":\"NumberRound\",\"decimal_digits\":0}]", 0.5));
    assertEquals(2.0, apply("[{\"type\":\"NumberRound\",\"decimal_digits\":0}]", 1.5));
    assertEquals(6L, apply("[{\"type\":\"Multiply\",\"other\":2}]", 3));
    assertEquals(1.5, apply("[{\"type\":\"Divide\",\"other\":2}]", 3));
    assertEquals(
        Long.MAX_VALUE * 4.0,
        apply("[{\"type\":\"Multiply\",\"other\":4}]", Long.MAX_VALUE),
        "beyond a long: a double, not an overflow error");
    assertThrows(WorkflowException.class, () -> apply("[{\"type\":\"Divide\",\"other\":0}]", 3));
    // 10^400 * 10^400 is no double; the BigInteger's low 64 bits (zero) must not be taken for its
    // value
    java.math.BigInteger huge = java.math.BigInteger.TEN.pow(400);
    assertThrows(
        WorkflowException.class,
        () -> apply("[{\"type\":\"Multiply\",\"other\":" + huge + "}]", huge));
    assertThrows(
        WorkflowException.class, () -> apply("[{\"type\":\"Multiply\",\"other\":1e300}]", 1e300));
    assertEquals(
        1e20 * 3, apply("[{\"type\":\"Multiply\",\"other\":3}]", java.math.BigInteger.TEN.pow(20)));
    assertEquals(true, apply("[{\"type\":\"ToBoolean\"}]", "True"));
    assertEquals(false, apply("[{\"type\":\"ToBoolean\"}]", 0));
    double random =
        (Double) apply("[{\"type\":\"RandomNumber\",\"min_value\":5,\"max_value\":6}]", "ignored");
    assertTrue(random >= 5 && random < 6, String.valueOf(random));
  }

  @Test
  void sequencesAndLookups() {
    assertEquals(
        List.of("dog", "cat"),
        apply(
            "[{\"type\":\"SequenceApply\",\"operations\":" + "[{\"type\":\"StringToLowerCase\"}]}]",
            List.of("Dog", "CAT")));
    assertEquals(
        "animal",
        apply("[{\"type\":\"LookupTable\",\"lookup_table\":{\"dog\":\"animal\"}}]", "dog"));
    assertEquals(
        List.of("animal", "vehicle"),
        apply(
            "[{\"type\":\"SequenceMap\",\"lookup_table\":"
                + "{\"dog\":\"animal\",\"car\":\"vehicle\"}}]",
            List.of("dog", "car")));
    assertThrows(
        WorkflowException.class,
        () -> apply("[{\"type\":\"LookupTable\",\"lookup_table\":{}}]", "dog"));
    assertEquals(
        3.5,
        apply(
            "[{\"type\":\"NumericSequenceAggregate\",\"function\":\"max\"}]", List.of(1, 3.5, 2)));
    assertEquals(
        1,
        apply(
            "[{\"type\":\"NumericSequenceAggregate\",\"function\":\"min\"}]", List.of(1, 3.5, 2)));
    assertEquals(
        0,
        apply(
            "[{\"type\":\"NumericSequenceAggregate\",\"function\":\"max\",\"neutral_value\":0}]",
            List.of()));
    assertEquals(
        "b",
        apply(
            "[{\"type\":\"SequenceAggregate\",\"mode\":\"most_common\"}]", List.of("a", "b", "b")));
    assertEquals(
        "a",
        apply(
            "[{\"type\":\"SequenceAggregate\",\"mode\":\"least_common\"}]",
            List.of("a", "b", "b")));
    assertEquals(
        "b", apply("[{\"type\":\"SequenceAggregate\",\"mode\":\"last\"}]", List.of("a", "b")));
    Map<Object, Object> counts = new LinkedHashMap<>();
    counts.put("a", 2);
    counts.put("b", 1);
    assertEquals(counts, apply("[{\"type\":\"SequenceElementsCount\"}]", List.of("a", "b", "a")));
    assertEquals(
        3,
        apply(
            "[{\"type\":\"SequenceApply\",\"operations\":[{\"type\":\"StringToUpperCase\"}]},"
                + "{\"type\":\"SequenceLength\"}]",
            List.of("x", "y", "z")),
        "operations chain");
  }

  private static Values.Detections detections() {
    return new Values.Detections(
        100,
        80,
        List.of(
            new Detection(10, 10, 30, 40, 0.9, 0.9, 16, "dog"),
            new Detection(50, 20, 90, 60, 0.6, 0.6, 2, "car")),
        null,
        null,
        null);
  }

  @Test
  void detectionsShiftOffsetAndRename() {
    Values.Detections shifted =
        (Values.Detections)
            apply(
                "[{\"type\":\"DetectionsShift\",\"shift_x\":5," + "\"shift_y\":-10}]",
                detections());
    assertEquals(List.of(15.0, 0.0, 35.0, 30.0), corners(shifted.detections().get(0)));
    // offset 10 x 30: 5 and 15 on each side, clipped to the 100 x 80 image
    Values.Detections grown =
        (Values.Detections)
            apply(
                "[{\"type\":\"DetectionsOffset\",\"offset_x\":10," + "\"offset_y\":30}]",
                detections());
    assertEquals(List.of(5.0, 0.0, 35.0, 55.0), corners(grown.detections().get(0)));
    assertEquals(List.of(45.0, 5.0, 95.0, 75.0), corners(grown.detections().get(1)));
    // strict: every class mapped; new names numbered 0, 1, ... in sorted order ("animal" <
    // "vehicle")
    Values.Detections renamed =
        (Values.Detections)
            apply(
                "[{\"type\":\"DetectionsRename\",\"class_map\":"
                    + "{\"dog\":\"animal\",\"car\":\"vehicle\"}}]",
                detections());
    assertEquals("animal", renamed.detections().get(0).className());
    assertEquals(0, renamed.detections().get(0).classId());
    assertEquals(1, renamed.detections().get(1).classId());
    assertThrows(
        WorkflowException.class,
        () ->
            apply(
                "[{\"type\":\"DetectionsRename\",\"class_map\":" + "{\"dog\":\"animal\"}}]",
                detections()),
        "strict: car has no new name");
    // not strict, the map given by a parameter: unmapped classes keep name and id, new ones start
    // at the offset
    Values.Detections loose =
        (Values.Detections)
            apply(
                "[{\"type\":\"DetectionsRename\",\"class_map\":\"names\","
                    + "\"strict\":false,\"new_classes_id_offset\":100}]",
                detections(),
                Map.of("names", Map.of("dog", "pet")));
    assertEquals("pet", loose.detections().get(0).className());
    assertEquals(100, loose.detections().get(0).classId());
    assertEquals("car", loose.detections().get(1).className());
    assertEquals(2, loose.detections().get(1).classId());
    assertEquals(
        List.of(List.of(20.0, 25.0), List.of(70.0, 40.0)),
        apply(
            "[{\"type\":\"DetectionsPropertyExtract\"," + "\"property_name\":\"center\"}]",
            detections()));
  }

  @Test
  @SuppressWarnings("unchecked")
  void parentsDictionariesAndImages() throws Exception {
    // a person box holding the centre of a dog box but not of a car box; the person itself is not
    // kept
    Values.Detections scene =
        new Values.Detections(
            200,
            100,
            List.of(
                new Detection(0, 0, 100, 100, 0.9, 0.9, 0, "person"),
                new Detection(40, 40, 80, 80, 0.8, 0.8, 16, "dog"),
                new Detection(90, 10, 190, 50, 0.7, 0.7, 2, "car")),
            null,
            null,
            null);
    Values.Detections inside =
        (Values.Detections)
            apply(
                "[{\"type\":\"PickDetectionsByParentClass\"," + "\"parent_class\":\"person\"}]",
                scene);
    assertEquals(List.of("dog"), inside.detections().stream().map(Detection::className).toList());
    Map<String, Object> dictionary =
        (Map<String, Object>) apply("[{\"type\":\"DetectionsToDictionary\"}]", scene);
    assertEquals(Map.of("width", 200, "height", 100), dictionary.get("image"));
    Map<String, Object> dog = ((List<Map<String, Object>>) dictionary.get("predictions")).get(1);
    assertEquals(60.0, dog.get("x"));
    assertEquals(40.0, dog.get("width"));
    String json =
        (String)
            apply("[{\"type\":\"ConvertDictionaryToJSON\"}]", Map.of("count", 3, "boxes", scene));
    var parsed = JSON.readTree(json);
    assertEquals(3, parsed.path("count").asInt());
    assertEquals("car", parsed.path("boxes").path("predictions").get(2).path("class").asText());
    try (var photo =
        io.jinference.server.image.DecodedImage.ofBgr(
            org.bytedeco.opencv.global.opencv_imgcodecs.imread(
                io.jinference.server.TestServer.photoPath("darknet-dog.jpg").toString()))) {
      Values.Image image = new Values.Image(photo);
      byte[] jpeg =
          (byte[]) apply("[{\"type\":\"ConvertImageToJPEG\",\"compression_level\":50}]", image);
      java.awt.image.BufferedImage back =
          javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(jpeg));
      assertEquals(768, back.getWidth());
      String b64 = (String) apply("[{\"type\":\"ConvertImageToBase64\"}]", image);
      assertEquals(
          576,
          javax.imageio.ImageIO.read(
                  new java.io.ByteArrayInputStream(java.util.Base64.getDecoder().decode(b64)))
              .getHeight());
      assertEquals(
          768 * 576,
          apply("[{\"type\":\"ExtractImageProperty\",\"property_name\":\"size\"}]", image));
    }
  }

  private static List<Double> corners(Detection d) {
    return List.of(d.x1(), d.y1(), d.x2(), d.y2());
  }
}
