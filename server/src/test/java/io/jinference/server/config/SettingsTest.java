package io.jinference.server.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jinference.server.TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An invalid setting stops the server at start, naming the variable; the logged settings hide
 * secrets.
 */
class SettingsTest {
  private static String failure(Map<String, Object> settings) {
    RuntimeException e =
        assertThrows(RuntimeException.class, () -> TestServer.with(settings).close());
    StringBuilder messages = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      messages.append(t.getMessage()).append('\n');
    }
    return messages.toString();
  }

  @Test
  void invalidValuesStopTheServerNamingTheVariable() {
    String flag = failure(Map.of("allow.url.input", "maybe"));
    assertTrue(flag.contains("ALLOW_URL_INPUT") && flag.contains("maybe"), flag);
    String number = failure(Map.of("max.batch.size", "-3"));
    assertTrue(number.contains("MAX_BATCH_SIZE"), number);
    String format = failure(Map.of("log.format", "xml"));
    assertTrue(format.contains("LOG_FORMAT") && format.contains("text or json"), format);
    String level = failure(Map.of("log.level", "LOUD"));
    assertTrue(level.contains("LOG_LEVEL") && level.contains("LOUD"), level);
  }

  @Test
  void theEffectiveSettingsHideSecrets() {
    try (TestServer server =
        TestServer.with(
            Map.of(
                "roboflow.api.key", "rf_SECRET_1", "inference.server.api.keys", "srv_SECRET_2"))) {
      String effective = server.bean(Settings.class).effective();
      assertFalse(effective.contains("SECRET"), effective);
      assertTrue(effective.contains("ROBOFLOW_API_KEY=(set, hidden)"), effective);
      assertTrue(effective.contains("INFERENCE_SERVER_API_KEYS=(set, hidden)"), effective);
      assertTrue(effective.contains("MAX_BATCH_SIZE=32"), effective);
    }
  }
}
