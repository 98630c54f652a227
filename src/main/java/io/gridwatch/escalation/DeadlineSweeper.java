package io.gridwatch.escalation;

import io.gridwatch.cases.clock.DeadlineKind;
import io.gridwatch.store.EventOutbox;
import io.gridwatch.store.Sql;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
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
 * Turns the deadline table into escalations: on a timer, claims the clocks whose warning or due
 * time has come ({@code FOR UPDATE SKIP LOCKED}, so each fires once however many nodes sweep),
 * and in the same transaction marks them, raises the case's supervision when a deadline is
 * missed ({@link Supervision}; recorded as an AUTOMATIC supervision whose reason is the deadline
 * kind, docs/supervision.md) and appends a {@code deadline.warning} or {@code deadline.overdue}
 * event to the outbox for the wall. Time comes from the injected {@link Clock}; nothing is kept
 * in memory timers, so a restart misses nothing (the next sweep finds what fell due meanwhile).
 *
 * <p>A clock that is past due when first seen gets only the overdue event (the warning would be
 * stale). Runs on its event loop; one sweep at a time.
 */
public final class DeadlineSweeper extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(DeadlineSweeper.class);
  /** How often the table is swept: the delay from a due time to its escalation is at most this. */
  public static final Duration INTERVAL = Duration.ofSeconds(5);
  private static final int BATCH = 200;

  private final Pool pool;
  private final Clock clock;
  private long timer = -1;
  private boolean sweeping;

  public DeadlineSweeper(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    timer = vertx.setPeriodic(INTERVAL.toMillis(), id -> {
      if (!sweeping) {
        sweeping = true;
        sweepAll().onComplete(ar -> {
          sweeping = false;
          if (ar.failed()) {
            LOG.warn("Deadline sweep failed (retried in {} s): {}", INTERVAL.toSeconds(), ar.cause().toString());
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

  /** Sweeps until nothing is left to announce as of now; the number of events written. */
  public Future<Integer> sweepAll() {
    return sweepOnce().compose(n -> n < BATCH ? Future.succeededFuture(n) : sweepAll().map(m -> n + m));
  }

  /** One batch in one transaction; the number of deadlines announced. */
  public Future<Integer> sweepOnce() {
    OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    return pool.withTransaction(conn -> conn.preparedQuery(Sql.get("escalation/claim-due"))
        .execute(Tuple.of(now, BATCH)).compose(rows -> {
          List<Row> claimed = new ArrayList<>();
          rows.forEach(claimed::add);
          return announce(conn, claimed, now).map(v -> claimed.size());
        }));
  }

  private static Future<Void> announce(SqlConnection conn, List<Row> claimed, OffsetDateTime now) {
    List<Tuple> marks = new ArrayList<>();
    List<Tuple> raises = new ArrayList<>();
    List<EventOutbox.Event> events = new ArrayList<>();
    for (Row r : claimed) {
      DeadlineKind kind = DeadlineKind.valueOf(r.getString("kind"));
      boolean overdue = !r.getOffsetDateTime("due_at").isAfter(now);
      int workers = r.getInteger("workers_involved");
      long caseId = r.getLong("case_id");
      marks.add(Tuple.of(caseId, kind.name(), now, overdue));
      JsonObject data = new JsonObject().put("caseId", caseId).put("caseNo", r.getString("case_no"))
          .put("category", r.getString("category")).put("status", r.getString("status"))
          .put("kind", kind.name()).put("legal", kind.isLegal())
          .put("dueAt", r.getOffsetDateTime("due_at").toString())
          .put("workersInvolved", workers);
      if (overdue) {
        Supervision level = Supervision.forOverdue(kind, workers);
        raises.add(Tuple.of(caseId, level.name(), kind.name(), now));
        data.put("supervision", higher(r.getString("supervision"), level).name());
      }
      events.add(new EventOutbox.Event(caseId, r.getString("cell_code"),
          overdue ? "deadline.overdue" : "deadline.warning", now, data));
    }
    if (claimed.isEmpty()) {
      return Future.succeededFuture();
    }
    Future<Void> raised = raises.isEmpty() ? Future.succeededFuture()
        : conn.preparedQuery(Sql.get("escalation/raise-supervision")).executeBatch(raises).mapEmpty();
    return conn.preparedQuery(Sql.get("escalation/mark-deadline")).executeBatch(marks)
        .compose(v -> raised)
        .compose(v -> EventOutbox.append(conn, events))
        .mapEmpty();
  }

  private static Supervision higher(String current, Supervision raised) {
    return "LISTED".equals(current) ? Supervision.LISTED : raised;
  }
}
