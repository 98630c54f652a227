package io.gridwatch.live;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a live websocket send the frames of one delivery round in one system call.
 *
 * <p>Why: Vert.x flushes every websocket frame written outside a read, so an event for 1,000
 * sockets costs 1,000 {@code write(2)} calls and as many wake-ups of the receiving side, and
 * when the relay hands over a batch of events each one is flushed on its own. On the 2-core
 * target machine those calls, not the Java code, were the fan-out's limit (docs/performance.md,
 * "Live events fan-out"). Netty's {@link FlushConsolidationHandler} at the head of the
 * connection's pipeline turns the flushes of one event-loop task into one flush run just after
 * it: the frames still go out in order and within the same loop turn, but together.
 *
 * <p>It reaches the Netty pipeline through a Vert.x implementation class (the only way Vert.x 5
 * offers for an HTTP connection); should a later Vert.x change that class, sockets work exactly
 * as before, only without coalescing, and a warning says so once.
 *
 * <p>Thread-safety: call on the connection's event loop (the bridge's socket-created hook is).
 */
final class FlushCoalescing {
  private static final Logger LOG = LoggerFactory.getLogger(FlushCoalescing.class);
  static final String HANDLER_NAME = "gridwatch-flush-coalescing";
  /**
   * Flush at once after this many pending flushes even within one task, so that one huge round
   * does not hold every byte back until it ends.
   */
  static final int FLUSH_AT_LEAST_EVERY = 64;
  private static final AtomicBoolean WARNED = new AtomicBoolean();

  private FlushCoalescing() {}

  /** Installs the coalescing on {@code connection}'s pipeline; true if it is (now or already) there. */
  static boolean install(HttpConnection connection) {
    if (!(connection instanceof ConnectionBase base)) {
      if (WARNED.compareAndSet(false, true)) {
        LOG.warn("Live sockets run without flush coalescing: {} is not a Vert.x ConnectionBase",
            connection == null ? null : connection.getClass().getName());
      }
      return false;
    }
    ChannelPipeline pipeline = base.channel().pipeline();
    if (pipeline.get(HANDLER_NAME) == null) {
      pipeline.addFirst(HANDLER_NAME, new FlushConsolidationHandler(FLUSH_AT_LEAST_EVERY, true));
    }
    return true;
  }
}
