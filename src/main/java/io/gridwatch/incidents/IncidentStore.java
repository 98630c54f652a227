package io.gridwatch.incidents;

import io.gridwatch.audit.AuditEntry;
import io.gridwatch.audit.AuditLog;
import io.gridwatch.auth.Role;
import io.gridwatch.auth.Scope;
import io.gridwatch.cases.CaseService.Caller;
import io.gridwatch.cases.clock.WorkingCalendar;
import io.gridwatch.config.IncidentSettings;
import io.gridwatch.http.ApiException;
import io.gridwatch.http.FieldError;
import io.gridwatch.incidents.IncidentRules.Action;
import io.gridwatch.incidents.IncidentRules.Department;
import io.gridwatch.incidents.IncidentRules.Member;
import io.gridwatch.incidents.IncidentRules.Summary;
import io.gridwatch.incidents.IncidentRules.TaskStatus;
import io.gridwatch.incidents.IncidentRules.TeamRole;
import io.gridwatch.store.Sql;
import io.gridwatch.store.StoreErrors;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Mass incidents in the database (SQL in {@code sql/incidents/}, schema {@code V17__incidents.sql}):
 * the detector's sweep over changed cases, declarations, actions, the on-site clock, and reads.
 * Every change commits in one transaction with its timeline line, its audit line (for users'
 * writes and openings) and its outbox event; the outbox rows go last, as the case store's do.
 * Thread-safe (stateless apart from the pool).
 */
public final class IncidentStore {
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");
  private static final Set<String> CLOSED_CASE = Set.of("CLOSED", "DECLINED", "MERGED");
  private final Pool pool;
  private final AuditLog audit;
  private final IncidentSettings settings;
  private final WorkingCalendar calendar;

  public IncidentStore(Pool pool, AuditLog audit, IncidentSettings settings, WorkingCalendar calendar) {
    this.pool = pool;
    this.audit = audit;
    this.settings = settings;
    this.calendar = calendar;
  }

  public IncidentSettings settings() {
    return settings;
  }

  /** Who did something: a user, or the system ({@code userId} null). */
  record Who(Long userId, String name, String role) {
    static final Who SYSTEM = new Who(null, "SYSTEM", "SYSTEM");

    static Who of(Caller c) {
      return new Who(c.userId(), c.username(), c.role().name());
    }
  }

  /** A live event waiting for the end of its transaction. */
  private record Outgoing(String cellCode, String type, OffsetDateTime at, JsonObject data, Long[] recipients) {}

  /** A grouping key: EMPLOYER (credit code) or PROJECT (normalised project name). */
  private record Key(String kind, String value) {}

  private static OffsetDateTime utc(Instant i) {
    return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
  }

  // ---- the detector

  /**
   * One sweep of the detector: claims the cursor (or returns 0 when another node holds it),
   * looks at each case changed in the next {@code batch} outbox rows, opens or updates incidents,
   * and moves the cursor, all in one transaction. The number of outbox rows read.
   */
  public Future<Integer> detect(Instant now, int batch) {
    OffsetDateTime at = utc(now);
    return pool.withTransaction(conn -> conn.query(Sql.get("incidents/claim-sweep")).execute().compose(rows -> {
      if (rows.size() == 0) {
        return Future.succeededFuture(0);
      }
      long last = rows.iterator().next().getLong("last_seq");
      return conn.preparedQuery(Sql.get("incidents/changed-cases")).execute(Tuple.of(last, batch)).compose(changed -> {
        long max = last;
        int n = 0;
        LinkedHashSet<Long> ids = new LinkedHashSet<>();
        for (Row r : changed) {
          max = r.getLong("seq");
          n++;
          if (r.getLong("case_id") != null) {
            ids.add(r.getLong("case_id"));
          }
        }
        if (n == 0) {
          return Future.succeededFuture(0);
        }
        List<Outgoing> out = new ArrayList<>();
        Future<Void> chain = Future.succeededFuture();
        for (long id : ids) {
          chain = chain.compose(v -> examine(conn, id, at, out));
        }
        long newLast = max;
        int read = n;
        return chain.compose(v -> conn.preparedQuery(Sql.get("incidents/advance-sweep")).execute(Tuple.of(newLast)))
            .compose(v -> append(conn, out)).map(read);
      });
    }));
  }

