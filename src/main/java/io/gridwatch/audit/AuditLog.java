package io.gridwatch.audit;

import io.gridwatch.store.Sql;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the append-only audit trail ({@code audit_log}; the database refuses UPDATE and DELETE).
 * A change and its audit line go in the same transaction: pass the transaction's connection to
 * {@link #record(SqlClient, AuditEntry)}. Events with no change of their own (logins, unmasked
 * reads, exports) use {@link #record(AuditEntry)}. {@link #search} reads the trail back (the
 * audit capability's store: {@code sql/audit/}). Thread-safe.
 */
public final class AuditLog {
  private final Pool pool;

  public AuditLog(Pool pool) {
    this.pool = pool;
  }

  /** Records on its own connection. */
  public Future<Void> record(AuditEntry e) {
    return record(pool, e);
  }

  /** Records through {@code client}: a transaction's connection keeps it atomic with the change. */
  public Future<Void> record(SqlClient client, AuditEntry e) {
    return client.preparedQuery(Sql.get("audit/insert"))
        .execute(Tuple.tuple()
            .addValue(e.actorId())
            .addValue(e.actorName())
            .addValue(e.action())
            .addValue(e.objectType())
            .addValue(e.objectId())
            .addValue(e.address())
            .addValue(e.outcome().name())
            .addValue(e.detail()))
        .mapEmpty();
  }

  /** What {@link #search} looks for: each filter null for "any"; {@code before} pages by id. */
  public record Query(Long userId, String username, String action, String objectType, String objectId,
      OffsetDateTime from, OffsetDateTime to, Long before, int limit) {}

  /** One line of the trail as stored. */
  public record Line(long id, OffsetDateTime at, Long userId, String username, String action, String objectType,
      String objectId, String address, String outcome, JsonObject detail) {}

  /** The lines matching {@code q}, newest first, at most {@code q.limit()}. */
  public Future<List<Line>> search(Query q) {
    return pool.preparedQuery(Sql.get("audit/search"))
        .execute(Tuple.tuple()
            .addValue(q.userId()).addValue(q.username()).addValue(q.action()).addValue(q.objectType())
            .addValue(q.objectId()).addValue(q.from()).addValue(q.to()).addValue(q.before())
            .addValue(q.limit()))
        .map(rows -> {
          List<Line> lines = new ArrayList<>(rows.size());
          for (Row r : rows) {
            lines.add(new Line(r.getLong("id"), r.getOffsetDateTime("at"), r.getLong("actor_id"),
                r.getString("actor_name"), r.getString("action"), r.getString("object_type"),
                r.getString("object_id"), r.getString("address"), r.getString("outcome"),
                r.getJsonObject("detail")));
          }
          return lines;
        });
  }
}
