package io.jinference.server.http.filter;

import io.jinference.server.config.Setting;
import io.jinference.server.config.Settings;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.LastHttpContent;
import jakarta.inject.Singleton;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection on which the client has sent nothing for {@code HTTP_IDLE_TIMEOUT_MS} while
 * the server owes it nothing: a half-sent request (headers or body stalled), or an idle keep-alive
 * connection. A request the server is still working on (received whole, not yet answered) is never
 * cut, however long it takes; Netty's own idle timeouts would close it too. So a thousand stalled
 * sockets cost a thousand file descriptors for seconds, not minutes.
 */
@Singleton
final class StalledConnections implements BeanCreatedEventListener<ChannelPipelineCustomizer> {
  private final long timeoutNanos;

  StalledConnections(Settings settings) {
    this.timeoutNanos =
        TimeUnit.MILLISECONDS.toNanos(settings.number(Setting.HTTP_IDLE_TIMEOUT_MS));
  }

  @Override
  public ChannelPipelineCustomizer onCreated(BeanCreatedEvent<ChannelPipelineCustomizer> event) {
    ChannelPipelineCustomizer customizer = event.getBean();
    if (customizer.isServerChannel() && timeoutNanos > 0) {
      customizer.doOnConnect(
          pipeline -> {
            add(pipeline);
            return pipeline;
          });
    }
    return customizer;
  }

  private void add(ChannelPipeline pipeline) {
    Watch watch = new Watch(timeoutNanos);
    if (pipeline.get(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC) != null) {
      pipeline.addAfter(
          ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC, "jinference-stalled", watch);
    }
  }

  /**
   * Per connection: when the client last sent something, and how many requests await their answer.
   */
  static final class Watch extends ChannelDuplexHandler {
    private final long timeoutNanos;
    private long lastRead = System.nanoTime();
    private int awaitingAnswer;
    private ScheduledFuture<?> check;

    Watch(long timeoutNanos) {
      this.timeoutNanos = timeoutNanos;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
      long period = Math.max(TimeUnit.MILLISECONDS.toNanos(100), timeoutNanos / 4);
      check =
          ctx.executor()
              .scheduleAtFixedRate(
                  () -> {
                    if (awaitingAnswer == 0
                        && System.nanoTime() - lastRead > timeoutNanos
                        && ctx.channel().isActive()) {
                      ctx.close();
                    }
                  },
                  period,
                  period,
                  TimeUnit.NANOSECONDS);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
      if (check != null) {
        check.cancel(false);
      }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      lastRead = System.nanoTime();
      if (msg instanceof LastHttpContent) {
        awaitingAnswer++;
      }
      ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      if (msg instanceof LastHttpContent) {
        promise = promise.unvoid();
        promise.addListener(
            done -> {
              awaitingAnswer =
                  Math.max(
                      0, awaitingAnswer - 1); // an early answer (413) may come before the body ends
              lastRead = System.nanoTime(); // an idle keep-alive connection counts from the answer
            });
      }
      ctx.write(msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (check != null) {
        check.cancel(false);
      }
      ctx.fireChannelInactive();
    }
  }
}
