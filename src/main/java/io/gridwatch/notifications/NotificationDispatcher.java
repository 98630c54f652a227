package io.gridwatch.notifications;

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
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns committed events into messages: tails {@code event_outbox} in seq order from the cursor
 * row ({@code notification_cursor}, claimed {@code FOR UPDATE SKIP LOCKED}, so one node at a time
 * enqueues and the others skip the round), matches the enabled rules, resolves their recipients
 * and inserts one {@code notification} per (event, rule, recipient) in the same transaction as
 * advancing the cursor: a crash before the commit leaves both as they were, so nothing is lost
 * and nothing enqueued twice (the unique key {@code notification_once} guards that as well).
 *
 * <p>Rules are read at each round (a change applies to the next events). Quiet hours and expiry
 * are decided here, with the injected {@link Clock}: a message that falls in its rule's quiet
 * hours is HELD_QUIET until they end (unless urgent), and expires {@code expireMinutes} after the
 * event (after the release for a held one). Runs on its event loop; one round at a time.
 */
public final class NotificationDispatcher extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(NotificationDispatcher.class);
  static final int BATCH = 200;
  private final Pool pool;
  private final Clock clock;
  private final long pollMillis;
  private final Function<String, String> cellName;
  private long timer = -1;
  private boolean running;

  public NotificationDispatcher(Pool pool, Clock clock, long pollMillis, Function<String, String> cellName) {
    this.pool = pool;
    this.clock = clock;
    this.pollMillis = pollMillis;
    this.cellName = cellName;
  }

  @Override
  public Future<?> start() {
    timer = vertx.setPeriodic(pollMillis, id -> {
      if (!running) {
        running = true;
        dispatchAll().onComplete(ar -> {
          running = false;
          if (ar.failed()) {
            LOG.warn("Notification dispatch failed (retried in {} ms): {}", pollMillis, ar.cause().toString());
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

  /** Rounds until the outbox is read to its end (or another node holds the cursor); the events read. */
  public Future<Integer> dispatchAll() {
    return dispatchOnce().compose(n -> n < BATCH ? Future.succeededFuture(n) : dispatchAll().map(m -> n + m));
  }

  /**
   * One round in one transaction: up to {@value #BATCH} events after the cursor. The number of
   * events read; 0 when there were none or another node holds the cursor.
   */
  public Future<Integer> dispatchOnce() {
    return pool.withTransaction(conn -> conn.preparedQuery(Sql.get("notifications/claim-cursor")).execute()
        .compose(cursor -> {
          if (cursor.size() == 0) {
            return Future.succeededFuture(0);
          }
          long last = cursor.iterator().next().getLong("last_seq");
          return conn.preparedQuery(Sql.get("notifications/select-events")).execute(Tuple.of(last, BATCH))
              .compose(rows -> {
                List<Row> events = new ArrayList<>();
                rows.forEach(events::add);
                if (events.isEmpty()) {
                  return Future.succeededFuture(0);
                }
                long upTo = events.get(events.size() - 1).getLong("seq");
                return conn.preparedQuery(Sql.get("notifications/select-enabled-rules")).execute()
                    .compose(ruleRows -> {
                      List<NotificationRule> rules = new ArrayList<>();
                      ruleRows.forEach(r -> rules.add(NotificationRule.of(r)));
                      return enqueue(conn, events, rules);
                    })
                    .compose(v -> conn.preparedQuery(Sql.get("notifications/advance-cursor")).execute(Tuple.of(upTo)))
                    .map(v -> events.size());
              });
        }));
  }

  private Future<Void> enqueue(SqlConnection conn, List<Row> events, List<NotificationRule> rules) {
    Instant now = clock.instant();
    List<Tuple> inserts = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (Row e : events) {
      String type = e.getString("type");
      String cell = e.getString("cell_code");
      for (NotificationRule rule : rules) {
        if (!rule.matches(type, cell)) {
          continue;
        }
        chain = chain.compose(v -> recipients(conn, rule, cell).map(found -> {
          inserts.addAll(messages(e, rule, found, now));
          return null;
        }));
      }
    }
    return chain.compose(v -> inserts.isEmpty() ? Future.succeededFuture()
        : conn.preparedQuery(Sql.get("notifications/insert-notification")).executeBatch(inserts).mapEmpty());
  }

  private static Future<List<Row>> recipients(SqlConnection conn, NotificationRule rule, String cell) {
    Integer codeLength = rule.upToLevel() == null ? null : switch (rule.upToLevel()) {
      case 1 -> 6;
      case 2 -> 9;
      case 3 -> 12;
      default -> 14;
    };
    return conn.preparedQuery(Sql.get("notifications/select-recipients")).execute(Tuple.of(
            rule.roles().toArray(new String[0]), rule.userIds().toArray(new Long[0]), cell, codeLength))
        .map(rows -> {
          List<Row> out = new ArrayList<>();
          rows.forEach(out::add);
          return out;
        });
  }

  private List<Tuple> messages(Row e, NotificationRule rule, List<Row> recipients, Instant now) {
    String type = e.getString("type");
    OffsetDateTime eventAt = e.getOffsetDateTime("at");
    JsonObject payload = e.getJsonObject("payload");
    JsonObject data = payload == null ? null : payload.getJsonObject("data");
    String text = MessageText.of(type, e.getString("cell_code"), data, cellName);
    Instant due = rule.dueAt(type, now);
    boolean held = due.isAfter(now);
    Instant expires = (held ? due : eventAt.toInstant()).plus(Duration.ofMinutes(rule.expireMinutes()));
    List<Tuple> out = new ArrayList<>();
    for (Row u : recipients) {
      out.add(Tuple.from(new Object[] {e.getLong("seq"), type, e.getString("cell_code"), eventAt, rule.id(),
          u.getLong("id"), u.getString("display_name"), u.getString("role"), rule.channel(), text,
          held ? "HELD_QUIET" : "QUEUED", utc(due), utc(expires), utc(now)}));
    }
    return out;
  }

  private static OffsetDateTime utc(Instant i) {
    return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
  }
}
