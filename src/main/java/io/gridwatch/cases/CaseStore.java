package io.gridwatch.cases;

import io.gridwatch.audit.AuditEntry;
import io.gridwatch.audit.AuditLog;
import io.gridwatch.auth.Role;
import io.gridwatch.auth.Scope;
import io.gridwatch.cases.clock.Deadline;
import io.gridwatch.cases.workflow.CaseEvent;
import io.gridwatch.cases.workflow.CaseState;
import io.gridwatch.cases.workflow.CaseStatus;
import io.gridwatch.cases.workflow.Outcome;
import io.gridwatch.cases.workflow.OutcomeAction;
import io.gridwatch.cases.workflow.Satisfaction;
import io.gridwatch.store.EventOutbox;
import io.gridwatch.store.Sql;
import io.gridwatch.store.StoreErrors;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import io.vertx.sqlclient.templates.SqlTemplate;
import io.vertx.sqlclient.templates.TupleMapper;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Persistence of cases (SQL in {@code sql/cases/}): filing with its idempotency key, the event
 * log, the outbox of live events (system-wide gapless {@code seq}) and optimistic-locked
 * transitions. Every change commits together with its events, outbox rows and audit line.
 * Thread-safe (stateless apart from the pool).
 */
public final class CaseStore {
  private final Pool pool;
  private final AuditLog audit;

  public CaseStore(Pool pool, AuditLog audit) {
    this.pool = pool;
    this.audit = audit;
  }

  /** A stored case: its workflow state and the rest of what it says. */
  public record StoredCase(long id, String caseNo, String cellCode, String category, Long takenBy, CaseState state,
      CaseDetails details) {}

  /** The row of a new case: the named parameters of insert-case.sql. */
  record NewCase(long id, String caseNo, String status, long version, String channel, String category,
      String urgency, JsonObject attributes, Double lon, Double lat, String crs, Double lonWgs84, Double latWgs84,
      String cellCode, String unassignedReason, boolean boundary, boolean snapped, String employerName,
      String employerCreditCode, Integer workersInvolved, BigDecimal amountOwed, String description,
      String complainantName, String complainantPhone, String complainantIdNumber, long takenBy) {
    static final TupleMapper<NewCase> PARAMETERS = TupleMapper.mapper(r -> {
      Map<String, Object> m = new HashMap<>();
      m.put("id", r.id());
      m.put("caseNo", r.caseNo());
      m.put("status", r.status());
      m.put("version", r.version());
      m.put("channel", r.channel());
      m.put("category", r.category());
      m.put("urgency", r.urgency());
      m.put("attributes", r.attributes());
      m.put("lon", r.lon());
      m.put("lat", r.lat());
      m.put("crs", r.crs());
      m.put("lonWgs84", r.lonWgs84());
      m.put("latWgs84", r.latWgs84());
      m.put("cellCode", r.cellCode());
      m.put("unassignedReason", r.unassignedReason());
      m.put("boundary", r.boundary());
      m.put("snapped", r.snapped());
      m.put("employerName", r.employerName());
      m.put("employerCreditCode", r.employerCreditCode());
      m.put("workersInvolved", r.workersInvolved());
      m.put("amountOwed", r.amountOwed());
      m.put("description", r.description());
      m.put("complainantName", r.complainantName());
      m.put("complainantPhone", r.complainantPhone());
      m.put("complainantIdNumber", r.complainantIdNumber());
      m.put("takenBy", r.takenBy());
      return m;
    });
  }

  /** A case's next state, if still at {@code expectedVersion}: the named parameters of update-state.sql. */
  record StateChange(long id, long expectedVersion, String status, long version, Long[] assignedInspectors,
      Long[] acceptedBy, int extensionWorkingDays, String statusBeforeParking, JsonObject outcome, int reworks,
      String followUp, Long mergedInto) {
    static final TupleMapper<StateChange> PARAMETERS = TupleMapper.mapper(r -> {
      Map<String, Object> m = new HashMap<>();
      m.put("id", r.id());
      m.put("expectedVersion", r.expectedVersion());
      m.put("status", r.status());
      m.put("version", r.version());
      m.put("assignedInspectors", r.assignedInspectors());
      m.put("acceptedBy", r.acceptedBy());
      m.put("extensionWorkingDays", r.extensionWorkingDays());
      m.put("statusBeforeParking", r.statusBeforeParking());
      m.put("outcome", r.outcome());
      m.put("reworks", r.reworks());
      m.put("followUp", r.followUp());
      m.put("mergedInto", r.mergedInto());
      return m;
    });
  }

