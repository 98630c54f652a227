package io.gridwatch.audit;

import io.gridwatch.store.Sql;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/**
 * Writes the append-only audit trail ({@code audit_log}; the database refuses UPDATE and DELETE).
 * A change and its audit line go in the same transaction: pass the transaction's connection to
 * {@link #record(SqlClient, AuditEntry)}. Events with no change of their own (logins, unmasked
 * reads, exports) use {@link #record(AuditEntry)}. Thread-safe.
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
}
