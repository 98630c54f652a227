package io.gridwatch.cases;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Set;

/**
 * The case's {@code supervision} as JSON (docs/supervision.md): null, or {@code {level, source,
 * reason, unit, dueAt, note, placedBy {id, name} | null, placedAt, overdue}}; {@code overdue} is
 * computed at read time: an open case whose supervision's due time (办结时限) has passed. Reads
 * the {@code sup_*} columns of select-case.sql and list-cases.sql.
 */
final class SupervisionJson {
  private static final Set<String> ENDED = Set.of("CLOSED", "DECLINED", "MERGED");

  private SupervisionJson() {}

  /** Null when the case is not under supervision; list items leave out the note. */
  static JsonObject of(Row r, Instant now, boolean withNote) {
    String level = r.getString("supervision");
    if (level == null) {
      return null;
    }
    OffsetDateTime due = r.getOffsetDateTime("sup_due_at");
    OffsetDateTime placed = r.getOffsetDateTime("sup_placed_at");
    Long by = r.getLong("sup_placed_by");
    boolean open = !ENDED.contains(r.getString("status"));
    JsonObject json = new JsonObject().put("level", level)
        .put("source", r.getString("sup_source") == null ? "AUTOMATIC" : r.getString("sup_source"))
        .put("reason", r.getString("sup_reason"))
        .put("unit", r.getString("sup_unit"))
        .put("dueAt", due == null ? null : due.toString())
        .put("placedBy", by == null ? null : new JsonObject().put("id", by).put("name", r.getString("sup_placed_by_name")))
        .put("placedAt", placed == null ? null : placed.toString())
        .put("overdue", open && due != null && now != null && !now.isBefore(due.toInstant()));
    if (withNote) {
      json.put("note", r.getString("sup_note"));
    }
    return json;
  }

  /** Every supervision of the case (history.sql), oldest first. */
  static JsonArray history(Iterable<Row> rows) {
    JsonArray out = new JsonArray();
    for (Row r : rows) {
      OffsetDateTime due = r.getOffsetDateTime("due_at");
      OffsetDateTime ended = r.getOffsetDateTime("ended_at");
      Long by = r.getLong("placed_by");
      Long endedBy = r.getLong("ended_by");
      out.add(new JsonObject().put("level", r.getString("level")).put("source", r.getString("source"))
          .put("reason", r.getString("reason")).put("unit", r.getString("unit"))
          .put("dueAt", due == null ? null : due.toString()).put("note", r.getString("note"))
          .put("placedBy", by == null ? null : new JsonObject().put("id", by).put("name", r.getString("placed_by_name")))
          .put("placedAt", r.getOffsetDateTime("placed_at").toString())
          .put("endedAt", ended == null ? null : ended.toString())
          .put("endedHow", r.getString("ended_how"))
          .put("endedBy", endedBy == null ? null
              : new JsonObject().put("id", endedBy).put("name", r.getString("ended_by_name")))
          .put("endNote", r.getString("end_note")));
    }
    return out;
  }
}