  private Future<Void> examine(SqlConnection conn, long caseId, OffsetDateTime at, List<Outgoing> out) {
    return conn.preparedQuery(Sql.get("incidents/case-facts")).execute(Tuple.of(caseId)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.succeededFuture();
      }
      Row c = rows.iterator().next();
      Long incident = c.getLong("open_incident");
      String status = c.getString("status");
      if (incident != null) {
        // A case merged away hands its workers to the case it was merged into: that case joins.
        Long target = "MERGED".equals(status) ? c.getLong("merged_into") : null;
        Future<Integer> joined = target == null ? Future.succeededFuture(0)
            : conn.preparedQuery(Sql.get("incidents/join-case")).execute(Tuple.of(incident, target, at))
                .map(RowSet::rowCount);
        return joined.compose(n -> n > 0
            ? refresh(conn, incident, at, false, true, "case-joined", new JsonObject().put("caseId", target), Who.SYSTEM, out)
            : refresh(conn, incident, at, false, false, "cases-changed", new JsonObject().put("caseId", caseId),
                Who.SYSTEM, out)).mapEmpty();
      }
      if (CLOSED_CASE.contains(status) || Boolean.TRUE.equals(c.getBoolean("in_any_incident"))) {
        return Future.succeededFuture();
      }
      List<Key> keys = keys(c.getString("employer_credit_code"), c.getString("project_key"));
      return joinOpen(conn, keys, 0, caseId, at, out)
          .compose(done -> done ? Future.succeededFuture() : openIfReached(conn, keys, 0, caseId, at, out));
    });
  }

  private static List<Key> keys(String creditCode, String projectKey) {
    List<Key> keys = new ArrayList<>();
    if (creditCode != null) {
      keys.add(new Key("EMPLOYER", creditCode));
    }
    if (projectKey != null) {
      keys.add(new Key("PROJECT", projectKey));
    }
    return keys;
  }

  /** The case joins the open incident of its first key that has one; whether it did. */
  private Future<Boolean> joinOpen(SqlConnection conn, List<Key> keys, int i, long caseId, OffsetDateTime at,
      List<Outgoing> out) {
    if (i >= keys.size()) {
      return Future.succeededFuture(false);
    }
    Key k = keys.get(i);
    return conn.preparedQuery(Sql.get("incidents/find-open-by-key")).execute(Tuple.of(k.kind(), k.value()))
        .compose(rows -> {
          if (rows.size() == 0) {
            return joinOpen(conn, keys, i + 1, caseId, at, out);
          }
          long incident = rows.iterator().next().getLong("id");
          return conn.preparedQuery(Sql.get("incidents/join-case")).execute(Tuple.of(incident, caseId, at))
              .compose(added -> added.rowCount() == 0 ? Future.succeededFuture(true)
                  : refresh(conn, incident, at, false, true, "case-joined", new JsonObject().put("caseId", caseId),
                      Who.SYSTEM, out).map(true));
        });
  }

  /** Opens an incident for the first key whose open cases reach the threshold; none otherwise. */
  private Future<Void> openIfReached(SqlConnection conn, List<Key> keys, int i, long caseId, OffsetDateTime at,
      List<Outgoing> out) {
    if (i >= keys.size()) {
      return Future.succeededFuture();
    }
    Key k = keys.get(i);
    String count = "EMPLOYER".equals(k.kind()) ? "incidents/count-employer" : "incidents/count-project";
    return conn.preparedQuery(Sql.get(count)).execute(Tuple.of(k.value())).compose(rows -> {
      int workers = rows.iterator().next().getInteger("workers");
      if (workers < settings.threshold()) {
        return openIfReached(conn, keys, i + 1, caseId, at, out);
      }
      return insertIncident(conn, k, at, Who.SYSTEM, null).compose(id -> {
        if (id.isEmpty()) {
          // Another opener came first (the unique index on the open key): join its incident.
          return joinOpen(conn, List.of(k), 0, caseId, at, out).mapEmpty();
        }
        String join = "EMPLOYER".equals(k.kind()) ? "incidents/join-by-key-employer" : "incidents/join-by-key-project";
        return conn.preparedQuery(Sql.get(join)).execute(Tuple.of(id.get(), k.value(), at))
            .compose(v -> opened(conn, id.get(), at, Who.SYSTEM, "opened",
                new JsonObject().put("key", new JsonObject().put("kind", k.kind()).put("value", k.value()))
                    .put("threshold", settings.threshold()), out))
            .compose(row -> audit.record(conn, io.gridwatch.audit.Actor.system().entry("incident.open", "incident",
                String.valueOf(id.get()), AuditEntry.Outcome.SUCCESS, new JsonObject()
                    .put("incidentNo", row.getString("incident_no")).put("keyKind", k.kind())
                    .put("workers", row.getInteger("workers")).put("threshold", settings.threshold()))));
      });
    });
  }

  /** Inserts an incident (no cases yet); empty when an open incident of {@code key} exists. */
  private Future<Optional<Long>> insertIncident(SqlConnection conn, Key key, OffsetDateTime at, Who who, String note) {
    String day = at.atZoneSameInstant(WorkingCalendar.ZONE).format(DAY);
    String lowest = settings.grades().get(settings.grades().size() - 1).name();
    return conn.preparedQuery(Sql.get("incidents/insert-incident")).execute(Tuple.tuple()
            .addValue(key == null ? null : key.kind()).addValue(key == null ? null : key.value()).addValue(day)
            .addValue(at).addValue(who.userId()).addValue(who.name()).addValue(lowest).addValue(note))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getLong("id")));
  }

  /** The new incident's clock, summary, timeline and {@code incident.opened}; its row. */
  private Future<Row> opened(SqlConnection conn, long id, OffsetDateTime at, Who who, String action, JsonObject data,
      List<Outgoing> out) {
    OffsetDateTime due = at.plus(Duration.ofMinutes(settings.onSiteMinutes()));
    return conn.preparedQuery(Sql.get("incidents/insert-deadline")).execute(Tuple.of(id, at, due))
        .compose(v -> refresh(conn, id, at, true, true, action, data, who, out))
        .compose(v -> load(conn, id)).map(Optional::orElseThrow);
  }

  /**
   * Sums incident {@code id} up from its cases again. A new incident, or {@code force}: always
   * stored, with a timeline line and an event ({@code incident.opened} when new, else
   * {@code incident.updated}); otherwise only when the summary changed (then without a
   * timeline line: the cases' own records tell what changed). Whether anything was stored.
   */
  private Future<Boolean> refresh(SqlConnection conn, long id, OffsetDateTime at, boolean isNew, boolean force,
      String action, JsonObject data, Who who, List<Outgoing> out) {
    return load(conn, id).compose(found -> {
      Row i = found.orElseThrow();
      return conn.preparedQuery(Sql.get("incidents/members")).execute(Tuple.of(id)).compose(rows -> {
        List<Member> members = new ArrayList<>();
        for (Row r : rows) {
          members.add(new Member(r.getLong("id"), r.getString("status"), r.getString("cell_code"),
              r.getDouble("lon_wgs84"), r.getDouble("lat_wgs84"), r.getString("employer_name"),
              r.getString("employer_credit_code"), r.getString("project_name"), r.getInteger("workers")));
        }
        Summary s = IncidentRules.summarise(members, i.getString("key_kind"), i.getString("key_value"));
        List<String> names = settings.grades().stream().map(IncidentSettings.Grade::name).toList();
        String grade = isNew ? settings.gradeFor(s.workers())
            : IncidentRules.higherGrade(names, i.getString("grade"), settings.gradeFor(s.workers()));
        boolean changed = s.workers() != i.getInteger("workers") || !grade.equals(i.getString("grade"))
            || !java.util.Objects.equals(s.cellCode(), i.getString("cell_code"))
            || memberIds(i).size() != members.size();
        if (!isNew && !force && !changed) {
          return Future.succeededFuture(false);
        }
        Tuple t = Tuple.tuple().addValue(id).addValue(s.workers()).addValue(grade).addValue(s.cellCode())
            .addValue(s.lon()).addValue(s.lat()).addValue(s.employerName()).addValue(s.creditCode())
            .addValue(s.projectName()).addValue(isNew ? 0L : 1L).addValue(at);
        JsonObject extra = data.copy();
        if (!isNew && s.workers() != i.getInteger("workers")) {
          extra.put("workersBefore", i.getInteger("workers"));
        }
        Future<Void> line = !isNew && !force ? Future.succeededFuture()
            : timeline(conn, id, at, who, action, data.copy().put("workers", s.workers()).put("grade", grade));
        return conn.preparedQuery(Sql.get("incidents/update-summary")).execute(t)
            .compose(v -> line)
            .compose(v -> load(conn, id))
            .map(after -> {
              out.add(event(after.orElseThrow(), isNew ? "incident.opened" : "incident.updated", action, who, at, extra));
              return true;
            });
      });
    });
  }

  private static List<Long> memberIds(Row i) {
    Long[] ids = i.getArrayOfLongs("case_ids");
    return ids == null ? List.of() : Arrays.asList(ids);
  }

  private static Future<Void> timeline(SqlConnection conn, long id, OffsetDateTime at, Who who, String action,
      JsonObject data) {
    return conn.preparedQuery(Sql.get("incidents/insert-timeline"))
        .execute(Tuple.of(id, at, who.userId(), who.name(), who.role(), action, data)).mapEmpty();
  }

  // ---- events

  /**
   * The live event of an incident: its identity and headline figures for the walls and the
   * command screen, never free text (notes, reports, task titles, the summary) and never the
   * team's names or phone numbers (GET /api/incidents/{id} has those, scoped).
   */
  private static Outgoing event(Row i, String type, String action, Who who, OffsetDateTime at, JsonObject extra) {
    JsonArray roles = new JsonArray();
    List<Long> recipients = new ArrayList<>();
    JsonArray team = i.getJsonArray("team");
    if (team != null) {
      team.forEach(m -> {
        JsonObject o = (JsonObject) m;
        roles.add(o.getString("role"));
        if (o.getValue("userId") instanceof Number n) {
          recipients.add(n.longValue());
        }
      });
    }
    JsonObject data = new JsonObject().put("incidentId", i.getLong("id")).put("incidentNo", i.getString("incident_no"))
        .put("action", action).put("grade", i.getString("grade")).put("status", i.getString("status"))
        .put("version", i.getLong("version")).put("workers", i.getInteger("workers"))
        .put("caseIds", new JsonArray(new ArrayList<>(memberIds(i))))
        .put("employer", new JsonObject().put("name", i.getString("employer_name"))
            .put("creditCode", i.getString("employer_credit_code")))
        .put("projectName", i.getString("project_name"))
        .put("location", i.getDouble("lon") == null ? null
            : new JsonObject().put("lon", i.getDouble("lon")).put("lat", i.getDouble("lat")))
        .put("onSiteDueAt", text(i.getOffsetDateTime("on_site_due_at")))
        .put("onSiteOverdue", i.getBoolean("on_site_overdue"))
        .put("arrivedAt", text(i.getOffsetDateTime("arrived_at")))
        .put("closedAt", text(i.getOffsetDateTime("closed_at")))
        .put("teamRoles", roles)
        .put("actor", new JsonObject().put("userId", who.userId()).put("role", who.role()));
    extra.forEach(e -> data.put(e.getKey(), e.getValue()));
    return new Outgoing(i.getString("cell_code"), type, at, data, recipients.toArray(Long[]::new));
  }

  private static String text(OffsetDateTime t) {
    return t == null ? null : t.toString();
  }

  /** Appends the events, in order, last in the transaction (each takes the next seq). */
  private static Future<Void> append(SqlConnection conn, List<Outgoing> out) {
    Future<Void> chain = Future.succeededFuture();
    for (Outgoing o : out) {
      JsonObject payload = new JsonObject().put("type", o.type()).put("at", o.at().toString())
          .put("cellCode", o.cellCode()).put("data", o.data());
      chain = chain.compose(v -> conn.preparedQuery(Sql.get("incidents/insert-outbox"))
          .execute(Tuple.of(o.cellCode(), o.type(), o.at(), payload, o.recipients())).mapEmpty());
    }
    return chain;
  }

  // ---- the on-site clock

  /**
   * Announces the on-site clocks that fell due without an arrival: each once, however many nodes
   * sweep (claimed with the incident FOR UPDATE SKIP LOCKED and marked in the same transaction).
   * The incident is marked {@code onSiteOverdue}, its open cases are listed for supervision
   * (挂牌督办, the escalation's own statement) and the cell hears {@code incident.updated}. The
   * number announced.
   */
  public Future<Integer> sweepOnSite(Instant now, int batch) {
    OffsetDateTime at = utc(now);
    return pool.withTransaction(conn -> conn.preparedQuery(Sql.get("incidents/claim-on-site-due"))
        .execute(Tuple.of(at, batch)).compose(rows -> {
          List<Outgoing> out = new ArrayList<>();
          Future<Void> chain = Future.succeededFuture();
          int n = 0;
          for (Row r : rows) {
            long id = r.getLong("incident_id");
            OffsetDateTime due = r.getOffsetDateTime("due_at");
            n++;
            chain = chain.compose(v -> conn.preparedQuery(Sql.get("incidents/mark-overdue")).execute(Tuple.of(id, at)))
                .compose(v -> timeline(conn, id, at, Who.SYSTEM, "on-site-overdue",
                    new JsonObject().put("dueAt", due.toString())))
                .compose(v -> conn.preparedQuery(Sql.get("incidents/open-member-cases")).execute(Tuple.of(id)))
                .compose(cases -> {
                  List<Tuple> raise = new ArrayList<>();
                  // Raised as the deadline sweeper raises (AUTOMATIC, kept unit and due time); the
                  // reason names the missed clock: the incident's one-hour on-site deadline.
                  cases.forEach(c -> raise.add(Tuple.of(c.getLong("id"), "LISTED", "INCIDENT_ON_SITE", at)));
                  return raise.isEmpty() ? Future.<Void>succeededFuture()
                      : conn.preparedQuery(Sql.get("escalation/raise-supervision")).executeBatch(raise).<Void>mapEmpty();
                })
                .compose(v -> load(conn, id))
                .map(row -> {
                  out.add(event(row.orElseThrow(), "incident.updated", "on-site-overdue", Who.SYSTEM, at,
                      new JsonObject()));
                  return null;
                });
          }
          int count = n;
          return chain.compose(v -> append(conn, out)).map(count);
        }));
  }

  // ---- declaring

  /**
   * Declares an incident of {@code caseIds} by hand. Every case must exist, lie in the caller's
   * scope (404 otherwise, as if missing), be open (422) and be in no open incident (409). The
   * incident takes the cases' common key (one employer, else one project) when they share one,
   * so that later cases join it; an open incident of that key exists → 409. Its id.
   */
  public Future<Long> declare(Caller caller, List<Long> caseIds, String note, Instant now) {
    OffsetDateTime at = utc(now);
    Who who = Who.of(caller);
    return pool.withTransaction(conn -> conn.query(Sql.get("incidents/lock-sweep")).execute()
        .compose(v -> conn.preparedQuery(Sql.get("incidents/cases-facts"))
            .execute(Tuple.of((Object) caseIds.toArray(Long[]::new))))
        .compose(rows -> {
          Map<Long, Row> byId = new HashMap<>();
          rows.forEach(r -> byId.put(r.getLong("id"), r));
          for (long id : caseIds) {
            Row r = byId.get(id);
            if (r == null || !caller.scope().seesCase(r.getString("cell_code"))) {
              return Future.failedFuture(ApiException.notFound("case-not-found", "Case not found", "No case " + id + "."));
            }
          }
          for (long id : caseIds) {
            Row r = byId.get(id);
            if (CLOSED_CASE.contains(r.getString("status"))) {
              return Future.failedFuture(new ApiException(422, "case-not-open", "Case not open", "Case " + id + " is "
                  + r.getString("status") + "; an incident is declared on open cases.",
                  List.of(new FieldError("caseIds", "case " + id + " is not open"))));
            }
            if (r.getLong("open_incident") != null) {
              return Future.failedFuture(ApiException.conflict("case-in-incident", "Case already in an incident",
                  "Case " + id + " is in open incident " + r.getLong("open_incident") + "."));
            }
          }
          Key key = commonKey(caseIds.stream().map(byId::get).toList());
          return insertIncident(conn, key, at, who, note).compose(id -> {
            if (id.isEmpty()) {
              return conn.preparedQuery(Sql.get("incidents/find-open-by-key")).execute(Tuple.of(key.kind(), key.value()))
                  .compose(open -> Future.failedFuture(ApiException.conflict("incident-exists", "Incident exists",
                      "Open incident " + (open.size() == 0 ? "?" : open.iterator().next().getLong("id"))
                          + " already groups the cases of this " + key.kind().toLowerCase(java.util.Locale.ROOT)
                          + "; add to it instead.")));
            }
            List<Tuple> joins = caseIds.stream().map(c -> Tuple.of(id.get(), c, at)).toList();
            List<Outgoing> out = new ArrayList<>();
            JsonObject data = new JsonObject().put("caseIds", new JsonArray(new ArrayList<>(caseIds)))
                .put("key", key == null ? null : new JsonObject().put("kind", key.kind()).put("value", key.value()));
            return conn.preparedQuery(Sql.get("incidents/join-case")).executeBatch(joins)
                .compose(v -> opened(conn, id.get(), at, who, "declared",
                    note == null ? data : data.copy().put("note", note), out))
                .compose(row -> audit.record(conn, caller.audit().entry("incident.declare", "incident",
                    String.valueOf(id.get()), AuditEntry.Outcome.SUCCESS, new JsonObject()
                        .put("incidentNo", row.getString("incident_no"))
                        .put("caseIds", new JsonArray(new ArrayList<>(caseIds))).put("workers", row.getInteger("workers")))))
                // the note is free text: the event must not carry it
                .compose(v -> {
                  out.forEach(o -> o.data().remove("note"));
                  return append(conn, out);
                })
                .map(id.get());
          });
        })).recover(e -> Future.failedFuture(e instanceof ApiException ? e : StoreErrors.translate(e)));
  }

  private static Key commonKey(List<Row> cases) {
    String credit = cases.get(0).getString("employer_credit_code");
    if (credit != null && cases.stream().allMatch(r -> credit.equals(r.getString("employer_credit_code")))) {
      return new Key("EMPLOYER", credit);
    }
    String project = cases.get(0).getString("project_key");
    if (project != null && cases.stream().allMatch(r -> project.equals(r.getString("project_key")))) {
      return new Key("PROJECT", project);
    }
    return null;
  }

  // ---- actions

  /** One action with its payload, as the endpoint parsed it. */
  public sealed interface Command permits AssignTeam, AddTask, UpdateTask, Report, Arrive, Close {
    Action action();
  }

  /** One member of the "四个一" team. */
  public record TeamMember(TeamRole role, String name, String phone, Long userId) {
    JsonObject toJson() {
      return new JsonObject().put("role", role.name()).put("name", name).put("phone", phone).put("userId", userId);
    }
  }

  public record AssignTeam(List<TeamMember> members) implements Command {
    public Action action() {
      return Action.ASSIGN_TEAM;
    }
  }

  public record AddTask(Department department, String title, OffsetDateTime dueAt) implements Command {
    public Action action() {
      return Action.ADD_TASK;
    }
  }

  public record UpdateTask(long taskId, TaskStatus status, String note) implements Command {
    public Action action() {
      return Action.UPDATE_TASK;
    }
  }

  public record Report(String text) implements Command {
    public Action action() {
      return Action.REPORT;
    }
  }

  /** An arrival, with the check-in place in WGS84 when given. */
  public record Arrive(Double lon, Double lat) implements Command {
    public Action action() {
      return Action.ARRIVE;
    }
  }

  public record Close(String summary) implements Command {
    public Action action() {
      return Action.CLOSE;
    }
  }

  /**
   * Whether {@code role} may take {@code action} at all: supervisors and leaders everything,
   * operators {@code report}, inspectors {@code arrive} and {@code report} (on their own team
   * only, checked against the incident).
   */
  static boolean roleMay(Role role, Action action) {
    return switch (role) {
      case SUPERVISOR, LEADER -> true;
      case OPERATOR -> action == Action.REPORT;
      case INSPECTOR -> action == Action.ARRIVE || action == Action.REPORT;
      default -> false;
    };
  }

  /**
   * Takes {@code cmd} on incident {@code id} for {@code caller}: 404 outside scope or missing,
   * 403 for a role (or an inspector off the team) who may not, 409 when closed or when
   * {@code expectedVersion} is stale, 404 for an unknown task, 409 for a second arrival, 422 for
   * team members who are not what they claim; then the change, its timeline line, audit line and
   * event in one transaction.
   */
  public Future<Void> act(Caller caller, long id, Long expectedVersion, Command cmd, Instant now) {
    OffsetDateTime at = utc(now);
    Who who = Who.of(caller);
    Action action = cmd.action();
    return pool.withTransaction(conn -> conn.preparedQuery(Sql.get("incidents/lock-incident")).execute(Tuple.of(id))
        .compose(v -> load(conn, id))
        .compose(found -> {
          if (found.isEmpty() || !caller.scope().seesCase(found.get().getString("cell_code"))) {
            return Future.failedFuture(notFound(id));
          }
          Row i = found.get();
          if (!roleMay(caller.role(), action)) {
            return Future.failedFuture(ApiException.forbidden("incident-action-forbidden", "A " + caller.role()
                + " may not take action " + action.wireName() + " on an incident."));
          }
          if (caller.role() == Role.INSPECTOR && !onTeam(i, caller.userId())) {
            return Future.failedFuture(ApiException.forbidden("not-on-team",
                "Only inspectors of the incident's team may take action " + action.wireName() + "."));
          }
          if ("CLOSED".equals(i.getString("status"))) {
            return Future.failedFuture(ApiException.conflict("incident-closed", "Incident closed",
                "Incident " + i.getString("incident_no") + " is closed."));
          }
          if (expectedVersion != null && expectedVersion.longValue() != i.getLong("version").longValue()) {
            return Future.failedFuture(new ApiException(409, "stale-version", "Stale version", "Incident " + id
                + " is at version " + i.getLong("version") + ", not " + expectedVersion
                + "; reload it and try again.", List.of()));
          }
          return apply(conn, i, cmd, caller, who, at).compose(change -> {
            List<Outgoing> out = new ArrayList<>();
            return timeline(conn, id, at, who, action.wireName(), change.timeline())
                .compose(v -> audit.record(conn, caller.audit().entry("incident." + action.wireName(), "incident",
                    String.valueOf(id), AuditEntry.Outcome.SUCCESS, change.audit()
                        .put("incidentNo", i.getString("incident_no")))))
                .compose(v -> load(conn, id))
                .compose(after -> {
                  out.add(event(after.orElseThrow(), action == Action.CLOSE ? "incident.closed" : "incident.updated",
                      action.wireName(), who, at, change.event()));
                  return append(conn, out);
                });
          });
        })).recover(e -> Future.failedFuture(e instanceof ApiException ? e : StoreErrors.translate(e)));
  }

  /** What an action recorded: its timeline data (may hold text), audit detail and event data (no text). */
  private record Change(JsonObject timeline, JsonObject audit, JsonObject event) {}

  private static boolean onTeam(Row i, long userId) {
    JsonArray team = i.getJsonArray("team");
    return team != null && team.stream().anyMatch(m -> m instanceof JsonObject o
        && o.getValue("userId") instanceof Number n && n.longValue() == userId);
  }

  private Future<Change> apply(SqlConnection conn, Row i, Command cmd, Caller caller, Who who, OffsetDateTime at) {
    long id = i.getLong("id");
    if (cmd instanceof AssignTeam t) {
      return checkTeam(conn, i, t).compose(v -> {
        JsonArray team = new JsonArray();
        t.members().forEach(m -> team.add(m.toJson()));
        JsonArray roles = new JsonArray();
        t.members().forEach(m -> roles.add(m.role().name()));
        boolean complete = t.members().stream().map(TeamMember::role).distinct().count() == TeamRole.values().length;
        JsonArray named = new JsonArray();
        t.members().forEach(m -> named.add(new JsonObject().put("role", m.role().name()).put("name", m.name())
            .put("userId", m.userId())));
        return conn.preparedQuery(Sql.get("incidents/set-team")).execute(Tuple.of(id, team, at))
            .map(r -> new Change(new JsonObject().put("team", named), new JsonObject().put("roles", roles),
                new JsonObject().put("teamComplete", complete)));
      });
    }
    if (cmd instanceof AddTask t) {
      OffsetDateTime due = t.dueAt();
      if (due == null && t.department() == Department.COURT) {
        // 诉前财产保全: the court acts within 3 working days.
        due = utc(WorkingCalendar.endOfDay(calendar.addWorkingDays(WorkingCalendar.dateOf(at.toInstant()), 3)));
      }
      OffsetDateTime dueAt = due;
      return conn.preparedQuery(Sql.get("incidents/insert-task"))
          .execute(Tuple.of(id, t.department().name(), t.title(), dueAt, at, caller.userId()))
          .compose(rows -> bump(conn, id, at).map(v -> {
            long taskId = rows.iterator().next().getLong("id");
            JsonObject facts = new JsonObject().put("taskId", taskId).put("department", t.department().name())
                .put("dueAt", text(dueAt));
            return new Change(facts.copy().put("title", t.title()), facts.copy(), facts.copy());
          }));
    }
    if (cmd instanceof UpdateTask t) {
      return conn.preparedQuery(Sql.get("incidents/update-task"))
          .execute(Tuple.of(id, t.taskId(), t.status().name(), t.note(), at)).compose(rows -> {
            if (rows.size() == 0) {
              return Future.failedFuture(ApiException.notFound("task-not-found", "Task not found",
                  "Incident " + id + " has no task " + t.taskId() + "."));
            }
            JsonObject facts = new JsonObject().put("taskId", t.taskId()).put("status", t.status().name())
                .put("department", rows.iterator().next().getString("department"));
            return bump(conn, id, at).map(v -> new Change(t.note() == null ? facts.copy()
                : facts.copy().put("note", t.note()), facts.copy(), facts.copy()));
          });
    }
    if (cmd instanceof Report r) {
      return bump(conn, id, at).map(v -> new Change(new JsonObject().put("text", r.text()),
          new JsonObject().put("length", r.text().length()), new JsonObject()));
    }
    if (cmd instanceof Arrive a) {
      return conn.preparedQuery(Sql.get("incidents/arrive"))
          .execute(Tuple.of(id, at, caller.userId(), a.lon(), a.lat())).compose(rows -> {
            if (rows.size() == 0) {
              return Future.failedFuture(ApiException.conflict("already-arrived", "Already on site",
                  "Someone arrived at incident " + id + " at " + i.getOffsetDateTime("arrived_at") + "."));
            }
            OffsetDateTime due = i.getOffsetDateTime("on_site_due_at");
            boolean onTime = due == null || at.isBefore(due);
            JsonObject facts = new JsonObject().put("onTime", onTime)
                .put("location", a.lon() == null ? null : new JsonObject().put("lon", a.lon()).put("lat", a.lat()));
            return conn.preparedQuery(Sql.get("incidents/meet-deadline")).execute(Tuple.of(id, at))
                .map(v -> new Change(facts.copy(), facts.copy(), new JsonObject().put("onTime", onTime)));
          });
    }
    Close c = (Close) cmd;
    return conn.preparedQuery(Sql.get("incidents/close")).execute(Tuple.of(id, at, caller.userId(), c.summary()))
        .compose(v -> conn.preparedQuery(Sql.get("incidents/release-cases")).execute(Tuple.of(id)))
        .compose(v -> conn.preparedQuery(Sql.get("incidents/meet-deadline")).execute(Tuple.of(id, at)))
        .map(v -> new Change(new JsonObject().put("summary", c.summary()),
            new JsonObject().put("workers", i.getInteger("workers")), new JsonObject()));
  }

  private static Future<Void> bump(SqlConnection conn, long id, OffsetDateTime at) {
    return conn.preparedQuery(Sql.get("incidents/bump")).execute(Tuple.of(id, at)).mapEmpty();
  }

  /**
   * Team members naming a user must name an enabled one; an INSPECTOR member an inspector who
   * sees the incident (its cell lies in their grid). 422 naming the members otherwise.
   */
  private static Future<Void> checkTeam(SqlConnection conn, Row incident, AssignTeam t) {
    List<Long> ids = t.members().stream().map(TeamMember::userId).filter(java.util.Objects::nonNull).toList();
    if (ids.isEmpty()) {
      return Future.succeededFuture();
    }
    return conn.preparedQuery(Sql.get("incidents/select-users")).execute(Tuple.of((Object) ids.toArray(Long[]::new)))
        .compose(rows -> {
          Map<Long, Row> users = new HashMap<>();
          rows.forEach(r -> users.put(r.getLong("id"), r));
          List<FieldError> errors = new ArrayList<>();
          for (int k = 0; k < t.members().size(); k++) {
            TeamMember m = t.members().get(k);
            if (m.userId() == null) {
              continue;
            }
            Row u = users.get(m.userId());
            String field = "members[" + k + "].userId";
            if (u == null || u.getBoolean("disabled")) {
              errors.add(new FieldError(field, "names no enabled user"));
            } else if (m.role() == TeamRole.INSPECTOR && (!"INSPECTOR".equals(u.getString("role"))
                || !Scope.of(u.getString("grid_code")).seesCase(incident.getString("cell_code")))) {
              errors.add(new FieldError(field, "names no inspector whose grid holds the incident"));
            }
          }
          return errors.isEmpty() ? Future.succeededFuture() : Future.failedFuture(new ApiException(422,
              "invalid-team", "Invalid team", "Some team members are not who they are said to be.", errors));
        });
  }

  static ApiException notFound(long id) {
    return ApiException.notFound("incident-not-found", "Incident not found", "No incident " + id + ".");
  }

  // ---- reads

  private static Future<Optional<Row>> load(SqlConnection conn, long id) {
    return conn.preparedQuery(Sql.get("incidents/select-incident")).execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next()));
  }

  /**
   * An incident as read: the cell it lies in (for the caller's scope) and its JSON with the team
   * ({@code []} when none).
   */
  public record Loaded(String cellCode, JsonObject json) {}

  /** The incident, if it exists (scope is the caller's to check). */
  public Future<Optional<Loaded>> load(long id) {
    return pool.preparedQuery(Sql.get("incidents/select-incident")).execute(Tuple.of(id))
        .map(rows -> {
          if (rows.size() == 0) {
            return Optional.empty();
          }
          Row r = rows.iterator().next();
          JsonArray team = r.getJsonArray("team");
          return Optional.of(new Loaded(r.getString("cell_code"),
              render(r).put("team", team == null ? new JsonArray() : team)));
        });
  }

  /** A page of the incidents in {@code scope}: rows and the total. */
  public Future<JsonObject> list(Scope scope, Boolean open, String cell, int limit, int offset) {
    return pool.preparedQuery(Sql.get("incidents/list"))
        .execute(Tuple.of(scope.sqlPrefix(), open, cell, limit, offset)).map(rows -> {
          JsonArray items = new JsonArray();
          long total = 0;
          for (Row r : rows) {
            total = r.getLong("total");
            items.add(render(r));
          }
          return new JsonObject().put("items", items).put("total", total);
        });
  }

  /** The tasks and the timeline of incident {@code id}. */
  public Future<JsonObject> details(long id) {
    return pool.preparedQuery(Sql.get("incidents/select-tasks")).execute(Tuple.of(id)).compose(tasks ->
        pool.preparedQuery(Sql.get("incidents/select-timeline")).execute(Tuple.of(id)).map(lines -> {
          JsonArray t = new JsonArray();
          for (Row r : tasks) {
            t.add(new JsonObject().put("id", r.getLong("id")).put("department", r.getString("department"))
                .put("title", r.getString("title")).put("status", r.getString("status"))
                .put("dueAt", text(r.getOffsetDateTime("due_at"))).put("note", r.getString("note"))
                .put("createdAt", text(r.getOffsetDateTime("created_at"))).put("createdBy", r.getLong("created_by"))
                .put("updatedAt", text(r.getOffsetDateTime("updated_at"))));
          }
          JsonArray l = new JsonArray();
          for (Row r : lines) {
            l.add(new JsonObject().put("id", r.getLong("id")).put("at", text(r.getOffsetDateTime("at")))
                .put("actor", new JsonObject().put("userId", r.getLong("actor_id")).put("username", r.getString("actor_name"))
                    .put("role", r.getString("actor_role")))
                .put("action", r.getString("action")).put("data", r.getJsonObject("data")));
          }
          return new JsonObject().put("tasks", t).put("timeline", l);
        }));
  }

  /** An incident as the API shows it (list item; the detail adds team, tasks, timeline). */
  static JsonObject render(Row i) {
    JsonArray team = i.getJsonArray("team") == null ? new JsonArray() : i.getJsonArray("team");
    JsonArray roles = new JsonArray();
    team.forEach(m -> roles.add(((JsonObject) m).getString("role")));
    boolean complete = Arrays.stream(TeamRole.values()).allMatch(r -> roles.contains(r.name()));
    Double lon = i.getDouble("lon");
    Double alon = i.getDouble("arrival_lon");
    String keyKind = i.getString("key_kind");
    return new JsonObject().put("id", i.getLong("id")).put("incidentNo", i.getString("incident_no"))
        .put("grade", i.getString("grade")).put("status", i.getString("status")).put("version", i.getLong("version"))
        .put("cellCode", i.getString("cell_code"))
        .put("location", lon == null ? null : new JsonObject().put("lon", lon).put("lat", i.getDouble("lat"))
            .put("crs", "WGS84"))
        .put("key", keyKind == null ? null : new JsonObject().put("kind", keyKind).put("value", i.getString("key_value")))
        .put("employer", new JsonObject().put("name", i.getString("employer_name"))
            .put("creditCode", i.getString("employer_credit_code")))
        .put("projectName", i.getString("project_name"))
        .put("workers", i.getInteger("workers"))
        .put("caseIds", new JsonArray(new ArrayList<>(memberIds(i))))
        .put("openedAt", text(i.getOffsetDateTime("opened_at")))
        .put("openedBy", i.getString("opened_by_name")).put("openedByUserId", i.getLong("opened_by"))
        .put("note", i.getString("note"))
        .put("onSiteDueAt", text(i.getOffsetDateTime("on_site_due_at")))
        .put("onSiteOverdue", i.getBoolean("on_site_overdue"))
        .put("arrivedAt", text(i.getOffsetDateTime("arrived_at"))).put("arrivedBy", i.getLong("arrived_by"))
        .put("arrivalLocation", alon == null ? null : new JsonObject().put("lon", alon).put("lat", i.getDouble("arrival_lat")))
        .put("teamRoles", roles).put("teamComplete", complete)
        .put("closedAt", text(i.getOffsetDateTime("closed_at"))).put("closedBy", i.getLong("closed_by"))
        .put("summary", i.getString("summary"))
        .put("updatedAt", text(i.getOffsetDateTime("updated_at")));
  }
}