  /** A previous filing under an idempotency key. */
  public record Previous(String requestHash, long caseId) {}

  /** Where a new case goes in the grid. */
  public record Placement(String cellCode, String unassignedReason, boolean boundary, boolean snapped,
      double[] wgs84) {}

  /** Thrown inside the filing transaction when another request took the key first. */
  static final class KeyTaken extends RuntimeException {
    KeyTaken() {
      super("idempotency key taken", null, false, false);
    }
  }

  public Future<Optional<Previous>> previous(long userId, String key) {
    return pool.preparedQuery(Sql.get("cases/select-idempotency")).execute(Tuple.of(userId, key))
        .map(rows -> rows.size() == 0 ? Optional.empty()
            : Optional.of(new Previous(rows.iterator().next().getString("request_hash"),
                rows.iterator().next().getLong("case_id"))));
  }

  /**
   * Files a case in one transaction: idempotency row, case row, its {@code received} event(s),
   * outbox rows and the {@code case.create} audit line. Fails with {@link KeyTaken} when a
   * concurrent request stored the same key first.
   */
  public Future<Long> file(Complaint c, Placement p, String key, long userId,
      java.util.function.LongFunction<List<CaseEvent>> events, List<Deadline> deadlines,
      io.gridwatch.audit.Actor auditActor) {
    return pool.withTransaction(conn -> conn.query(Sql.get("cases/next-ids")).execute().compose(ids -> {
      Row idRow = ids.iterator().next();
      long id = idRow.getLong("id");
      String caseNo = idRow.getString("case_no");
      List<CaseEvent> evs = events.apply(id);
      NewCase row = new NewCase(id, caseNo, CaseStatus.RECEIVED.name(), CaseState.FIRST_VERSION, c.channel(),
          c.category(), c.urgency().name(), c.attributes(),
          c.location() == null ? null : c.location().lon(), c.location() == null ? null : c.location().lat(),
          c.location() == null ? null : c.location().crs().name(),
          p.wgs84() == null ? null : p.wgs84()[0], p.wgs84() == null ? null : p.wgs84()[1],
          p.cellCode(), p.unassignedReason(), p.boundary(), p.snapped(), c.employerName(), c.employerCreditCode(),
          c.workersInvolved(), c.amountOwed(), c.description(), c.complainantName(), c.complainantPhone(),
          c.complainantIdNumber(), userId);
      return SqlTemplate.forUpdate(conn, Sql.get("cases/insert-case")).mapFrom(NewCase.PARAMETERS).execute(row)
          .compose(v -> conn.preparedQuery(Sql.get("cases/insert-idempotency"))
              .execute(Tuple.of(key, userId, c.hash(), id))
              .recover(e -> StoreErrors.isDuplicate(e, null)
                  ? Future.failedFuture(new KeyTaken()) : Future.failedFuture(e)))
          .compose(v -> saveDeadlines(conn, id, deadlines))
          .compose(v -> audit.record(conn, auditActor.entry("case.create", "case", String.valueOf(id),
              AuditEntry.Outcome.SUCCESS, new JsonObject().put("caseNo", caseNo).put("channel", c.channel())
                  .put("category", c.category()).put("cellCode", p.cellCode())
                  .put("unassignedReason", p.unassignedReason()).put("idempotencyKey", key))))
          // The events last: they take the system-wide seq lock (see append-event.sql).
          .compose(v -> append(conn, id, caseNo, p.cellCode(), c.category(), evs, auditActor.name(), List.of()))
          .map(v -> id);
    })).recover(e -> Future.failedFuture(e instanceof KeyTaken ? e : StoreErrors.translate(e)));
  }

