package io.gridwatch.cases;

import io.gridwatch.store.Sql;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Releases dispatched teams that did not accept in time: on a timer, finds the running
 * {@code DISPATCH_ACCEPT} deadlines that fell due (by the injected clock) and has
 * {@link CaseService#timeOut} release each case and offer it to the next team. Nothing is kept
 * in memory: the deadline row is the timer, met in the same transaction as the release, so a
 * restart neither misses a timeout nor fires one twice, and several nodes sweeping at once
 * release each case once (the case's version decides). Runs on its event loop; one sweep at a
 * time.
 */
public final class AcceptanceTimeouts extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(AcceptanceTimeouts.class);
  /** How often the clocks are looked at: a release comes at most this long after its due time. */
  public static final Duration INTERVAL = Duration.ofSeconds(2);
  private static final int BATCH = 100;

  private final Pool pool;
  private final CaseService cases;
  private final Clock clock;
  private long timer = -1;
  private boolean sweeping;

  public AcceptanceTimeouts(Pool pool, CaseService cases, Clock clock) {
    this.pool = pool;
    this.cases = cases;
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    timer = vertx.setPeriodic(INTERVAL.toMillis(), id -> {
      if (!sweeping) {
        sweeping = true;
        sweep().onComplete(ar -> {
          sweeping = false;
          if (ar.failed()) {
            LOG.warn("Acceptance timeout sweep failed (retried in {} s): {}", INTERVAL.toSeconds(),
                ar.cause().toString());
          }
        });
      }
    });
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }

  /** Releases every case whose acceptance clock has run out as of now; how many this call released. */
  public Future<Integer> sweep() {
    OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    return pool.preparedQuery(Sql.get("cases/select-dispatch-timeouts")).execute(Tuple.of(now, BATCH))
        .compose(rows -> {
          List<Long> ids = new ArrayList<>();
          for (Row r : rows) {
            ids.add(r.getLong("case_id"));
          }
          Future<Integer> chain = Future.succeededFuture(0);
          for (long id : ids) {
            chain = chain.compose(n -> cases.timeOut(id).map(released -> released ? n + 1 : n)
                .recover(e -> {
                  LOG.warn("Case {}: acceptance timeout not applied (retried next sweep): {}", id, e.toString());
                  return Future.succeededFuture(n);
                }));
          }
          return chain;
        });
  }
}
