package io.jinference.server.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultsSinkTest {
  /** A tick whose one output holds an image of {@code chars} base64 characters. */
  private static ResultsSink.Entry tick(int frame, int chars) {
    return new ResultsSink.Entry(
        List.of(Map.of("image", Map.of("type", "base64", "value", "A".repeat(chars)))),
        List.of(Map.of("frame_id", frame)));
  }

  @Test
  void anEntryIsSizedByItsJsonText() {
    // {"image":{"type":"base64","value":"AAAA"}} is 42 characters; the estimate, 44, counts each
    // string's quotes, each entry's colon and comma (the last one's too), each container's brackets
    Map<String, Object> image = Map.of("image", Map.of("type", "base64", "value", "AAAA"));
    assertEquals(2 + (7 + (2 + (6 + 8 + 2) + (7 + 6 + 2)) + 2), ResultsSink.bytes(image));
    assertEquals(2 + (10 + 8 + 2), ResultsSink.bytes(Map.of("frame_id", 7)));
    assertEquals(2 + (2 + 1), ResultsSink.bytes(List.of("")));
  }

  @Test
  void theOldestGoWhenTheBytesAreFullAndTheNewestIsAlwaysKept() {
    long one =
        ResultsSink.bytes(tick(0, 1000).outputs())
            + ResultsSink.bytes(tick(0, 1000).framesMetadata());
    ResultsSink sink = new ResultsSink(100, 3 * one); // room for three ticks of 1000 characters
    for (int f = 1; f <= 5; f++) {
      sink.add(tick(f, 1000));
    }
    assertEquals(3, sink.size());
    assertEquals(2, sink.dropped());
    assertEquals(3 * one, sink.heldBytes());
    assertEquals(3, sink.poll().framesMetadata().get(0).get("frame_id"));
    assertEquals(2 * one, sink.heldBytes());

    ResultsSink.Entry huge = tick(6, 10_000); // larger than the whole budget: kept alone
    sink.add(huge);
    assertEquals(1, sink.size());
    assertEquals(4, sink.dropped());
    assertSame(huge, sink.poll());
    assertNull(sink.poll());
    assertEquals(0, sink.heldBytes());
  }

  @Test
  void theEntryLimitStillHolds() {
    ResultsSink sink = new ResultsSink(2, Long.MAX_VALUE);
    for (int f = 1; f <= 5; f++) {
      sink.add(tick(f, 10));
    }
    assertEquals(2, sink.size());
    assertEquals(3, sink.dropped());
    assertEquals(4, sink.poll().framesMetadata().get(0).get("frame_id"));
  }
}
