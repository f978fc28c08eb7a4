package io.jinference.server.inference.runtime.ocr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jinference.server.TestServer;
import java.util.List;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The OCR engine against RapidOCR (Python) on the same ONNX files and photos:
 * src/test/resources/ocr/rapidocr-golden.json, made by tools/ocr-golden. Same lines in the same
 * order with the same text; boxes within 2 pixels and confidences within 0.05 (the two differ in
 * float rounding and in how the polygon clipper grows a box: measured, corners at most 1 pixel
 * apart, and one line 1 pixel narrower read with 0.959 against 0.931).
 */
class PaddleOcrTest {
  static final PaddleOcr OCR =
      new PaddleOcr(
          2,
          new io.jinference.server.inference.runtime.RunSlots("pp_ocr", 2, 8, 60_000),
          new io.jinference.server.model.CoreModelUses());

  @AfterAll
  static void close() {
    OCR.close();
  }

  static JsonNode golden(String image) throws Exception {
    try (var in = PaddleOcrTest.class.getResourceAsStream("/ocr/rapidocr-golden.json")) {
      return new ObjectMapper().readTree(in).get(image);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"skimage-page.png", "skimage-text.png", "darknet-dog.jpg"})
  void readsWhatRapidOcrReads(String image) throws Exception {
    JsonNode expected = golden(image);
    List<TextLine> lines;
    try (Mat bgr = opencv_imgcodecs.imread(TestServer.photoPath(image).toString())) {
      lines = OCR.read(bgr);
    }
    StringBuilder got = new StringBuilder();
    for (TextLine l : lines) {
      got.append(l.text()).append(" | ");
    }
    assertEquals(expected.size(), lines.size(), "lines: " + got);
    for (int i = 0; i < lines.size(); i++) {
      JsonNode e = expected.get(i);
      TextLine l = lines.get(i);
      assertEquals(e.get("text").asText(), l.text(), "line " + i);
      assertEquals(e.get("confidence").asDouble(), l.confidence(), 0.05, "line " + i);
      for (int c = 0; c < 4; c++) {
        for (int k = 0; k < 2; k++) {
          double want = e.get("box").get(c).get(k).asDouble();
          assertTrue(
              Math.abs(want - l.corners()[c][k]) <= 2,
              "line " + i + " corner " + c + ": " + l.corners()[c][k] + " against " + want);
        }
      }
    }
  }

  @Test
  void aPhotoWithoutTextReadsNothing() throws Exception {
    try (Mat bgr = opencv_imgcodecs.imread(TestServer.photoPath("darknet-horses.jpg").toString())) {
      assertEquals(List.of(), OCR.read(bgr).stream().map(TextLine::text).toList());
    }
  }
}
