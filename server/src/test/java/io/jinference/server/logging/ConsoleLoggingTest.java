package io.jinference.server.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The logging set up in code is the one logback.xml used to give: the same line format, API keys
 * removed, our loggers at INFO and the rest at WARN; and a logback file named on the command line
 * still takes over.
 */
class ConsoleLoggingTest {
  private static final String SECRET = "sk_live_Q9xRandomKey";

  /** The line format logback.xml had: time, level padded to 5, thread, logger, message. */
  private static final Pattern LINE =
      Pattern.compile(
          "\\d{2}:\\d{2}:\\d{2}\\.\\d{3} INFO  \\[main\\] io\\.jinference\\.server\\.X - fetching"
              + " https://api\\.roboflow\\.com/m\\?api_key=\\*\\*\\*");

  @Test
  void linesAreFormattedFilteredAndRedacted() {
    assumeTrue(System.getenv("LOG_LEVEL") == null, "LOG_LEVEL changes the level under test");
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter());
    PrintStream out = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    String text;
    try {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      assertEquals(
          ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY, new ConsoleLogging().configure(context));
      String thread = Thread.currentThread().getName();
      Thread.currentThread().setName("main");
      try {
        context
            .getLogger("io.jinference.server.X")
            .info("fetching https://api.roboflow.com/m?api_key={}", SECRET);
        context.getLogger("io.jinference.server.X").debug("not at INFO");
        context.getLogger("io.netty.Y").info("a library's INFO line");
        context.getLogger("io.netty.Y").warn("a library's warning");
      } finally {
        Thread.currentThread().setName(thread);
      }
    } finally {
      System.setOut(out);
      text = captured.toString(StandardCharsets.UTF_8);
      context.stop();
    }
    String[] lines = text.split("\n");
    assertEquals(2, lines.length, text);
    assertTrue(LINE.matcher(lines[0]).matches(), lines[0]);
    assertTrue(lines[1].contains("WARN  [main] io.netty.Y - a library's warning"), lines[1]);
    assertFalse(text.contains(SECRET), text);
  }

  @Test
  void aLogbackFileOnTheCommandLineTakesOver() {
    String previous = System.getProperty("logback.configurationFile");
    System.setProperty("logback.configurationFile", "/etc/my-logback.xml");
    LoggerContext context = new LoggerContext();
    try {
      assertEquals(ExecutionStatus.INVOKE_NEXT_IF_ANY, new ConsoleLogging().configure(context));
      Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
      assertNull(root.getAppender("STDOUT"));
      assertEquals(Level.DEBUG, root.getLevel(), "logback's own default, untouched");
    } finally {
      if (previous == null) {
        System.clearProperty("logback.configurationFile");
      } else {
        System.setProperty("logback.configurationFile", previous);
      }
      context.stop();
    }
  }
}
