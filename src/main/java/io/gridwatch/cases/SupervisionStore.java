package io.gridwatch.cases;

import io.gridwatch.audit.AuditEntry;
import io.gridwatch.audit.AuditLog;
import io.gridwatch.auth.CurrentUser;
import io.gridwatch.cases.workflow.Actor;
import io.gridwatch.cases.workflow.CaseEvent;
import io.gridwatch.cases.workflow.CaseStatus;
import io.gridwatch.http.ApiException;
import io.gridwatch.store.Sql;
import io.gridwatch.store.StoreErrors;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Supervision by hand (sql/supervision/): placing and lifting, each in one transaction with the
 * case locked — the supervision rows, the case's level and next version, the case event (on the
 * timeline; its live copy {@code case.supervised} / {@code case.supervision-lifted} goes to the
 * case's cell without the note), and the audit line. The rules are {@link SupervisionRules}'s;
 * they are checked against the current supervision read under the lock. Thread-safe.
 */
final class SupervisionStore {
  private static final Set<String> ENDED = Set.of("CLOSED", "DECLINED", "MERGED");
  private final Pool pool;
  private final AuditLog audit;

  SupervisionStore(Pool pool, AuditLog audit) {
    this.pool = pool;
    this.audit = audit;
  }

  /** A placement as validated by the endpoint. */
  record Placement(String level, String unit, OffsetDateTime dueAt, String note) {}

  /** The case's supervisions, oldest first. */
  Future<JsonArray> history(long caseId) {
    return pool.preparedQuery(Sql.get("supervision/history")).execute(Tuple.of(caseId)).map(SupervisionStore::historyJson);
  }

  /** Places (or replaces) the case's supervision; fails with 404, 403 or 409 problems. */
  Future<Void> place(long caseId, CurrentUser user, io.gridwatch.audit.Actor auditActor, Placement p,
      OffsetDateTime now) {
    return pool.withTransaction(conn -> lock(conn, caseId, user).compose(c -> current(conn, caseId).compose(cur -> {
      String status = c.getString("status");
      if (ENDED.contains(status)) {
        return Future.failedFuture(ApiException.conflict("case-not-open", "Case not open",
            "Case " + caseId + " is " + status + ": a closed, declined or merged case cannot be put under supervision."));
      }
      String cell = c.getString("cell_code");
      if (!SupervisionRules.mayPlace(user.role(), user.gridCode(), cell, p.level())) {
        return Future.failedFuture(forbidden(p.level().equals("LISTED")
            ? "挂牌督办 (LISTED) is placed by a leader, or a supervisor of a level-1 or city-wide grid above the case's cell."
            : "督办 is placed by a leader, or a supervisor of a grid above the case's cell (not the cell's own)."));
      }
      if (cur != null && SupervisionRules.lowers(cur.getString("level"), p.level())
          && !SupervisionRules.mayLift(user.role(), user.gridCode(), cell, cur.getString("level"), cur.getString("source"))) {
        return Future.failedFuture(forbidden("Lowering the current " + cur.getString("source").toLowerCase()
            + " 挂牌督办 (LISTED) takes the right to lift it (docs/supervision.md)."));
      }
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("level", p.level());
      data.put("source", "MANUAL");
      data.put("unit", p.unit());
      data.put("dueAt", p.dueAt().toString());
      if (p.note() != null) {
        data.put("note", p.note());
      }
      if (cur != null) {
        data.put("previousLevel", cur.getString("level"));
        data.put("previousSource", cur.getString("source"));
      }
      Future<Void> ended = cur == null ? Future.succeededFuture()
          : conn.preparedQuery(Sql.get("supervision/end-current"))
              .execute(Tuple.of(caseId, now, "REPLACED", user.id(), null)).mapEmpty();
      return ended
          .compose(v -> conn.preparedQuery(Sql.get("supervision/insert"))
              .execute(Tuple.of(caseId, p.level(), p.unit(), p.dueAt(), p.note(), user.id(), now)))
          .compose(v -> finish(conn, c, p.level(), "supervised", data, user,
              auditActor.entry("case.supervise", "case", String.valueOf(caseId), AuditEntry.Outcome.SUCCESS,
                  new JsonObject().put("caseNo", c.getString("case_no")).put("level", p.level())
                      .put("unit", p.unit()).put("dueAt", p.dueAt().toString())
                      .put("replaced", cur == null ? null : cur.getString("level")))));
    }))).recover(e -> Future.failedFuture(e instanceof ApiException ? e : StoreErrors.translate(e)));
  }