  /**
   * Appends events (case_event) and their outbox rows under the next system-wide seqs, one
   * statement each (append-event.sql). The outbox payload holds masked data only: no
   * complainant, no free text beyond the workflow's own data.
   */
  static Future<Void> append(SqlConnection conn, long caseId, String caseNo, String cellCode, String category,
      List<CaseEvent> events, String actorName, List<Long> recipients) {
    Long[] to = recipients.toArray(Long[]::new);
    Future<Void> chain = Future.succeededFuture();
    for (CaseEvent e : events) {
      JsonObject data = new JsonObject(e.toMap()).getJsonObject("data");
      boolean system = e.actor().isSystem();
      String role = system ? "SYSTEM" : e.actor().role().name();
      JsonObject live = new JsonObject().put("caseId", caseId).put("caseNo", caseNo)
          .put("category", category).put("version", e.version()).put("from", e.from().name())
          .put("to", e.to().name()).put("actor", new JsonObject().put("userId", system ? null : e.actor().userId())
              .put("role", role));
      for (String key : LIVE_DATA) {
        if (data.containsKey(key)) {
          live.put(key, data.getValue(key));
        }
      }
      JsonObject payload = new JsonObject().put("type", "case." + e.type()).put("cellCode", cellCode)
          .put("data", live);
      Tuple t = Tuple.tuple().addValue(caseId).addValue(e.version()).addValue(e.type())
          .addValue(system ? null : e.actor().userId()).addValue(system ? "system" : actorName)
          .addValue(new JsonObject().put("from", e.from().name()).put("to", e.to().name())
              .put("role", role).put("data", data))
          .addValue(UUID.randomUUID()).addValue(cellCode).addValue("case." + e.type()).addValue(payload)
          .addValue(to);
      chain = chain.compose(v -> conn.preparedQuery(Sql.get("cases/append-event")).execute(t).<Void>mapEmpty());
    }
    return chain;
  }

  /**
   * The workflow data a live event carries besides the case's identity: who is on a team, who
   * did not accept, where a transfer goes, how far a check-in was. Never free text (reasons,
   * notes), which may name people: the wall reads those from the case, scoped and audited.
   * Supervision (督办) adds its level, source, 承办单位 (a unit, not a person) and due time.
   */
  static final List<String> LIVE_DATA = List.of("inspectors", "notAccepted", "timeoutSeconds", "fromCellCode",
      "toCellCode", "distanceMeters", "farFromSite", "nextInspectors", "level", "source", "unit", "dueAt",
      "previousLevel");

  /**
   * Who hears of a case's change on their own address (gw.user.<id>): its team before and after
   * it, so inspectors learn of their dispatch, of every step of their case, and of being taken
   * off it (a return).
   */
  static List<Long> recipients(CaseState before, CaseState after) {
    java.util.LinkedHashSet<Long> to = new java.util.LinkedHashSet<>(after.assignedInspectors());
    to.addAll(before.assignedInspectors());
    return List.copyOf(to);
  }

  /**
   * The case merged into takes on the merged case's workers; the wall hears of the new total
   * ({@code case.merge-received} on the target's cell).
   */
  private static Future<Void> mergeWorkers(SqlConnection conn, long targetId, long mergedId, OffsetDateTime at) {
    return conn.preparedQuery(Sql.get("cases/add-merged-workers")).execute(Tuple.of(targetId, mergedId))
        .compose(rows -> {
          Row t = rows.iterator().next();
          return EventOutbox.append(conn, List.of(new EventOutbox.Event(targetId, t.getString("cell_code"),
              "case.merge-received", at, new JsonObject().put("caseId", targetId).put("caseNo", t.getString("case_no"))
                  .put("category", t.getString("category")).put("mergedCaseId", mergedId)
                  .put("totalWorkers", t.getInteger("total_workers")))));
        }).mapEmpty();
  }

