package io.gridwatch.notifications;

import io.gridwatch.auth.Scope;
import io.gridwatch.store.Sql;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The deliveries read back for {@code GET /api/notifications/deliveries}
 * ({@code sql/notifications/list-deliveries.sql}). The dispatcher and the sender write them.
 * Thread-safe.
 */
public final class DeliveryStore {
  private final Pool pool;

  public DeliveryStore(Pool pool) {
    this.pool = pool;
  }

  /** One delivery of an event to a recipient on a channel. */
  public record Delivery(long id, Long ruleId, Long eventSeq, String eventType, String cellCode, Long recipientId,
      String recipientName, String recipientRole, String channel, String status, Integer attempts,
      OffsetDateTime lastAttemptAt, String lastError, OffsetDateTime deliveredAt, OffsetDateTime dueAt,
      OffsetDateTime expiresAt, String text) {}

  /** At most {@code limit} deliveries in {@code scope} after id {@code after}; status and ruleId null for any. */
  public Future<List<Delivery>> list(Scope scope, String status, Long ruleId, long after, int limit) {
    Tuple args = Tuple.from(new Object[] {status, ruleId, after, scope.sqlPrefix(), limit});
    return pool.preparedQuery(Sql.get("notifications/list-deliveries")).execute(args).map(rows -> {
      List<Delivery> out = new ArrayList<>(rows.size());
      for (Row r : rows) {
        out.add(new Delivery(r.getLong("id"), r.getLong("rule_id"), r.getLong("event_seq"), r.getString("event_type"),
            r.getString("event_cell"), r.getLong("recipient_id"), r.getString("recipient_name"),
            r.getString("recipient_role"), r.getString("channel"), r.getString("status"), r.getInteger("attempts"),
            r.getOffsetDateTime("last_attempt_at"), r.getString("last_error"), r.getOffsetDateTime("delivered_at"),
            r.getOffsetDateTime("due_at"), r.getOffsetDateTime("expires_at"), r.getString("text")));
      }
      return out;
    });
  }
}
