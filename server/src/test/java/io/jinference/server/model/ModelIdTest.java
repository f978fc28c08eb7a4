package io.jinference.server.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jinference.server.error.InvalidModelIdException;
import org.junit.jupiter.api.Test;

class ModelIdTest {
  @Test
  void projectAndNumericVersion() {
    ModelId id = ModelId.parse("soccer-players-5fuqs/01");
    assertEquals("soccer-players-5fuqs", id.dataset());
    assertEquals("1", id.version());
    assertEquals("soccer-players-5fuqs/1", id.toString());
  }

  @Test
  void unversionedAndNamedVersions() {
    assertNull(ModelId.parse("yolov8n-640").version());
    assertEquals("latest", ModelId.parse("my-model/latest").version());
  }

  @Test
  void invalidIds() {
    for (String bad :
        new String[] {"a/b/c", "", " ", "../x", "x/..", "a b/1", "x/", "/1", "..", "."}) {
      assertThrows(InvalidModelIdException.class, () -> ModelId.parse(bad), bad);
    }
  }

  @Test
  void longVersionsParseExactlyOrAreRefused() {
    // Python's int("0000000000000000001") is 1: the leading zeros go, the number stays.
    assertEquals("1", ModelId.parse("coco/0000000000000000001").version());
    assertEquals("999999999999999999", ModelId.parse("coco/999999999999999999").version());
    // A number past a long is refused, not cut to another version.
    assertThrows(InvalidModelIdException.class, () -> ModelId.parse("coco/99999999999999999999"));
    assertThrows(InvalidModelIdException.class, () -> ModelId.parse("coco/1000000000000000000"));
  }
}