  /** Writes the case's clocks as the calculator left them (every kind it has). */
  private static Future<Void> saveDeadlines(SqlConnection conn, long caseId, List<Deadline> deadlines) {
    if (deadlines.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> batch = new ArrayList<>();
    deadlines.forEach(d -> batch.add(DeadlineRows.tuple(caseId, d)));
    return conn.preparedQuery(Sql.get("cases/upsert-deadline")).executeBatch(batch).mapEmpty();
  }

  /** The escalation events the sweeper raised for the case (warnings, overdue), oldest first. */
  public Future<JsonArray> escalations(long caseId) {
    return pool.preparedQuery(Sql.get("cases/select-escalations")).execute(Tuple.of(caseId)).map(rows -> {
      JsonArray out = new JsonArray();
      rows.forEach(r -> out.add(new JsonObject().put("seq", r.getLong("seq")).put("type", r.getString("type"))
          .put("at", r.getOffsetDateTime("at").toString())
          .put("data", r.getJsonObject("payload").getJsonObject("data"))));
      return out;
    });
  }

  /**
   * Cases that look like the same matter (same employer by credit code, or same category within
   * 50 m; within 30 days), visible in {@code scope}, strongest first: suggestions for a merge.
   */
  public Future<JsonArray> related(long caseId, Scope scope) {
    return pool.preparedQuery(Sql.get("cases/select-related")).execute(Tuple.of(caseId, scope.sqlPrefix()))
        .map(rows -> {
          JsonArray out = new JsonArray();
          for (Row r : rows) {
            Double d = r.getDouble("distance_m");
            JsonArray reasons = new JsonArray();
            if (Boolean.TRUE.equals(r.getBoolean("same_employer"))) {
              reasons.add("SAME_EMPLOYER");
            }
            if (d != null && d <= 50) {
              reasons.add("NEARBY_SAME_CATEGORY");
            }
            out.add(new JsonObject().put("caseId", r.getLong("id")).put("caseNo", r.getString("case_no"))
                .put("status", r.getString("status")).put("category", r.getString("category"))
                .put("cellCode", r.getString("cell_code"))
                .put("employer", new JsonObject().put("name", r.getString("employer_name"))
                    .put("creditCode", r.getString("employer_credit_code")))
                .put("workersInvolved", r.getInteger("workers_involved"))
                .put("totalWorkers", r.getInteger("workers_involved") + r.getInteger("merged_workers"))
                .put("distanceMeters", d == null ? null : Math.round(d * 10) / 10.0)
                .put("reasons", reasons)
                .put("createdAt", r.getOffsetDateTime("created_at").toString()));
          }
          return out;
        });
  }

  /** Every supervision of the case (督办 history, sql/supervision/history.sql), oldest first. */
  public Future<JsonArray> supervisions(long caseId) {
    return pool.preparedQuery(Sql.get("supervision/history")).execute(Tuple.of(caseId)).map(SupervisionStore::historyJson);
  }

  /** The case's clocks, soonest due first. */
  public Future<List<Deadline>> deadlines(long caseId) {
    return pool.preparedQuery(Sql.get("cases/select-deadlines")).execute(Tuple.of(caseId)).map(DeadlineRows::all);
  }

  /** The case, or empty. */
  public Future<Optional<StoredCase>> load(long id) {
    return pool.preparedQuery(Sql.get("cases/select-case")).execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(stored(rows.iterator().next())));
  }

  /** The case's events, oldest first. */
  public Future<JsonArray> events(long id) {
    return pool.preparedQuery(Sql.get("cases/select-events")).execute(Tuple.of(id)).map(rows -> {
      JsonArray out = new JsonArray();
      for (Row r : rows) {
        JsonObject d = r.getJsonObject("data");
        out.add(new JsonObject().put("id", r.getLong("id")).put("version", r.getLong("version"))
            .put("type", r.getString("type")).put("at", r.getOffsetDateTime("at").toString())
            .put("actor", new JsonObject().put("userId", r.getLong("actor_id")).put("username", r.getString("actor_name"))
                .put("role", d.getString("role")))
            .put("from", d.getString("from")).put("to", d.getString("to"))
            .put("data", d.getJsonObject("data", new JsonObject())));
      }
      return out;
    });
  }

