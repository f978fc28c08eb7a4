package io.jinference.server.model;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jinference.server.error.ApiException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The parts the model manager is made of: eviction order and failure memory. */
class ModelManagerPartsTest {
  @Test
  void theLeastRecentlyUsedUnpinnedModelGoesFirst() {
    LruOrder lru = new LruOrder(2, Set.of("pinned/1"));
    assertEquals(List.of(), lru.use("pinned/1"));
    assertEquals(List.of(), lru.use("a/1"));
    assertEquals(List.of("a/1"), lru.use("b/1")); // pinned/1 is older but pinned
    lru.use("pinned/1");
    assertEquals(List.of("b/1"), lru.use("c/1"));
    assertEquals(List.of("pinned/1", "c/1"), lru.order());
    lru.forget("c/1");
    assertEquals(List.of("pinned/1"), lru.clear());
    assertEquals(List.of(), lru.order());
  }

  @Test
  void aModelThatKeepsFailingIsRefusedWithItsLastErrorButClientErrorsDoNotCount() {
    LoadFailures failures = new LoadFailures(2, 60_000);
    failures.record("m/1", new ApiException(401, "Unauthorized", "bad key") {});
    failures.record("m/1", new ApiException(403, "Forbidden", "bad key") {});
    assertDoesNotThrow(() -> failures.refuseIfRepeated("m/1"));
    failures.record("m/1", new ApiException(502, "RoboflowAPIError", "first") {});
    assertDoesNotThrow(() -> failures.refuseIfRepeated("m/1"));
    ApiException last = new ApiException(404, "NotFound", "second") {};
    failures.record("m/1", last);
    assertSame(last, assertThrows(ApiException.class, () -> failures.refuseIfRepeated("m/1")));
    assertDoesNotThrow(() -> failures.refuseIfRepeated("other/1"));
  }

  @Test
  void failuresOutsideTheWindowAreForgotten() throws Exception {
    LoadFailures failures = new LoadFailures(1, 1);
    failures.record("m/1", new ApiException(500, "InternalError", "boom") {});
    Thread.sleep(20);
    assertDoesNotThrow(() -> failures.refuseIfRepeated("m/1"));
  }
}
