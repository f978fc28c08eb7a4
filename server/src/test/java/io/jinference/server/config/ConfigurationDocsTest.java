package io.jinference.server.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md lists every setting the server reads (Setting is the one place they are
 * defined).
 */
class ConfigurationDocsTest {
  @Test
  void everySettingIsDocumented() throws Exception {
    Path doc =
        Path.of(System.getProperty("maven.multiModuleProjectDirectory", ".."))
            .resolve("docs/configuration.md");
    if (!Files.exists(doc)) {
      doc = Path.of("../docs/configuration.md");
    }
    String text = Files.readString(doc);
    for (Setting s : Setting.values()) {
      assertTrue(
          text.contains("| `" + s.name() + "`"),
          s.name() + " is missing from docs/configuration.md");
    }
  }
}
