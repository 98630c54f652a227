package io.gridwatch.notifications;

import io.gridwatch.config.NotificationSettings;
import io.gridwatch.store.Sql;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the queued messages: on a timer, claims the due ones ({@code FOR UPDATE SKIP LOCKED}, with
 * a lease of {@code notifications.leaseSeconds}, so several nodes never send one message at the
 * same time and a node that dies mid-send leaves it to the next claim after the lease), sends each
 * through its rule's {@link NotificationChannel}, and records every attempt
 * ({@code notification_attempt}: number, time, outcome, HTTP status or error, latency) together
 * with the message's new state: SENT; RETRYING after the configured backoff; FAILED after
 * {@code notifications.maxAttempts}; EXPIRED when claimed past its expiry (or its rule was
 * disabled or deleted meanwhile) — an expired message is never sent late. Delivery is at least
 * once: a node that dies after the receiver answered but before it recorded that sends again
 * after the lease, with the same {@code X-GridWatch-Delivery} id. Time from the injected
 * {@link Clock}; runs on its event loop, one round at a time; sends of a round run concurrently.
 */
public final class NotificationSender extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(NotificationSender.class);
  static final int BATCH = 50;
  private final Pool pool;
  private final Clock clock;
  private final NotificationSettings settings;
  private final Map<String, NotificationChannel> channels;
  private long timer = -1;
  private boolean running;

  public NotificationSender(Pool pool, Clock clock, NotificationSettings settings,
      Map<String, NotificationChannel> channels) {
    this.pool = pool;
    this.clock = clock;
    this.settings = settings;
    this.channels = Map.copyOf(channels);
  }

  @Override
  public Future<?> start() {
    timer = vertx.setPeriodic(settings.pollMillis(), id -> {
      if (!running) {
        running = true;
        sendAll().onComplete(ar -> {
          running = false;
          if (ar.failed()) {
            LOG.warn("Notification sending failed (retried in {} ms): {}", settings.pollMillis(), ar.cause().toString());
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

  /** Rounds until nothing is due; the messages handled. */
  public Future<Integer> sendAll() {
    return sendOnce().compose(n -> n < BATCH ? Future.succeededFuture(n) : sendAll().map(m -> n + m));
  }

  /** One round: claims up to {@value #BATCH} due messages and handles each; how many. */
  public Future<Integer> sendOnce() {
    Instant now = clock.instant();
    UUID token = UUID.randomUUID();
    return pool.preparedQuery(Sql.get("notifications/claim-due"))
        .execute(Tuple.of(utc(now), utc(now.plusSeconds(settings.leaseSeconds())), token, BATCH))
        .compose(rows -> {
          List<Future<Void>> handled = new ArrayList<>();
          for (Row r : rows) {
            handled.add(handle(r, token, now).recover(e -> {
              LOG.warn("Notification {} not handled (claimable again after the lease): {}", r.getLong("id"),
                  e.toString());
              return Future.succeededFuture();
            }));
          }
          return Future.join(handled).map(v -> rows.size());
        });
  }

  private Future<Void> handle(Row r, UUID token, Instant claimedAt) {
    long id = r.getLong("id");
    if (!r.getOffsetDateTime("expires_at").toInstant().isAfter(claimedAt)) {
      return expire(id, token, "expired: not delivered within the rule's expireMinutes");
    }
    if (!r.getBoolean("rule_enabled") || r.getString("target") == null || r.getString("secret") == null) {
      return expire(id, token, "rule disabled or deleted before delivery");
    }
    NotificationChannel channel = channels.get(r.getString("rule_channel"));
    int attempt = r.getInteger("attempts") + 1;
    Future<DeliveryResult> sent;
    if (channel == null) {
      sent = Future.succeededFuture(DeliveryResult.failed(null, "no channel " + r.getString("rule_channel")
          + " is registered on this node", 0));
    } else {
      Object data = r.getValue("data");
      Notification n = new Notification(id, r.getLong("event_seq"), r.getString("event_type"),
          r.getOffsetDateTime("event_at"), r.getString("event_cell"),
          data instanceof JsonObject o ? o : new JsonObject(), r.getLong("recipient_id"), r.getString("recipient_name"),
          r.getString("recipient_role"), r.getLong("rule_id"), r.getString("rule_name"), r.getString("target"),
          r.getString("secret"), r.getString("text"), attempt);
      sent = channel.send(n).recover(e -> Future.succeededFuture(DeliveryResult.failed(null,
          e.getClass().getSimpleName(), 0)));
    }
    return sent.compose(result -> record(id, token, attempt, result));
  }

  private Future<Void> record(long id, UUID token, int attempt, DeliveryResult result) {
    Instant at = clock.instant();
    String status;
    Instant due = at;
    if (result.delivered()) {
      status = "SENT";
    } else if (attempt >= settings.maxAttempts()) {
      status = "FAILED";
    } else {
      status = "RETRYING";
      due = at.plus(Duration.ofSeconds(settings.backoffAfter(attempt)));
    }
    OffsetDateTime when = utc(at);
    Instant nextDue = due;
    return pool.withTransaction(conn -> conn.preparedQuery(Sql.get("notifications/finish-attempt"))
        .execute(Tuple.from(new Object[] {id, token, status, attempt, when, result.error(),
            result.delivered() ? when : null, utc(nextDue)}))
        .compose(rows -> {
          if (rows.size() == 0) {
            // The lease ran out and another node claimed it: its attempt is the one that counts.
            LOG.warn("Notification {}: lease lost before attempt {} was recorded", id, attempt);
            return Future.succeededFuture();
          }
          return conn.preparedQuery(Sql.get("notifications/record-attempt")).execute(Tuple.from(new Object[] {
              id, attempt, when, result.delivered() ? "DELIVERED" : "FAILED", result.httpStatus(), result.error(),
              result.latencyMs()})).mapEmpty();
        }));
  }

  private Future<Void> expire(long id, UUID token, String why) {
    return pool.preparedQuery(Sql.get("notifications/expire")).execute(Tuple.of(id, token, why)).mapEmpty();
  }

  private static OffsetDateTime utc(Instant i) {
    return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
  }
}
