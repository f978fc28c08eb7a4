package io.jinference.server.http.controller;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The server's version, from the Maven build. */
final class Version {
  private Version() {}

  static String current() {
    try (InputStream in = Version.class.getResourceAsStream("/jinference-version.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