  /**
   * The filters of the case list; a null filter passes everything. {@code employer} and
   * {@code text} come escaped for LIKE (backslash). Immutable.
   *
   * @param overdue true: only cases with a running deadline past due; false: only those without
   * @param open true: only open cases (not closed, declined or merged); false: only those
   * @param sort one of {@link CaseEndpoint#SORTS}
   */
  public record Filter(String status, String cell, boolean unassigned, String category, String channel,
      Boolean overdue, String employer, String text, Boolean open, String supervision, String sort, Long assignee) {

    /** A filter without an assignee. */
    public Filter(String status, String cell, boolean unassigned, String category, String channel,
        Boolean overdue, String employer, String text, Boolean open, String supervision, String sort) {
      this(status, cell, unassigned, category, channel, overdue, employer, text, open, supervision, sort, null);
    }
  }

  /** One page of the cases in {@code scope} that pass {@code filter}, sorted, and the total. */
  public Future<CaseListItem.Page> list(Scope scope, Filter f, java.time.Instant now, int limit, int offset) {
    Map<String, Object> q = new HashMap<>();
    q.put("scopePrefix", scope.sqlPrefix());
    q.put("status", f.status());
    q.put("cell", f.cell());
    q.put("unassigned", f.unassigned());
    q.put("category", f.category());
    q.put("channel", f.channel());
    q.put("overdue", f.overdue());
    q.put("now", OffsetDateTime.ofInstant(now, java.time.ZoneOffset.UTC));
    q.put("employer", f.employer());
    q.put("text", f.text());
    q.put("open", f.open());
    q.put("supervision", f.supervision());
    q.put("sort", f.sort());
    q.put("limit", limit);
    q.put("offset", offset);
    q.put("assignee", f.assignee());
    return SqlTemplate.forQuery(pool, Sql.get("cases/list-cases")).execute(q).map(rows -> {
      List<CaseListItem> items = new ArrayList<>();
      long total = 0;
      for (Row r : rows) {
        total = r.getLong("total");
        if (r.getLong("id") != null) { // an empty page is one row with the total only
          items.add(listItem(r));
        }
      }
      return new CaseListItem.Page(items, total);
    });
  }

  /** The grid codes of users, by id (null: city-wide). */
  public Future<Map<Long, String>> gridCodes(List<Long> ids) {
    return pool.preparedQuery(Sql.get("cases/select-user-grids")).execute(Tuple.of((Object) ids.toArray(Long[]::new)))
        .map(rows -> {
          Map<Long, String> out = new HashMap<>();
          rows.forEach(r -> out.put(r.getLong("id"), r.getString("grid_code")));
          return out;
        });
  }

  /** Roles of users (disabled ones excluded), by id. */
  public Future<Map<Long, Role>> roles(List<Long> ids) {
    return pool.preparedQuery(Sql.get("cases/select-user-roles")).execute(Tuple.of((Object) ids.toArray(Long[]::new)))
        .map(rows -> {
          Map<Long, Role> out = new HashMap<>();
          for (Row r : rows) {
            if (!r.getBoolean("disabled")) {
              out.put(r.getLong("id"), Role.valueOf(r.getString("role")));
            }
          }
          return out;
        });
  }

  /**
   * Stores {@code next} if the case is still at {@code expectedVersion}, with its events, outbox
   * rows and audit line, in one transaction. Fails with a 409 {@code stale-version} problem when
   * another change came first.
   */
  public Future<Void> transition(StoredCase current, long expectedVersion, CaseState next, List<CaseEvent> events,
      List<Deadline> deadlines, AuditEntry auditEntry, String actorName) {
    return transition(current, expectedVersion, next, events, deadlines, auditEntry, actorName, null);
  }

