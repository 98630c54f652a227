package io.gridwatch.live;

import io.gridwatch.store.Sql;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * The outbox read back for the replay ({@code sql/live/replay.sql}): the stored, masked payloads
 * (JSON text, handed on as they are) after a seq, in seq order. Thread-safe.
 */
public final class EventStore {
  private final Pool pool;

  public EventStore(Pool pool) {
    this.pool = pool;
  }

  /**
   * At most {@code limit} payloads after {@code after}: of {@code cell} and below when it is not
   * null, else of the scope {@code scopePrefix} and those addressed to {@code userId}.
   */
  public Future<List<String>> replay(long after, String cell, String scopePrefix, long userId, int limit) {
    return pool.preparedQuery(Sql.get("live/replay")).execute(Tuple.of(after, cell, scopePrefix, userId, limit))
        .map(rows -> {
          List<String> payloads = new ArrayList<>(rows.size());
          for (Row r : rows) {
            payloads.add(r.getString("payload"));
          }
          return payloads;
        });
  }
}
