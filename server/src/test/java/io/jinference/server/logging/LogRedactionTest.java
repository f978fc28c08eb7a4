package io.jinference.server.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Keys never reach the logs, in either format; the JSON format is one parseable object per line.
 */
class LogRedactionTest {
  private static final String SECRET = "sk_live_Mr4nd0mKEY";

  @Test
  void keysAreRemovedWhereverTheyHide() {
    assertEquals(
        "GET /infer?api_key=***&x=1", Redaction.apply("GET /infer?api_key=" + SECRET + "&x=1"));
    assertEquals(
        "{\"api_key\": \"***\", \"image\": 1}",
        Redaction.apply("{\"api_key\": \"" + SECRET + "\", \"image\": 1}"));
    assertEquals("Authorization: Bearer ***", Redaction.apply("Authorization: Bearer " + SECRET));
    assertEquals("nothing secret here", Redaction.apply("nothing secret here"));
    assertEquals(
        "ROBOFLOW_API_KEY=(not set), X=1",
        Redaction.apply("ROBOFLOW_API_KEY=(not set), X=1"),
        "the settings line's description of a secret stays readable");
  }

  @Test
  void jsonLinesAreParseableAndRedacted() throws Exception {
    LoggerContext context = new LoggerContext();
    LoggingEvent event =
        new LoggingEvent(
            "x",
            context.getLogger("io.jinference.test"),
            Level.WARN,
            "fetch failed for https://api.roboflow.com/m?api_key={}",
            new IllegalStateException("api_key=" + SECRET),
            new Object[] {SECRET});
    JsonLinesEncoder encoder = new JsonLinesEncoder();
    encoder.setContext(context);
    encoder.start();
    String line = new String(encoder.encode(event), StandardCharsets.UTF_8);
    assertTrue(line.endsWith("\n") && line.indexOf('\n') == line.length() - 1, "one line: " + line);
    assertFalse(line.contains(SECRET), line);
    JsonNode json = new ObjectMapper().readTree(line);
    assertEquals("WARN", json.path("level").asText());
    assertEquals("io.jinference.test", json.path("logger").asText());
    assertEquals(
        "fetch failed for https://api.roboflow.com/m?api_key=***", json.path("message").asText());
    assertTrue(json.path("stack_trace").asText().contains("IllegalStateException"), line);
  }
}