  /**
   * {@link #transition(StoredCase, long, CaseState, List, List, AuditEntry, String)} that also
   * moves the case to {@code newCellCode} (批转; null: the cell stays). The events go to the new
   * cell's walls; the old cell's walls hear a {@code case.transferred} of their own, so the case
   * leaves them.
   */
  public Future<Void> transition(StoredCase current, long expectedVersion, CaseState next, List<CaseEvent> events,
      List<Deadline> deadlines, AuditEntry auditEntry, String actorName, String newCellCode) {
    CaseState s = next;
    JsonObject outcome = s.outcome() == null ? null : new JsonObject()
        .put("wagesRecovered", s.outcome().wagesRecovered() == null ? null : s.outcome().wagesRecoveredText())
        .put("workersHelped", s.outcome().workersHelped())
        .put("action", s.outcome().action() == null ? null : s.outcome().action().name());
    StateChange change = new StateChange(current.id(), expectedVersion, s.status().name(), s.version(),
        s.assignedInspectors().toArray(Long[]::new), s.acceptedBy().toArray(Long[]::new), s.extensionWorkingDays(),
        s.statusBeforeParking() == null ? null : s.statusBeforeParking().name(), outcome, s.reworks(),
        s.followUp() == null ? null : s.followUp().name(), s.mergedInto());
    return pool.withTransaction(conn -> SqlTemplate.forQuery(conn, Sql.get("cases/update-state"))
        .mapFrom(StateChange.PARAMETERS).execute(change)
        .compose(rows -> {
          if (rows.rowCount() == 0) {
            return Future.failedFuture(CaseService.stale(current.id(), expectedVersion));
          }
          OffsetDateTime at = rows.iterator().next().getOffsetDateTime("updated_at");
          boolean moved = newCellCode != null && !newCellCode.equals(current.cellCode());
          String cell = moved ? newCellCode : current.cellCode();
          Future<Void> cellChanged = !moved ? Future.succeededFuture()
              : conn.preparedQuery(Sql.get("cases/update-cell")).execute(Tuple.of(current.id(), newCellCode))
                  .<Void>mapEmpty();
          return cellChanged
              .compose(v -> saveDeadlines(conn, current.id(), deadlines))
              .compose(v -> audit.record(conn, auditEntry))
              // The events last: they take the system-wide seq lock (see append-event.sql).
              .compose(v -> append(conn, current.id(), current.caseNo(), cell, current.category(),
                  events, actorName, recipients(current.state(), s)))
              .compose(v -> !moved || current.cellCode() == null ? Future.<Void>succeededFuture()
                  : EventOutbox.append(conn, List.of(new EventOutbox.Event(current.id(), current.cellCode(),
                      "case.transferred", at, new JsonObject().put("caseId", current.id())
                          .put("caseNo", current.caseNo()).put("category", current.category())
                          .put("version", s.version()).put("fromCellCode", current.cellCode())
                          .put("toCellCode", newCellCode)))).mapEmpty())
              .compose(v -> s.mergedInto() != null && current.state().mergedInto() == null
                  ? mergeWorkers(conn, s.mergedInto(), current.id(), rows.iterator().next().getOffsetDateTime("updated_at"))
                  : Future.<Void>succeededFuture());
        })).recover(e -> Future.failedFuture(StoreErrors.translate(e)));
  }

