package io.gridwatch.live;

import io.gridwatch.store.Sql;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Commits outbox rows the way {@code io.gridwatch.cases.CaseStore} does (the same
 * {@code cases/take-seq} and {@code cases/insert-outbox} statements, in one transaction, payload
 * of the same shape), for tests and the fan-out benchmark that need many events, or events with
 * recipients, faster than filing complaints gives them. Every row belongs to an existing case.
 * Thread-safe (stateless apart from the pool).
 */
public final class OutboxWriter {
  private final Pool pool;

  public OutboxWriter(Pool pool) {
    this.pool = pool;
  }

  /**
   * Commits {@code count} events of case {@code caseId} in cell {@code cellCode} (null:
   * unassigned) addressed to {@code recipients}, each with {@code padding} characters of filler
   * in its data. Answers their seqs, once committed.
   */
  public Future<List<Long>> commit(long caseId, String cellCode, List<Long> recipients, int count, int padding) {
    String filler = "x".repeat(padding);
    return pool.withTransaction(conn -> conn.preparedQuery(Sql.get("cases/take-seq")).execute(Tuple.of(count))
        .compose(rows -> {
          long last = rows.iterator().next().getLong("last");
          long first = last - count + 1;
          Future<Void> chain = Future.succeededFuture();
          List<Long> seqs = new ArrayList<>();
          for (long seq = first; seq <= last; seq++) {
            long s = seq;
            seqs.add(s);
            chain = chain.compose(v -> insert(conn, s, caseId, cellCode, recipients, filler));
          }
          return chain.map(seqs);
        }));
  }

  /**
   * Commits {@code count} events in one statement (one round trip, in autocommit): the seqs are
   * taken from {@code event_seq} and the rows inserted together, so the seq lock is held for one
   * statement and its commit rather than for several round trips. Same table, same trigger, same
   * payload shape; for the benchmark, whose subject is the fan-out rather than the writer's lock
   * (docs/performance.md). Answers the seqs, once committed.
   */
  public Future<List<Long>> commitInOneStatement(long caseId, String cellCode, int count) {
    return pool.preparedQuery("""
            WITH s AS (UPDATE event_seq SET last = last + $1 RETURNING last)
            INSERT INTO event_outbox (seq, event_id, case_id, cell_code, type, at, payload)
            SELECT s.last - $1 + g, gen_random_uuid(), $2, $3, 'case.noted', now(),
                   jsonb_build_object('seq', s.last - $1 + g, 'type', 'case.noted', 'at', now(), 'cellCode', $3::text,
                                      'data', jsonb_build_object('caseId', $2::bigint))
            FROM s, generate_series(1, $1) AS g
            RETURNING seq""")
        .execute(Tuple.of(count, caseId, cellCode))
        .map(rows -> {
          List<Long> seqs = new ArrayList<>();
          rows.forEach(r -> seqs.add(r.getLong("seq")));
          seqs.sort(null);
          return seqs;
        });
  }

  private static Future<Void> insert(SqlConnection conn, long seq, long caseId, String cellCode, List<Long> recipients,
      String filler) {
    OffsetDateTime at = OffsetDateTime.now(ZoneOffset.UTC);
    JsonObject payload = new JsonObject().put("seq", seq).put("type", "case.noted").put("at", at.toString())
        .put("cellCode", cellCode)
        .put("data", new JsonObject().put("caseId", caseId).put("note", filler));
    return conn.preparedQuery(Sql.get("cases/insert-outbox"))
        .execute(Tuple.of(seq, UUID.randomUUID(), caseId, cellCode, "case.noted", at, payload))
        .compose(v -> recipients.isEmpty() ? Future.<Void>succeededFuture()
            : conn.preparedQuery("UPDATE event_outbox SET recipients = $2 WHERE seq = $1")
                .execute(Tuple.of(seq, (Object) recipients.toArray(Long[]::new))).mapEmpty());
  }
}
