package io.jinference.server.inference.runtime.clip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Java tokenizer against the one CLIP users run: token ids recorded from open_clip's copy of
 * OpenAI's {@code SimpleTokenizer} with ftfy ({@code
 * tools/make-fixtures/make_clip_token_goldens.py}).
 */
class ClipTokenizerTest {
  private static final ClipTokenizer TOKENIZER = ClipTokenizer.bundled();

  @Test
  void everyTextTokenizesAsThePythonTokenizerDoes() throws IOException {
    JsonNode goldens;
    try (InputStream in = getClass().getResourceAsStream("/clip/token-goldens.json")) {
      goldens = new ObjectMapper().readTree(in).get("goldens");
    }
    assertTrue(goldens.size() >= 30, "goldens: " + goldens.size());
    List<String> wrong = new ArrayList<>();
    for (JsonNode g : goldens) {
      List<Integer> expected = new ArrayList<>();
      g.get("ids").forEach(id -> expected.add(id.asInt()));
      List<Integer> actual = TOKENIZER.encode(g.get("text").asText());
      if (!expected.equals(actual)) {
        wrong.add(g.get("text").asText() + ": expected " + expected + ", got " + actual);
      }
    }
    assertEquals(List.of(), wrong);
  }

  @Test
  void theModelsInputIsFramedAndPaddedTo77() {
    long[] ids = TOKENIZER.tokenize("a photo of a dog");
    long[] expected = new long[77];
    long[] head = {49406, 320, 1125, 539, 320, 1929, 49407};
    System.arraycopy(head, 0, expected, 0, head.length);
    assertArrayEquals(expected, ids);
    long[] empty = TOKENIZER.tokenize("   ");
    assertEquals(49406, empty[0]);
    assertEquals(49407, empty[1]);
  }

  @Test
  void seventyFiveTokensFitAndSeventySixAreRefused() {
    long[] full = TOKENIZER.tokenize(" word".repeat(75));
    assertEquals(49407, full[76]);
    ClipTokenizer.TextTooLongException e =
        assertThrows(
            ClipTokenizer.TextTooLongException.class, () -> TOKENIZER.tokenize(" word".repeat(76)));
    assertTrue(e.getMessage().contains("76 tokens"), e.getMessage());
  }

  @Test
  void hostileTextIsBoundedInTime() {
    // 100,000-letter words: BPE merges are quadratic in a word's length at worst, most of all
    // where few pairs repeat (random letters)
    java.util.Random random = new java.util.Random(7);
    StringBuilder letters = new StringBuilder();
    for (int i = 0; i < 100_000; i++) {
      letters.append((char) ('a' + random.nextInt(26)));
    }
    for (String word : List.of("ab".repeat(50_000), letters.toString())) {
      long start = System.nanoTime();
      assertThrows(ClipTokenizer.TextTooLongException.class, () -> TOKENIZER.tokenize(word));
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertTrue(took.compareTo(Duration.ofSeconds(2)) < 0, "took " + took);
    }
    // and just under the bound, a long word still tokenizes
    List<Integer> ids = TOKENIZER.encode(letters.substring(0, 60));
    assertTrue(ids.size() > 1 && ids.size() <= 75, ids.toString());
    long[] framed = TOKENIZER.tokenize(letters.substring(0, 60));
    assertEquals(49406, framed[0]);
    assertEquals(49407, framed[ids.size() + 1]);
  }

  @Test
  void aFileThatIsNotClipsMergesIsRefused() {
    assertThrows(
        IOException.class,
        () -> ClipTokenizer.read(new ByteArrayInputStream(new byte[] {31, -117, 8, 0})));
  }
}
