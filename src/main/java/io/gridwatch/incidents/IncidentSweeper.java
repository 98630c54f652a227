package io.gridwatch.incidents;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The incident detector and the on-site clock, on a timer ({@code incidents.sweepMillis}, default
 * 500 ms): looks at the cases changed since the cursor (the outbox after {@code incident_sweep.last_seq},
 * read by its primary key, so the cost follows the changes, not the number of cases), opens and
 * updates incidents ({@link IncidentStore#detect}), then announces on-site clocks that fell due
 * ({@link IncidentStore#sweepOnSite}). Nothing is kept in memory: the cursor and the clocks are
 * rows, so a restart misses nothing and several nodes sweeping one database open each incident
 * once (the cursor row is claimed FOR UPDATE SKIP LOCKED). Time comes from the injected clock.
 * Runs on its event loop; one sweep at a time.
 */
public final class IncidentSweeper extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(IncidentSweeper.class);
  private static final int BATCH = 500;
  private static final int CLOCK_BATCH = 100;
  private final IncidentStore store;
  private final Clock clock;
  private long timer = -1;
  private boolean sweeping;
  /** The sweep in progress (or the last one): stopping waits for it, so it never meets a closed pool. */
  private Future<Integer> current = Future.succeededFuture(0);

  public IncidentSweeper(IncidentStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    timer = vertx.setPeriodic(store.settings().sweepMillis(), id -> {
      if (!sweeping) {
        sweeping = true;
        current = sweep();
        current.onComplete(ar -> {
          sweeping = false;
          if (ar.failed()) {
            LOG.warn("Incident sweep failed (retried in {} ms): {}", store.settings().sweepMillis(),
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
    return current.transform(ar -> Future.succeededFuture());
  }

  /** Detects until the cursor is at the end of the outbox, then sweeps the on-site clocks. */
  public Future<Integer> sweep() {
    return detectAll().compose(n -> store.sweepOnSite(clock.instant(), CLOCK_BATCH).map(n));
  }

  private Future<Integer> detectAll() {
    return store.detect(clock.instant(), BATCH)
        .compose(n -> n < BATCH ? Future.succeededFuture(n) : detectAll().map(m -> n + m));
  }
}
