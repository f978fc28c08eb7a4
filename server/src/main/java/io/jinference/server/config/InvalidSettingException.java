package io.jinference.server.config;

/** A setting has a value that cannot be used; the server refuses to start. */
public final class InvalidSettingException extends RuntimeException {
  public InvalidSettingException(Setting setting, String value, String expected) {
    super("Invalid value '" + value + "' for " + setting.name() + ": expected " + expected + ".");
  }
}
