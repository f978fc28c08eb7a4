package io.jinference.server.logging;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.util.Locale;

/**
 * The console's encoder, chosen once at start by {@code LOG_FORMAT}: {@code text} (default, one
 * line per event, the pattern set by {@link ConsoleLogging}, where {@code %redactedMsg} is the
 * message with API keys removed) or {@code json} ({@link JsonLinesEncoder}). Both remove API keys
 * from messages.
 */
public final class LogFormatEncoder extends EncoderBase<ILoggingEvent> {
  private String pattern;
  private Encoder<ILoggingEvent> delegate;

  /** The text pattern. */
  public void setPattern(String pattern) {
    this.pattern = pattern;
  }

  @Override
  public void start() {
    String format =
        System.getenv().getOrDefault("LOG_FORMAT", System.getProperty("log.format", "text"));
    if (format.trim().toLowerCase(Locale.ROOT).equals("json")) {
      delegate = new JsonLinesEncoder();
    } else {
      PatternLayout layout = new PatternLayout();
      layout.getInstanceConverterMap().put("redactedMsg", RedactedMessageConverter::new);
      layout.setContext(getContext());
      layout.setPattern(pattern);
      layout.start();
      LayoutWrappingEncoder<ILoggingEvent> text = new LayoutWrappingEncoder<>();
      text.setLayout(layout);
      delegate = text;
    }
    delegate.setContext(getContext());
    delegate.start();
    super.start();
  }

  @Override
  public void stop() {
    if (delegate != null) {
      delegate.stop();
    }
    super.stop();
  }

  @Override
  public byte[] headerBytes() {
    return delegate.headerBytes();
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    return delegate.encode(event);
  }

  @Override
  public byte[] footerBytes() {
    return delegate.footerBytes();
  }
}
