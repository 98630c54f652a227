package io.gridwatch.incidents;

import static io.gridwatch.testing.Problems.assertField;
import static io.gridwatch.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.auth.Role;
import io.gridwatch.auth.User;
import io.gridwatch.cases.clock.WorkingCalendar;
import io.gridwatch.employers.CreditCode;
import io.gridwatch.testing.CaseFlows;
import io.gridwatch.testing.MutableClock;
import io.gridwatch.testing.NeedsDatabase;
import io.gridwatch.testing.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Mass incidents over HTTP on a real database, with an injected clock and the real detector:
 * opened once when the open cases of one employer or project reach the threshold (by filing, by a
 * merge, by project name without a credit code), later cases joining; declared by hand within
 * one's scope; every action and who may take it; the one-hour on-site clock; the live event on a
 * real websocket within 2 s of the crossing complaint; problem+json for bad input.
 */
@NeedsDatabase
class IncidentApiTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final AtomicInteger SERIAL = new AtomicInteger();
  private static MutableClock clock;
  private static TestServer server;
  private static CaseFlows flows;
  private static List<String> cells;
  private static int nextCell;
  private static Vertx clients;

  @BeforeAll
  static void start() {
    clock = new MutableClock(Instant.parse("2026-12-03T02:00:00Z"));
    // Sessions outlast the hours the clock is moved on.
    server = TestServer.start(true, Map.of("GRIDWATCH_INCIDENTS_GRADES", "I:100,II:50,III:30",
        "GRIDWATCH_INCIDENTS_SWEEP_MILLIS", "200", "GRIDWATCH_AUTH_IDLE_TIMEOUT_MINUTES", "1440"), clock);
    flows = new CaseFlows(server);
    HttpResponse<String> r = server.as(Role.OPERATOR).get("/api/grid/cells?level=3");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    cells = new ArrayList<>();
    TestServer.json(r).getJsonArray("features").forEach(f -> cells.add(((JsonObject) f).getJsonObject("properties")
        .getString("code")));
    clients = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    clients.close().await();
    server.close();
  }

  // ---- helpers

  /** A place inside a level-3 cell no other scenario uses. */
  record Place(String cell, double lon, double lat) {
    String district() {
      return cell.substring(0, 6);
    }
  }

  static synchronized Place freshPlace() {
    var resolver = server.app().grid().snapshot().resolver();
    while (true) {
      String code = cells.get(nextCell++ * 11 % cells.size());
      var point = resolver.cell(code).orElseThrow().geometry().getInteriorPoint();
      var r = resolver.resolve(point.getX(), point.getY());
      if (r.isPresent() && r.get().deepest().code().equals(code)) {
        return new Place(code, point.getX(), point.getY());
      }
    }
  }

  /** A valid unified social credit code of district {@code district}, new for each call. */
  static String creditCode(String district) {
    String first17 = "91" + district + String.format("%09d", SERIAL.incrementAndGet() * 7919 % 1_000_000_000);
    return first17 + CreditCode.checkCharacter(first17);
  }

  static JsonObject complaint(Place p, int workers, String creditCode, String projectName) {
    JsonObject body = CaseFlows.complaint(p.lon(), p.lat(), workers);
    if (creditCode != null) {
      body.getJsonObject("employer").put("creditCode", creditCode);
    }
    if (projectName != null) {
      body.put("attributes", new JsonObject().put("projectName", projectName));
    }
    return body;
  }

  static JsonObject file(Place p, int workers, String creditCode, String projectName) {
    return flows.file(complaint(p, workers, creditCode, projectName));
  }

  static User user(Role role, String grid) {
    return server.createUser("inc-" + role.name().toLowerCase() + "-" + SERIAL.incrementAndGet(), role, grid,
        TestServer.PASSWORD);
  }

  static TestServer.Client client(User u) {
    return server.withToken(server.newSession(u));
  }

  /** The incidents (city-wide supervisor's list) that hold case {@code caseId}. */
  static List<JsonObject> incidentsOf(long caseId) {
    HttpResponse<String> r = server.as(Role.SUPERVISOR).get("/api/incidents?limit=500");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    List<JsonObject> out = new ArrayList<>();
    TestServer.json(r).getJsonArray("items").forEach(i -> {
      JsonObject o = (JsonObject) i;
      if (ids(o).contains(caseId)) {
        out.add(o);
      }
    });
    return out;
  }

  /** The incident's case ids (JSON numbers come back as Integer or Long). */
  static List<Long> ids(JsonObject incident) {
    List<Long> out = new ArrayList<>();
    incident.getJsonArray("caseIds").forEach(v -> out.add(((Number) v).longValue()));
    return out;
  }

  /** Waits until {@code check} holds of the incidents holding {@code caseId}; the last seen. */
  static List<JsonObject> awaitIncidents(long caseId, Predicate<List<JsonObject>> check) {
    long end = System.nanoTime() + WAIT.toNanos();
    List<JsonObject> seen = incidentsOf(caseId);
    while (!check.test(seen)) {
      if (System.nanoTime() > end) {
        throw new AssertionError("incidents of case " + caseId + " never became as expected: " + seen);
      }
      server.app().incidentSweeper().sweep().await();
      seen = incidentsOf(caseId);
    }
    return seen;
  }

  /** Runs the detector until it has seen every change committed so far. */
  static void settle() {
    long last = server.app().pool().query("SELECT coalesce(max(seq), 0) AS s FROM event_outbox").execute().await()
        .iterator().next().getLong("s");
    long end = System.nanoTime() + WAIT.toNanos();
    while (server.app().pool().query("SELECT last_seq FROM incident_sweep").execute().await().iterator().next()
        .getLong("last_seq") < last) {
      if (System.nanoTime() > end) {
        throw new AssertionError("the detector did not reach seq " + last);
      }
      server.app().incidentSweeper().sweep().await();
    }
  }

  static long count(String sql, Object... params) {
    return server.app().pool().preparedQuery(sql).execute(Tuple.wrap(params)).await().iterator().next().getLong(0);
  }

  static HttpResponse<String> act(TestServer.Client c, long id, JsonObject body) {
    return c.postJson("/api/incidents/" + id + "/actions", body.encode());
  }

  static JsonObject ok(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return TestServer.json(r);
  }

  static JsonObject declare(TestServer.Client c, long... caseIds) {
    JsonArray ids = new JsonArray();
    for (long id : caseIds) {
      ids.add(id);
    }
    HttpResponse<String> r = c.postJson("/api/incidents", new JsonObject().put("caseIds", ids).encode());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return TestServer.json(r);
  }

  static List<String> timelineActions(JsonObject incident) {
    List<String> out = new ArrayList<>();
    incident.getJsonArray("timeline").forEach(l -> out.add(((JsonObject) l).getString("action")));
    return out;
  }

  // ---- automatic opening

  @Test
  void the_cases_of_one_employer_open_one_incident_at_the_threshold_and_a_later_case_joins() {
    Place p = freshPlace();
    String code = creditCode(p.district());
    long a = file(p, 12, code, null).getLong("caseId");
    long b = file(p, 12, code, null).getLong("caseId");
    settle();
    assertThat(incidentsOf(a)).as("24 workers: below the threshold").isEmpty();

    long c = file(p, 6, code, null).getLong("caseId"); // 30: the threshold
    JsonObject incident = awaitIncidents(c, l -> l.size() == 1).get(0);
    assertThat(incident.getString("status")).isEqualTo("OPEN");
    assertThat(incident.getString("grade")).isEqualTo("III");
    assertThat(incident.getInteger("workers")).isEqualTo(30);
    assertThat(ids(incident)).containsExactlyInAnyOrder(a, b, c);
    assertThat(incident.getJsonObject("employer").getString("creditCode")).isEqualTo(code);
    assertThat(incident.getString("cellCode")).isEqualTo(p.cell());
    assertThat(incident.getString("openedBy")).isEqualTo("SYSTEM");
    assertThat(incident.getString("incidentNo")).matches("GW-INC-20261203-[0-9]{4,}");
    assertThat(OffsetDateTime.parse(incident.getString("onSiteDueAt")).toInstant())
        .isEqualTo(OffsetDateTime.parse(incident.getString("openedAt")).toInstant().plus(Duration.ofMinutes(60)));

    long d = file(p, 25, code, null).getLong("caseId"); // 55: grade II
    JsonObject joined = awaitIncidents(d, l -> l.size() == 1 && l.get(0).getInteger("workers") == 55).get(0);
    assertThat(joined.getLong("id")).isEqualTo(incident.getLong("id"));
    assertThat(joined.getString("grade")).isEqualTo("II");
    assertThat(ids(joined)).containsExactlyInAnyOrder(a, b, c, d);
    settle();
    assertThat(count("SELECT count(*) FROM incident WHERE key_value = $1", code)).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM event_outbox WHERE type = 'incident.opened'"
        + " AND payload -> 'data' -> 'employer' ->> 'creditCode' = $1", code)).isEqualTo(1);
    assertThat(server.audit("incident.open")).anyMatch(l -> l.getString("object_id").equals(String.valueOf(
        incident.getLong("id"))));
  }

  @Test
  void a_merge_that_brings_the_workers_over_the_threshold_opens_an_incident() {
    Place p = freshPlace();
    String code = creditCode(p.district());
    JsonObject target = file(p, 20, code, null);
    JsonObject other = file(p, 15, null, null); // the same workers, filed without the credit code
    settle();
    assertThat(incidentsOf(target.getLong("caseId"))).isEmpty();

    flows.act(server.as(Role.OPERATOR), other, "merge", new JsonObject().put("intoCaseId", target.getLong("caseId"))
        .put("reason", "同一工地重复投诉"));
    JsonObject incident = awaitIncidents(target.getLong("caseId"), l -> l.size() == 1).get(0);
    assertThat(incident.getInteger("workers")).isEqualTo(35);
    assertThat(ids(incident)).containsExactly(target.getLong("caseId"));
  }

  @Test
  void cases_of_one_project_without_a_credit_code_open_one_incident_and_spellings_of_its_name_join() {
    Place p = freshPlace();
    String project = "锦江花园" + SERIAL.incrementAndGet() + "期";
    long a = file(p, 10, null, project + "项目").getLong("caseId");
    long b = file(p, 10, null, " " + project + " ").getLong("caseId");
    settle();
    assertThat(incidentsOf(a)).isEmpty();
    long c = file(p, 10, null, project + "工程").getLong("caseId");
    JsonObject incident = awaitIncidents(c, l -> l.size() == 1).get(0);
    assertThat(ids(incident)).containsExactlyInAnyOrder(a, b, c);
    assertThat(incident.getJsonObject("key").getString("kind")).isEqualTo("PROJECT");
    assertThat(incident.getString("projectName")).isEqualTo(project + "项目");

    // Full-width digits and a blank: the same project.
    String fullWidth = project.replace("期", "").chars().mapToObj(ch -> Character.isDigit(ch)
        ? String.valueOf((char) (ch - '0' + '０')) : String.valueOf((char) ch)).reduce("", String::concat) + " 期";
    long d = file(p, 3, null, fullWidth).getLong("caseId");
    awaitIncidents(d, l -> l.size() == 1 && l.get(0).getInteger("workers") == 33);
    // Another project is another matter.
    long e = file(p, 40, null, project + "二号楼").getLong("caseId");
    List<JsonObject> own = awaitIncidents(e, l -> l.size() == 1);
    assertThat(own.get(0).getLong("id")).isNotEqualTo(incident.getLong("id"));
  }

  @Test
  void closing_frees_the_key_and_a_new_wave_opens_a_new_incident_while_the_cases_stay_open() {
    Place p = freshPlace();
    String code = creditCode(p.district());
    long a = file(p, 30, code, null).getLong("caseId");
    JsonObject first = awaitIncidents(a, l -> l.size() == 1).get(0);
    HttpResponse<String> noSummary = act(server.as(Role.SUPERVISOR), first.getLong("id"),
        new JsonObject().put("action", "close"));
    assertField(noSummary, "summary");
    JsonObject closed = ok(act(server.as(Role.SUPERVISOR), first.getLong("id"),
        new JsonObject().put("action", "close").put("summary", "工资已全额发放，工人已疏散")));
    assertThat(closed.getString("status")).isEqualTo("CLOSED");
    assertThat(closed.getString("summary")).isEqualTo("工资已全额发放，工人已疏散");
    JsonObject theCase = ok(server.as(Role.SUPERVISOR).get("/api/cases/" + a));
    assertThat(theCase.getString("status")).isEqualTo("RECEIVED");
    assertProblem(act(server.as(Role.SUPERVISOR), first.getLong("id"), new JsonObject().put("action", "report")
        .put("text", "还在")), 409);

    settle();
    long b = file(p, 31, code, null).getLong("caseId");
    JsonObject second = awaitIncidents(b, l -> l.size() == 1).get(0);
    assertThat(second.getLong("id")).isNotEqualTo(first.getLong("id"));
    assertThat(ids(second)).containsExactly(b);
    assertThat(incidentsOf(a)).hasSize(1).allMatch(i -> i.getString("status").equals("CLOSED"));
  }

  // ---- declared by hand, scope

  @Test
  void an_incident_is_declared_on_cases_in_scope_and_stays_invisible_to_another_district() {
    Place p = freshPlace();
    long a = file(p, 5, null, null).getLong("caseId");
    long b = file(p, 4, null, null).getLong("caseId");
    String otherDistrict = cells.stream().map(c -> c.substring(0, 6)).filter(d -> !d.equals(p.district()))
        .findFirst().orElseThrow();
    TestServer.Client stranger = client(user(Role.OPERATOR, otherDistrict));
    TestServer.Client local = client(user(Role.OPERATOR, p.district()));

    HttpResponse<String> refused = stranger.postJson("/api/incidents",
        new JsonObject().put("caseIds", new JsonArray().add(a).add(b)).put("note", "现场聚集").encode());
    assertProblem(refused, 404);
    assertThat(incidentsOf(a)).isEmpty();

    HttpResponse<String> r = local.postJson("/api/incidents",
        new JsonObject().put("caseIds", new JsonArray().add(a).add(b)).put("note", "现场聚集约二十人").encode());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonObject incident = TestServer.json(r);
    assertThat(r.headers().firstValue("Location")).hasValue("/api/incidents/" + incident.getLong("id"));
    assertThat(incident.getInteger("workers")).isEqualTo(9);
    assertThat(incident.getString("grade")).isEqualTo("III");
    assertThat(incident.getString("openedBy")).startsWith("inc-operator-");
    assertThat(incident.getString("note")).isEqualTo("现场聚集约二十人");
    assertThat(timelineActions(incident)).containsExactly("declared");
    assertThat(incident.getJsonArray("team")).isEmpty();
    assertThat(incident.getJsonArray("tasks")).isEmpty();

    long id = incident.getLong("id");
    assertProblem(stranger.get("/api/incidents/" + id), 404);
    HttpResponse<String> list = stranger.get("/api/incidents?open=true");
    assertThat(TestServer.json(list).getJsonArray("items").stream()
        .noneMatch(i -> ((JsonObject) i).getLong("id") == id)).isTrue();
    HttpResponse<String> localList = local.get("/api/incidents?open=true");
    assertThat(TestServer.json(localList).getJsonArray("items").stream()
        .anyMatch(i -> ((JsonObject) i).getLong("id") == id)).isTrue();
    assertThat(ok(server.as(Role.ASSISTANT).get("/api/incidents/" + id)).getLong("id")).isEqualTo(id);

    // The same cases again: already in an open incident.
    assertProblem(local.postJson("/api/incidents", new JsonObject().put("caseIds", new JsonArray().add(a)).encode()), 409);
    assertProblem(local.postJson("/api/incidents", new JsonObject().put("caseIds", new JsonArray().add(999_999_999))
        .encode()), 404);
    // Assistants and inspectors do not declare.
    assertProblem(server.as(Role.ASSISTANT).postJson("/api/incidents", new JsonObject().put("caseIds",
        new JsonArray().add(b)).encode()), 403);
    assertThat(server.audit("incident.declare")).anyMatch(l -> l.getString("object_id").equals(String.valueOf(id)));
    // The event carries no free text.
    assertThat(count("SELECT count(*) FROM event_outbox WHERE type = 'incident.opened'"
        + " AND (payload -> 'data' ->> 'incidentId')::bigint = $1 AND payload::text NOT LIKE '%现场聚集%'", id))
        .isEqualTo(1);
  }

  // ---- actions and who may take them

  @Test
  void each_action_is_on_the_timeline_and_only_the_roles_and_team_members_allowed_take_it() {
    Place p = freshPlace();
    long a = file(p, 8, null, null).getLong("caseId");
    JsonObject incident = declare(server.as(Role.SUPERVISOR), a);
    long id = incident.getLong("id");
    User onTeam = user(Role.INSPECTOR, p.district());
    User offTeam = user(Role.INSPECTOR, p.district());
    String otherDistrict = cells.stream().map(c -> c.substring(0, 6)).filter(d -> !d.equals(p.district()))
        .findFirst().orElseThrow();
    User elsewhere = user(Role.INSPECTOR, otherDistrict);

    JsonArray team = new JsonArray()
        .add(new JsonObject().put("role", "TOWNSHIP_LEADER").put("name", "李镇长").put("phone", "028-12345678"))
        .add(new JsonObject().put("role", "INSPECTOR").put("name", "王监察").put("userId", onTeam.id()))
        .add(new JsonObject().put("role", "COMMUNITY_CADRE").put("name", "赵书记"))
        .add(new JsonObject().put("role", "POLICE").put("name", "陈警官"));
    // Operators report only; an inspector of another district is no team member here.
    assertProblem(act(server.as(Role.OPERATOR), id, new JsonObject().put("action", "assign-team").put("members", team)),
        403);
    JsonArray wrong = team.copy();
    wrong.getJsonObject(1).put("userId", elsewhere.id());
    HttpResponse<String> invalid = act(server.as(Role.LEADER), id, new JsonObject().put("action", "assign-team")
        .put("members", wrong));
    io.gridwatch.testing.Problems.assertFieldError(invalid, 422, "members[1].userId");
    JsonObject withTeam = ok(act(server.as(Role.LEADER), id, new JsonObject().put("action", "assign-team")
        .put("members", team).put("expectedVersion", incident.getLong("version"))));
    assertThat(withTeam.getBoolean("teamComplete")).isTrue();
    assertThat(withTeam.getJsonArray("team")).hasSize(4);
    // A stale version.
    assertProblem(act(server.as(Role.LEADER), id, new JsonObject().put("action", "report").put("text", "x")
        .put("expectedVersion", incident.getLong("version"))), 409);

    // Tasks: the court's property preservation is due in 3 working days by default.
    Instant now = clock.instant();
    JsonObject withTask = ok(act(server.as(Role.SUPERVISOR), id, new JsonObject().put("action", "add-task")
        .put("department", "COURT").put("title", "诉前财产保全")));
    JsonObject task = withTask.getJsonArray("tasks").getJsonObject(0);
    Instant expectedDue = WorkingCalendar.endOfDay(WorkingCalendar.loadBundled()
        .addWorkingDays(WorkingCalendar.dateOf(now), 3));
    assertThat(OffsetDateTime.parse(task.getString("dueAt")).toInstant()).isEqualTo(expectedDue);
    assertThat(task.getString("status")).isEqualTo("OPEN");
    String due = OffsetDateTime.ofInstant(now.plus(Duration.ofHours(4)), java.time.ZoneOffset.ofHours(8)).toString();
    JsonObject twoTasks = ok(act(server.as(Role.LEADER), id, new JsonObject().put("action", "add-task")
        .put("department", "POLICE").put("title", "维持现场秩序").put("dueAt", due)));
    JsonObject police = twoTasks.getJsonArray("tasks").getJsonObject(1);
    assertThat(OffsetDateTime.parse(police.getString("dueAt")).toInstant()).isEqualTo(now.plus(Duration.ofHours(4)));
    JsonObject updated = ok(act(server.as(Role.SUPERVISOR), id, new JsonObject().put("action", "update-task")
        .put("taskId", police.getLong("id")).put("status", "DONE").put("note", "已到场")));
    assertThat(updated.getJsonArray("tasks").getJsonObject(1).getString("status")).isEqualTo("DONE");
    assertProblem(act(server.as(Role.SUPERVISOR), id, new JsonObject().put("action", "update-task")
        .put("taskId", 999_999_999L).put("status", "DONE")), 404);
    assertProblem(act(server.as(Role.OPERATOR), id, new JsonObject().put("action", "add-task")
        .put("department", "UNION").put("title", "x")), 403);

    // Reports: operators yes, assistants no (they read).
    ok(act(server.as(Role.OPERATOR), id, new JsonObject().put("action", "report").put("text", "工人情绪稳定")));
    assertProblem(act(server.as(Role.ASSISTANT), id, new JsonObject().put("action", "report").put("text", "x")), 403);

    // Inspectors: only the team's, and only arrive and report.
    assertProblem(act(client(offTeam), id, new JsonObject().put("action", "arrive")), 403);
    assertProblem(act(client(onTeam), id, new JsonObject().put("action", "close").put("summary", "x")), 403);
    JsonObject arrived = ok(act(client(onTeam), id, new JsonObject().put("action", "arrive")
        .put("location", new JsonObject().put("lon", p.lon()).put("lat", p.lat()))));
    assertThat(arrived.getString("status")).isEqualTo("RESPONDING");
    assertThat(arrived.getLong("arrivedBy")).isEqualTo(onTeam.id());
    assertThat(arrived.getBoolean("onSiteOverdue")).isFalse();
    assertProblem(act(client(onTeam), id, new JsonObject().put("action", "arrive")), 409);
    ok(act(client(onTeam), id, new JsonObject().put("action", "report").put("text", "已到现场，约十人")));

    JsonObject closed = ok(act(server.as(Role.LEADER), id, new JsonObject().put("action", "close")
        .put("summary", "协调发放工资")));
    assertThat(timelineActions(closed)).containsExactly("declared", "assign-team", "add-task", "add-task",
        "update-task", "report", "arrive", "report", "close");
    JsonObject line = closed.getJsonArray("timeline").getJsonObject(6);
    assertThat(line.getJsonObject("actor").getLong("userId")).isEqualTo(onTeam.id());
    assertThat(line.getString("at")).isNotBlank();
    assertThat(server.audit("incident.assign-team")).anyMatch(l -> l.getString("object_id").equals(String.valueOf(id)));
    // Every action told the cell; the close as incident.closed; no report text in any event.
    assertThat(count("SELECT count(*) FROM event_outbox WHERE type = 'incident.updated'"
        + " AND (payload -> 'data' ->> 'incidentId')::bigint = $1", id)).isEqualTo(7);
    assertThat(count("SELECT count(*) FROM event_outbox WHERE type = 'incident.closed'"
        + " AND (payload -> 'data' ->> 'incidentId')::bigint = $1", id)).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM event_outbox WHERE (payload -> 'data' ->> 'incidentId')::bigint = $1"
        + " AND (payload::text LIKE '%工人情绪%' OR payload::text LIKE '%李镇长%' OR payload::text LIKE '%028-%')", id))
        .isZero();
  }

  @Test
  void bad_input_is_a_problem_and_changes_nothing() {
    Place p = freshPlace();
    long a = file(p, 3, null, null).getLong("caseId");
    JsonObject incident = declare(server.as(Role.SUPERVISOR), a);
    long id = incident.getLong("id");
    TestServer.Client boss = server.as(Role.SUPERVISOR);
    assertField(act(boss, id, new JsonObject().put("action", "dance")), "action");
    assertField(act(boss, id, new JsonObject().put("action", "add-task").put("department", "ARMY").put("title", "x")),
        "department");
    assertField(act(boss, id, new JsonObject().put("action", "add-task").put("department", "UNION").put("title", "x")
        .put("dueAt", OffsetDateTime.ofInstant(clock.instant().minus(Duration.ofHours(1)), java.time.ZoneOffset.UTC)
            .toString())), "dueAt");
    assertField(act(boss, id, new JsonObject().put("action", "report").put("summary", "x").put("text", "y")), "summary");
    assertField(act(boss, id, new JsonObject().put("action", "assign-team").put("members", new JsonArray()
        .add(new JsonObject().put("role", "MAYOR").put("name", "x")))), "members[0].role");
    assertField(act(boss, id, new JsonObject().put("action", "update-task").put("status", "DONE")), "taskId");
    assertField(act(boss, id, new JsonObject().put("action", "arrive").put("location", new JsonObject().put("lon", 500)
        .put("lat", 30))), "location.lon");
    assertField(boss.postJson("/api/incidents", new JsonObject().put("caseIds", new JsonArray()).encode()), "caseIds");
    assertField(boss.postJson("/api/incidents", new JsonObject().put("caseIds", new JsonArray().add(a).add(a)).encode()),
        "caseIds[1]");
    assertProblem(act(boss, 999_999_999L, new JsonObject().put("action", "report").put("text", "x")), 404);
    assertField(boss.get("/api/incidents?open=maybe"), "open");
    JsonObject after = ok(boss.get("/api/incidents/" + id));
    assertThat(after.getLong("version")).isEqualTo(incident.getLong("version"));
    assertThat(timelineActions(after)).containsExactly("declared");
  }

  // ---- the one-hour on-site clock

  @Test
  void the_on_site_clock_falls_due_once_without_an_arrival_and_is_met_by_one() {
    Place p = freshPlace();
    long late = file(p, 6, null, null).getLong("caseId");
    long met = file(p, 7, null, null).getLong("caseId");
    JsonObject lateIncident = declare(server.as(Role.SUPERVISOR), late);
    JsonObject metIncident = declare(server.as(Role.SUPERVISOR), met);
    ok(act(server.as(Role.SUPERVISOR), metIncident.getLong("id"), new JsonObject().put("action", "arrive")));
    server.app().incidentSweeper().sweep().await();
    assertThat(ok(server.as(Role.SUPERVISOR).get("/api/incidents/" + lateIncident.getLong("id")))
        .getBoolean("onSiteOverdue")).isFalse();

    clock.advance(Duration.ofMinutes(61));
    long end = System.nanoTime() + WAIT.toNanos();
    while (!ok(server.as(Role.SUPERVISOR).get("/api/incidents/" + lateIncident.getLong("id"))).getBoolean("onSiteOverdue")) {
      assertThat(System.nanoTime()).as("the clock is announced").isLessThan(end);
      server.app().incidentSweeper().sweep().await();
    }
    // More sweeps, also from the test thread while the timer sweeps: announced once.
    for (int i = 0; i < 5; i++) {
      server.app().incidentSweeper().sweep().await();
    }
    JsonObject overdue = ok(server.as(Role.SUPERVISOR).get("/api/incidents/" + lateIncident.getLong("id")));
    assertThat(timelineActions(overdue).stream().filter("on-site-overdue"::equals)).hasSize(1);
    assertThat(count("SELECT count(*) FROM event_outbox WHERE type = 'incident.updated'"
        + " AND payload -> 'data' ->> 'action' = 'on-site-overdue'"
        + " AND (payload -> 'data' ->> 'incidentId')::bigint = $1", lateIncident.getLong("id"))).isEqualTo(1);
    JsonObject listed = ok(server.as(Role.SUPERVISOR).get("/api/cases/" + late)).getJsonObject("supervision");
    assertThat(listed.getString("level")).isEqualTo("LISTED");
    assertThat(listed.getString("source")).isEqualTo("AUTOMATIC");
    assertThat(listed.getString("reason")).isEqualTo("INCIDENT_ON_SITE");

    JsonObject onTime = ok(server.as(Role.SUPERVISOR).get("/api/incidents/" + metIncident.getLong("id")));
    assertThat(onTime.getBoolean("onSiteOverdue")).isFalse();
    assertThat(timelineActions(onTime)).doesNotContain("on-site-overdue");
    // An arrival after the hour is recorded as late.
    JsonObject arrivedLate = ok(act(server.as(Role.SUPERVISOR), lateIncident.getLong("id"),
        new JsonObject().put("action", "arrive")));
    JsonObject arrival = arrivedLate.getJsonArray("timeline").stream().map(l -> (JsonObject) l)
        .filter(l -> l.getString("action").equals("arrive")).findFirst().orElseThrow();
    assertThat(arrival.getJsonObject("data").getBoolean("onTime")).isFalse();
  }

  // ---- live

  @Test
  void the_wall_hears_the_incident_within_two_seconds_of_the_complaint_that_crosses_the_threshold() {
    Place p = freshPlace();
    String code = creditCode(p.district());
    file(p, 29, code, null);
    settle();
    User leader = user(Role.LEADER, null);
    try (IncidentWall wall = new IncidentWall(clients, server.app().httpPort(), server.newSession(leader))) {
      wall.register("gw.cell." + p.district());
      long started = System.nanoTime();
      HttpResponse<String> r = server.as(Role.OPERATOR).send(HttpRequest.newBuilder(server.uri("/api/complaints"))
          .header("Content-Type", "application/json").header("Idempotency-Key", UUID.randomUUID().toString())
          .POST(HttpRequest.BodyPublishers.ofString(complaint(p, 1, code, null).encode())));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
      JsonObject event = wall.nextEvent(e -> "incident.opened".equals(e.getString("type"))
          && code.equals(e.getJsonObject("data").getJsonObject("employer").getString("creditCode")), Duration.ofSeconds(2));
      long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
      assertThat(event).as("incident.opened heard within 2 s (waited %d ms)", millis).isNotNull();
      assertThat(event.getString("cellCode")).isEqualTo(p.cell());
      assertThat(event.getJsonObject("data").getInteger("workers")).isEqualTo(30);
      assertThat(event.getLong("seq")).isPositive();
    }
  }
}
