package io.jinference.server.logging;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * {@code %redactedMsg} in a logback pattern: the message, with API keys removed ({@link
 * Redaction}).
 */
public final class RedactedMessageConverter extends ClassicConverter {
  @Override
  public String convert(ILoggingEvent event) {
    return Redaction.apply(event.getFormattedMessage());
  }
}
