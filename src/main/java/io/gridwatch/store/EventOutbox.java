package io.gridwatch.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Appends live events to the outbox ({@code event_outbox}) inside the caller's transaction,
 * under the next system-wide {@code seq}s. The {@code event_seq} row lock taken here orders the
 * writers, so seqs are gapless and commit in order. Stateless and thread-safe.
 */
public final class EventOutbox {
  private EventOutbox() {}

  /**
   * One event. {@code data} must hold masked data only: live events go to many walls at once.
   *
   * @param cellCode the case's cell, or null for an unassigned case
   */
  public record Event(long caseId, String cellCode, String type, OffsetDateTime at, JsonObject data) {}

  /** Appends {@code events} in order; returns the seqs they got. */
  public static Future<List<Long>> append(SqlConnection conn, List<Event> events) {
    if (events.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return conn.preparedQuery(Sql.get("cases/take-seq")).execute(Tuple.of(events.size())).compose(rows -> {
      long first = rows.iterator().next().getLong("last") - events.size() + 1;
      List<Tuple> batch = new ArrayList<>();
      List<Long> seqs = new ArrayList<>();
      for (int i = 0; i < events.size(); i++) {
        Event e = events.get(i);
        long seq = first + i;
        seqs.add(seq);
        JsonObject payload = new JsonObject().put("seq", seq).put("type", e.type()).put("at", e.at().toString())
            .put("cellCode", e.cellCode()).put("data", e.data());
        batch.add(Tuple.of(seq, UUID.randomUUID(), e.caseId(), e.cellCode(), e.type(), e.at(), payload));
      }
      return conn.preparedQuery(Sql.get("cases/insert-outbox")).executeBatch(batch).map(v -> seqs);
    });
  }
}
