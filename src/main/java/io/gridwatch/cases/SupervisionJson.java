package io.gridwatch.cases;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Set;

/**
 * The case's {@code supervision} as JSON (docs/supervision.md): null, or {@code {level, source,
 * reason, unit, dueAt, note, placedBy {id, name} | null, placedAt, overdue}}; {@code overdue} is
 * computed at read time: an open case whose supervision's due time (办结时限) has passed. Reads
 * the supervision {@link CaseStore} read ({@link CaseDetails.Supervision}).
 */
final class SupervisionJson {
  static final Set<String> ENDED = Set.of("CLOSED", "DECLINED", "MERGED");

  private SupervisionJson() {}

  /** Null when the case is not under supervision; list items leave out the note. */
  static JsonObject of(CaseDetails.Supervision s, Instant now, boolean withNote) {
    if (s == null) {
      return null;
    }
    OffsetDateTime due = s.dueAt();
    OffsetDateTime placed = s.placedAt();
    Long by = s.placedBy();
    JsonObject json = new JsonObject().put("level", s.level())
        .put("source", s.source() == null ? "AUTOMATIC" : s.source())
        .put("reason", s.reason())
        .put("unit", s.unit())
        .put("dueAt", due == null ? null : due.toString())
        .put("placedBy", by == null ? null : new JsonObject().put("id", by).put("name", s.placedByName()))
        .put("placedAt", placed == null ? null : placed.toString())
        .put("overdue", s.overdue(now));
    if (withNote) {
      json.put("note", s.note());
    }
    return json;
  }
}
