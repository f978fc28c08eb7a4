package io.jinference.server.http.filter;

import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.ShutdownEvent;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Says in the log that the server is stopping (operators look for it after SIGTERM). */
@Singleton
final class ShutdownLog implements ApplicationEventListener<ShutdownEvent> {
  private static final Logger LOG = LoggerFactory.getLogger(ShutdownLog.class);

  @Override
  public void onApplicationEvent(ShutdownEvent event) {
    LOG.info(
        "Shutting down: no new connections; requests in flight get up to SHUTDOWN_GRACE_PERIOD_MS to finish");
  }
}