  /** Lifts the case's supervision (解除督办); fails with 404, 403, 409 or 422 problems. */
  Future<Void> lift(long caseId, CurrentUser user, io.gridwatch.audit.Actor auditActor, String note,
      OffsetDateTime now) {
    return pool.withTransaction(conn -> lock(conn, caseId, user).compose(c -> current(conn, caseId).compose(cur -> {
      if (c.getString("supervision") == null && cur == null) {
        return Future.failedFuture(ApiException.conflict("not-supervised", "Not under supervision",
            "Case " + caseId + " is not under supervision."));
      }
      String level = cur == null ? c.getString("supervision") : cur.getString("level");
      String source = cur == null ? "AUTOMATIC" : cur.getString("source");
      if (!SupervisionRules.mayLift(user.role(), user.gridCode(), c.getString("cell_code"), level, source)) {
        return Future.failedFuture(forbidden("AUTOMATIC".equals(source)
            ? "A supervision raised by a missed deadline is lifted by a leader only."
            : "Lifting takes the right to place the level lifted (docs/supervision.md)."));
      }
      if ("AUTOMATIC".equals(source) && note == null) {
        return Future.failedFuture(ApiException.invalid(List.of(new io.gridwatch.http.FieldError("note",
            "is required to lift a supervision raised by a missed deadline: say why"))));
      }
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("level", level);
      data.put("source", source);
      if (note != null) {
        data.put("note", note);
      }
      return conn.preparedQuery(Sql.get("supervision/end-current"))
          .execute(Tuple.of(caseId, now, "LIFTED", user.id(), note))
          .compose(v -> finish(conn, c, null, "supervision-lifted", data, user,
              auditActor.entry("case.supervision-lift", "case", String.valueOf(caseId), AuditEntry.Outcome.SUCCESS,
                  new JsonObject().put("caseNo", c.getString("case_no")).put("level", level).put("source", source))));
    }))).recover(e -> Future.failedFuture(e instanceof ApiException ? e : StoreErrors.translate(e)));
  }

  /** The case locked, or 404 when missing or outside the caller's scope. */
  private static Future<Row> lock(SqlConnection conn, long caseId, CurrentUser user) {
    return conn.preparedQuery(Sql.get("supervision/lock-case")).execute(Tuple.of(caseId)).compose(rows -> {
      Row c = rows.size() == 0 ? null : rows.iterator().next();
      return c != null && user.scope().seesCase(c.getString("cell_code"))
          ? Future.succeededFuture(c) : Future.failedFuture(CaseService.notFound(caseId));
    });
  }

  private static Future<Row> current(SqlConnection conn, long caseId) {
    return conn.preparedQuery(Sql.get("supervision/select-current")).execute(Tuple.of(caseId))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next());
  }

  /** The case's level and version, the audit line, then the event (last: it takes the seq lock). */
  private Future<Void> finish(SqlConnection conn, Row c, String level, String type, Map<String, Object> data,
      CurrentUser user, AuditEntry entry) {
    long caseId = c.getLong("id");
    CaseStatus status = CaseStatus.valueOf(c.getString("status"));
    Long[] team = c.getArrayOfLongs("assigned_inspectors");
    return conn.preparedQuery(Sql.get("supervision/update-case")).execute(Tuple.of(caseId, level))
        .compose(rows -> {
          long version = rows.iterator().next().getLong("version");
          CaseEvent event = new CaseEvent(type, caseId, version, new Actor(user.id(), user.role()), status, status, data);
          return audit.record(conn, entry).compose(v -> CaseStore.append(conn, caseId, c.getString("case_no"),
              c.getString("cell_code"), c.getString("category"), List.of(event), user.username(),
              team == null ? List.of() : Arrays.asList(team)));
        });
  }

  private static ApiException forbidden(String detail) {
    return new ApiException(403, "supervision-forbidden", "Not allowed to supervise this case", detail, List.of());
  }

  /** Every supervision of the case (history.sql), oldest first. */
  static JsonArray historyJson(Iterable<Row> rows) {
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
