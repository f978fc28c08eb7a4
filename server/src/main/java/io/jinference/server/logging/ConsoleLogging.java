package io.jinference.server.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import io.jinference.server.config.Setting;

/**
 * The server's logging, set up in code: one console appender ({@link LogFormatEncoder}: text or
 * JSON lines by {@code LOG_FORMAT}, API keys removed), {@code io.jinference} at {@code LOG_LEVEL}
 * (INFO by default), everything else at WARN.
 *
 * <p>In code rather than in a logback.xml because reading XML made logback load its XML parser and
 * configuration model at every start: about 600 classes before the first line of the server ran
 * (docs/benchmarks.md, cold start). A logback file named by {@code -Dlogback.configurationFile}
 * still replaces all of this.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class ConsoleLogging extends ContextAwareBase implements Configurator {
  static final String PATTERN =
      "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %redactedMsg%n%ex";

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    LogFormatEncoder encoder = new LogFormatEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName("STDOUT");
    console.setEncoder(encoder);
    console.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.WARN);
    root.addAppender(console);
    // Settings validates it; logging starts before Settings exists, so it reads the variable itself
    String level =
        System.getenv()
            .getOrDefault(
                Setting.LOG_LEVEL.name(),
                System.getProperty("log.level", Setting.LOG_LEVEL.defaultValue()));
    context.getLogger("io.jinference").setLevel(Level.toLevel(level.trim(), Level.INFO));
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
