package io.jinference.server;

import io.micronaut.runtime.Micronaut;

/**
 * Starts the server: {@code PORT} (default 9001) and {@code HOST} as Roboflow's inference server.
 */
public final class Application {
  private Application() {}

  public static void main(String[] args) {
    Micronaut.build(args).mainClass(Application.class).banner(false).start();
  }
}
