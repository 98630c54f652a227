package io.gridwatch.live;

import io.gridwatch.store.Sql;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes committed {@code event_outbox} rows on the event bus, in {@code seq} order, each
 * exactly once per relay, to the addresses of {@link LiveAddresses#forEvent}.
 *
 * <p>How it learns of new rows: the {@code gw_outbox} notification (a statement trigger,
 * migration V7) wakes it within a round trip of the commit; a poll every
 * {@code live.pollMillis} catches anything a lost notification or a dropped listening
 * connection missed. Either way it reads "everything after the last seq I published", so a
 * notification carries no data and a duplicate one costs one empty query. The outbox is the
 * source: nothing is lost between a commit and its publication, whatever fails in between,
 * because the row stays and the next read picks it up.
 *
 * <p>Order: writers take their seqs under one row lock held until commit (migration V4), so rows
 * become visible in seq order and the relay never needs to skip ahead. Should a gap appear
 * anyway (a row deleted by hand), it waits {@link #GAP_WAIT_MS} for the missing row and then
 * goes on, logging an error, rather than stop the live wall for good.
 *
 * <p>Frames are published with {@code localOnly}: in a cluster every node runs its own relay over
 * the shared outbox and serves its own sockets, so no event crosses the cluster bus and none is
 * delivered twice. The position ({@link #lastPublished()}) lives in memory; a new relay in the
 * same process continues from it ({@link LiveEvents#restartRelay()}), and a new process starts at
 * the newest committed event, because its sockets are all new and every client replays what it
 * missed through {@code GET /api/events} when it (re)connects.
 *
 * <p>Backpressure: after each batch the relay waits until the sockets' event loops have handed
 * that batch to their sockets ({@code delivered}, see {@link LiveBridge#delivered()}) before it
 * reads the next one. So at most one batch per address listener waits in memory; when the
 * sockets cannot keep up, the backlog stays where it is durable and costs nothing, in the
 * outbox, and shows as latency, not as a growing heap. (Slow single sockets are handled per
 * socket, by the resync.)
 *
 * <p>Thread-safety: all state is touched on this verticle's context only; {@link #lastPublished}
 * may be read from any thread.
 */
public final class OutboxRelay extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
  static final String CHANNEL = "gw_outbox";
  static final int BATCH = 100;
  static final long GAP_WAIT_MS = 5_000;
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true).setCodecName(LiveFrame.Codec.NAME);

  private final Pool pool;
  private final PgConnectOptions listenOptions;
  private final long pollMillis;
  private final long startAfter;
  private final java.util.function.Supplier<Future<Void>> delivered;
  private volatile long lastPublished;
  private volatile long publishedEvents;
  private Context context;
  private EventBus bus;
  private PgSubscriber subscriber;
  private long pollTimer = -1;
  private boolean reading;
  private boolean readAgain;
  private boolean stopped;
  private long gapSince = -1;
  private long failures;

  /**
   * @param listenOptions where to LISTEN (a connection of its own, outside the pool)
   * @param startAfter the last seq already published, or -1 to start at the newest committed one
   * @param delivered completes once everything published so far has been handed to the sockets
   */
  public OutboxRelay(Pool pool, PgConnectOptions listenOptions, long pollMillis, long startAfter,
      java.util.function.Supplier<Future<Void>> delivered) {
    this.pool = pool;
    this.delivered = delivered;
    this.listenOptions = new PgConnectOptions(listenOptions);
    this.pollMillis = pollMillis;
    this.startAfter = startAfter;
    this.lastPublished = startAfter;
  }

  /** The seq of the last event published (or the starting point, before the first). */
  public long lastPublished() {
    return lastPublished;
  }

  /** How many events this relay has published. */
  public long publishedEvents() {
    return publishedEvents;
  }

  @Override
  public Future<?> start() {
    context = vertx.getOrCreateContext();
    bus = vertx.eventBus();
    Future<Long> position = startAfter >= 0 ? Future.succeededFuture(startAfter)
        : pool.query(Sql.get("live/select-last-seq")).execute().map(rows -> rows.iterator().next().getLong("last"));
    return position.compose(last -> {
      lastPublished = last;
      LOG.info("Outbox relay starts after seq {}", last);
      pollTimer = vertx.setPeriodic(pollMillis, id -> wake());
      return listen();
    }).onSuccess(v -> wake());
  }

  /**
   * Subscribes to the notification channel. A failure here is not fatal (polling carries on);
   * the subscriber reconnects by itself once it was connected, and is retried until then.
   */
  private Future<Void> listen() {
    subscriber = PgSubscriber.subscriber(vertx, listenOptions)
        .reconnectPolicy(attempt -> Math.min(10_000L, 250L << Math.min(attempt, 6)));
    subscriber.channel(CHANNEL)
        // After every (re)connection: rows committed while nobody listened are read now.
        .subscribeHandler(v -> context.runOnContext(x -> wake()))
        .handler(payload -> context.runOnContext(x -> wake()));
    return connectListener();
  }

  private Future<Void> connectListener() {
    return subscriber.connect().recover(e -> {
      if (!stopped) {
        LOG.warn("Cannot LISTEN for outbox notifications ({}); polling every {} ms meanwhile, retrying in 5 s",
            e.getMessage(), pollMillis);
        vertx.setTimer(5_000, id -> {
          if (!stopped && subscriber.closed()) {
            connectListener();
          }
        });
      }
      return Future.succeededFuture();
    });
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    if (pollTimer != -1) {
      vertx.cancelTimer(pollTimer);
    }
    return subscriber == null ? Future.succeededFuture() : subscriber.close();
  }

  /** Reads and publishes whatever is new; coalesces calls that come while a read is running. */
  void wake() {
    if (stopped) {
      return;
    }
    if (reading) {
      readAgain = true;
      return;
    }
    reading = true;
    readAgain = false;
    read();
  }

  private void read() {
    pool.preparedQuery(Sql.get("live/select-after")).execute(Tuple.of(lastPublished, BATCH))
        .onComplete(ar -> {
          if (ar.failed()) {
            reading = false;
            // The next poll tries again; say so once per run of failures, not every second.
            if (failures++ == 0) {
              LOG.warn("Outbox relay cannot read the outbox: {}; retrying every {} ms", ar.cause().getMessage(),
                  pollMillis);
            }
            return;
          }
          if (failures > 0) {
            LOG.info("Outbox relay reads the outbox again after {} failed attempts", failures);
            failures = 0;
          }
          boolean full = publish(ar.result());
          Future<Void> handedOver = ar.result().size() == 0 ? Future.succeededFuture() : delivered.get();
          handedOver.onComplete(x -> context.runOnContext(v -> {
            if (stopped) {
              reading = false;
            } else if (full || readAgain) {
              readAgain = false;
              read();
            } else {
              reading = false;
            }
          }));
        });
  }

  /** Publishes the rows in order; true when there may be more to read at once. */
  private boolean publish(RowSet<Row> rows) {
    int n = 0;
    for (Row r : rows) {
      long seq = r.getLong("seq");
      if (seq != lastPublished + 1 && !acceptGap(seq)) {
        vertx.setTimer(100, id -> wake());
        return false;
      }
      gapSince = -1;
      String event = r.getString("payload");
      for (String address : LiveAddresses.forEvent(r.getString("cell_code"), r.getArrayOfLongs("recipients"))) {
        bus.publish(LiveFanout.busAddress(address), LiveFrame.of(seq, address, event), LOCAL);
      }
      lastPublished = seq;
      publishedEvents++;
      n++;
    }
    return n == BATCH;
  }

  private boolean acceptGap(long seq) {
    long now = System.currentTimeMillis();
    if (gapSince < 0) {
      gapSince = now;
      return false;
    }
    if (now - gapSince < GAP_WAIT_MS) {
      return false;
    }
    LOG.error("Outbox events {}..{} never appeared (deleted?); the relay goes on at {}. Clients replaying through"
        + " GET /api/events will not see them either.", lastPublished + 1, seq - 1, seq);
    gapSince = -1;
    return true;
  }
}