  static StoredCase stored(Row r) {
    Long[] assigned = r.getArrayOfLongs("assigned_inspectors");
    Long[] accepted = r.getArrayOfLongs("accepted_by");
    JsonObject o = r.getJsonObject("outcome");
    Outcome outcome = o == null ? null : new Outcome(
        o.getString("wagesRecovered") == null ? null : new BigDecimal(o.getString("wagesRecovered")),
        o.getInteger("workersHelped", 0),
        o.getString("action") == null ? null : OutcomeAction.valueOf(o.getString("action")));
    String before = r.getString("status_before_parking");
    String followUp = r.getString("follow_up");
    CaseState state = new CaseState(r.getLong("id"), CaseStatus.valueOf(r.getString("status")), r.getLong("version"),
        assigned == null ? List.of() : Arrays.asList(assigned),
        accepted == null ? Set.of() : Set.copyOf(Arrays.asList(accepted)),
        r.getInteger("extension_working_days"), before == null ? null : CaseStatus.valueOf(before), outcome,
        r.getInteger("reworks"), followUp == null ? null : Satisfaction.valueOf(followUp), r.getLong("merged_into"));
    Double lon = r.getDouble("lon");
    CaseDetails.Location location = lon == null ? null : new CaseDetails.Location(lon, r.getDouble("lat"),
        r.getString("crs"), r.getDouble("lon_wgs84"), r.getDouble("lat_wgs84"));
    CaseDetails details = new CaseDetails(r.getString("channel"), r.getString("urgency"), r.getJsonObject("attributes"),
        location, r.getLong("cell_version_id"), r.getString("unassigned_reason"), r.getBoolean("boundary"),
        r.getBoolean("snapped"), r.getString("employer_name"), r.getString("employer_credit_code"),
        r.getInteger("workers_involved"), r.getInteger("merged_workers"), r.getString("amount_owed"),
        r.getString("description"), complainant(r), o, supervision(r, true), r.getOffsetDateTime("created_at"),
        r.getOffsetDateTime("updated_at"));
    return new StoredCase(r.getLong("id"), r.getString("case_no"), r.getString("cell_code"), r.getString("category"),
        r.getLong("taken_by"), state, details);
  }

  private static CaseDetails.Complainant complainant(Row r) {
    return new CaseDetails.Complainant(r.getString("complainant_name"), r.getString("complainant_phone"),
        r.getString("complainant_id_number"));
  }

  /** The {@code supervision} and {@code sup_*} columns of select-case.sql and list-cases.sql; null when none. */
  private static CaseDetails.Supervision supervision(Row r, boolean withNote) {
    String level = r.getString("supervision");
    if (level == null) {
      return null;
    }
    return new CaseDetails.Supervision(level, r.getString("sup_source"), r.getString("sup_reason"),
        r.getString("sup_unit"), r.getOffsetDateTime("sup_due_at"), withNote ? r.getString("sup_note") : null,
        r.getLong("sup_placed_by"), r.getString("sup_placed_by_name"), r.getOffsetDateTime("sup_placed_at"),
        !SupervisionJson.ENDED.contains(r.getString("status")));
  }

  private static CaseListItem listItem(Row r) {
    Deadline next = null;
    if (r.getString("next_kind") != null) {
      next = new Deadline(io.gridwatch.cases.clock.DeadlineKind.valueOf(r.getString("next_kind")),
          r.getOffsetDateTime("next_started_at").toInstant(), r.getOffsetDateTime("next_due_at").toInstant(),
          r.getOffsetDateTime("next_warn_at").toInstant(), null, null, null, 0, null,
          Boolean.TRUE.equals(r.getBoolean("next_provisional")));
    }
    return new CaseListItem(r.getLong("id"), r.getString("case_no"), r.getString("status"), r.getLong("version"),
        r.getString("channel"), r.getString("category"), r.getString("urgency"), r.getString("cell_code"),
        r.getString("unassigned_reason"), r.getDouble("lon_wgs84"), r.getDouble("lat_wgs84"),
        r.getString("employer_name"), r.getString("employer_credit_code"), r.getInteger("workers_involved"),
        r.getInteger("merged_workers"), r.getString("amount_owed"), r.getJsonObject("attributes"),
        supervision(r, false), next, Boolean.TRUE.equals(r.getBoolean("provisional_deadlines")), complainant(r),
        longs(r.getArrayOfLongs("assigned_inspectors")), longs(r.getArrayOfLongs("accepted_by")),
        r.getOffsetDateTime("created_at"), r.getOffsetDateTime("updated_at"));
  }

  private static List<Long> longs(Long[] a) {
    return a == null ? List.of() : Arrays.asList(a);
  }

  static List<Long> ids(List<?> values) {
    List<Long> out = new ArrayList<>();
    values.forEach(v -> out.add(((Number) v).longValue()));
    return out;
  }
}
