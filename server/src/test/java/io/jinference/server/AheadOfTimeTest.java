package io.jinference.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.ApplicationContextConfigurer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The server's main applies the configurers listed under {@link AheadOfTime#LISTS} (the build puts
 * Micronaut AOT's there); a context built any other way, as an embedding application builds it,
 * does not. The list here is a test resource naming {@link Marker}, with a comment and a blank
 * line.
 */
class AheadOfTimeTest {
  /** Sets a property the test can read back. */
  public static final class Marker implements ApplicationContextConfigurer {
    @Override
    public void configure(ApplicationContextBuilder builder) {
      builder.properties(Map.of("aot.marker", "applied"));
    }
  }

  @Test
  void theListedConfigurersConfigureTheServersContext() {
    ApplicationContextBuilder builder =
        ApplicationContext.builder().properties(Map.of("micronaut.server.enabled", false));
    AheadOfTime.configure(builder);
    try (ApplicationContext context = builder.start()) {
      assertEquals(
          "applied", context.getProperty("aot.marker", String.class).orElse("not applied"));
    }
  }

  @Test
  void aContextBuiltOtherwiseIsNotConfigured() {
    try (ApplicationContext context =
        ApplicationContext.run(Map.of("micronaut.server.enabled", false))) {
      assertEquals(
          "not applied", context.getProperty("aot.marker", String.class).orElse("not applied"));
    }
  }
}
