package io.gridwatch.dispatch.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.auth.Role;
import io.gridwatch.auth.User;
import io.gridwatch.geo.crs.Crs;
import io.gridwatch.testing.CaseFlows;
import io.gridwatch.testing.NeedsDatabase;
import io.gridwatch.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The roster over HTTP on a real database: duty status, positions (converted, throttled, kept
 * only on duty), the staff list and its scope, staleness, the staff events in the outbox, and a
 * case's recommended teams. The server stores at most one position per second per user, so the
 * throttle can be seen both refusing and letting through.
 *
 * <p>Places: a case filed at 104.0805, 30.6570 lies in the level-3 cell {@code caseCell}; its
 * staff are made only by the candidates scenario. The other scenarios use staff of a sibling
 * level-3 cell ({@code siblingCell}), outside the case's chain, or of another district.
 */
@NeedsDatabase
class RosterApiTest {
  private static final AtomicInteger USERS = new AtomicInteger();
  private static TestServer server;
  private static String caseCell;
  private static String siblingCell;
  private static String otherDistrict;
  private static JsonObject caseFiled;

  @BeforeAll
  static void start() {
    server = TestServer.start(true, Map.of("GRIDWATCH_DISPATCH_POSITION_MIN_INTERVAL_SECONDS", "1"),
        Clock.systemUTC());
    caseFiled = new CaseFlows(server).file(CaseFlows.complaint(104.0805, 30.6570, 12));
    caseCell = caseFiled.getString("cellCode");
    assertThat(caseCell).hasSize(12);
    siblingCell = codes(3, caseCell.substring(0, 9)).stream().filter(c -> !c.equals(caseCell)).findFirst()
        .orElseThrow();
    otherDistrict = codes(1, null).stream().filter(c -> !caseCell.startsWith(c)).findFirst().orElseThrow();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static List<String> codes(int level, String parent) {
    HttpResponse<String> r = server.as(Role.OPERATOR)
        .get("/api/grid/cells?level=" + level + (parent == null ? "" : "&parent=" + parent));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return TestServer.json(r).getJsonArray("features").stream()
        .map(f -> ((JsonObject) f).getJsonObject("properties").getString("code")).sorted().toList();
  }

  private record Person(User user, TestServer.Client client) {}

  private static Person person(Role role, String gridCode) {
    User u = server.createUser("roster-" + role.name().toLowerCase() + "-" + USERS.incrementAndGet(), role,
        gridCode, TestServer.PASSWORD);
    return new Person(u, server.withToken(server.newSession(u)));
  }

  private static HttpResponse<String> status(Person p, String status) {
    return p.client().postJson("/api/me/status", new JsonObject().put("status", status).encode());
  }

  private static HttpResponse<String> position(Person p, JsonObject body) {
    return p.client().postJson("/api/me/position", body.encode());
  }

  private static JsonObject at(double lon, double lat) {
    return new JsonObject().put("lon", lon).put("lat", lat).put("accuracyMeters", 12.5);
  }

  private static Optional<JsonObject> listed(TestServer.Client viewer, String query, long userId) {
    HttpResponse<String> r = viewer.get("/api/dispatch/staff" + query);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return TestServer.json(r).getJsonArray("items").stream().map(JsonObject.class::cast)
        .filter(i -> i.getLong("userId") == userId).findFirst();
  }

  private static long trackPoints(long userId) {
    return server.app().pool().preparedQuery("SELECT count(*) AS n FROM staff_track WHERE user_id = $1")
        .execute(Tuple.of(userId)).await().iterator().next().getLong("n");
  }

  private static List<JsonObject> staffEvents(String cell, long userId) {
    HttpResponse<String> r = server.as(Role.OPERATOR).get("/api/events?after=0&limit=1000&cell=" + cell);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return TestServer.json(r).getJsonArray("events").stream().map(JsonObject.class::cast)
        .filter(e -> e.getString("type").startsWith("staff."))
        .filter(e -> e.getJsonObject("data").getLong("userId") == userId).toList();
  }

  @Test
  void an_inspector_goes_on_duty_and_the_operator_sees_their_converted_position() {
    Person inspector = person(Role.INSPECTOR, siblingCell);
    HttpResponse<String> set = status(inspector, "AVAILABLE");
    assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
    JsonObject entry = TestServer.json(set);
    assertThat(entry.getLong("userId")).isEqualTo(inspector.user().id());
    assertThat(entry.getString("status")).isEqualTo("AVAILABLE");
    assertThat(entry.getString("gridCode")).isEqualTo(siblingCell);
    assertThat(entry.getValue("position")).isNull();
    assertThat(entry.getInteger("openAssignments")).isZero();

    double[] gcj = Crs.GCJ02.fromWgs84(104.0805, 30.6570);
    HttpResponse<String> sent = position(inspector, at(gcj[0], gcj[1]).put("crs", "GCJ02"));
    assertThat(sent.statusCode()).as(sent.body()).isEqualTo(204);
    assertThat(sent.headers().firstValue("Position-Stored")).contains("true");

    JsonObject seen = listed(server.as(Role.OPERATOR), "?cell=" + siblingCell, inspector.user().id()).orElseThrow();
    assertThat(seen.getString("status")).isEqualTo("AVAILABLE");
    JsonObject pos = seen.getJsonObject("position");
    // Stored in WGS84: back within a metre or so of where the phone was, not at the GCJ-02 numbers.
    assertThat(pos.getDouble("lon")).isCloseTo(104.0805, org.assertj.core.data.Offset.offset(1e-5));
    assertThat(pos.getDouble("lat")).isCloseTo(30.6570, org.assertj.core.data.Offset.offset(1e-5));
    assertThat(Math.abs(gcj[0] - 104.0805)).isGreaterThan(1e-3);
    assertThat(pos.getDouble("accuracyMeters")).isEqualTo(12.5);
    assertThat(pos.getBoolean("stale")).isFalse();
    assertThat(trackPoints(inspector.user().id())).isEqualTo(1);
  }

  @Test
  void positions_faster_than_the_interval_are_answered_but_not_stored() throws InterruptedException {
    Person inspector = person(Role.INSPECTOR, siblingCell);
    assertThat(status(inspector, "EN_ROUTE").statusCode()).isEqualTo(200);
    assertThat(position(inspector, at(104.08, 30.65)).headers().firstValue("Position-Stored")).contains("true");
    HttpResponse<String> tooSoon = position(inspector, at(104.09, 30.66));
    assertThat(tooSoon.statusCode()).isEqualTo(204);
    assertThat(tooSoon.headers().firstValue("Position-Stored")).contains("false");
    JsonObject pos = listed(server.as(Role.OPERATOR), "", inspector.user().id()).orElseThrow().getJsonObject("position");
    assertThat(pos.getDouble("lon")).isEqualTo(104.08);
    assertThat(trackPoints(inspector.user().id())).isEqualTo(1);

    Thread.sleep(1_100);
    HttpResponse<String> later = position(inspector, at(104.09, 30.66));
    assertThat(later.headers().firstValue("Position-Stored")).contains("true");
    pos = listed(server.as(Role.OPERATOR), "", inspector.user().id()).orElseThrow().getJsonObject("position");
    assertThat(pos.getDouble("lon")).isEqualTo(104.09);
    assertThat(trackPoints(inspector.user().id())).isEqualTo(2);
  }

  @Test
  void a_position_while_off_duty_is_refused_and_stores_nothing() {
    Person inspector = person(Role.INSPECTOR, siblingCell);
    HttpResponse<String> r = position(inspector, at(104.08, 30.65));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    assertThat(TestServer.json(r).getString("type")).endsWith("off-duty");
    assertThat(trackPoints(inspector.user().id())).isZero();
    JsonObject seen = listed(server.as(Role.OPERATOR), "", inspector.user().id()).orElseThrow();
    assertThat(seen.getString("status")).isEqualTo("OFF_DUTY");
    assertThat(seen.getValue("position")).isNull();

    assertThat(status(inspector, "AVAILABLE").statusCode()).isEqualTo(200);
    assertThat(status(inspector, "OFF_DUTY").statusCode()).isEqualTo(200);
    assertThat(position(inspector, at(104.08, 30.65)).statusCode()).isEqualTo(409);
    assertThat(trackPoints(inspector.user().id())).isZero();
  }

  @Test
  void status_and_position_changes_are_events_on_the_staff_members_cell() {
    Person assistant = person(Role.ASSISTANT, siblingCell);
    assertThat(status(assistant, "AVAILABLE").statusCode()).isEqualTo(200);
    assertThat(position(assistant, at(104.081, 30.651)).statusCode()).isEqualTo(204);
    List<JsonObject> events = staffEvents(siblingCell, assistant.user().id());
    assertThat(events).extracting(e -> e.getString("type")).containsExactly("staff.status", "staff.position");
    assertThat(events).allSatisfy(e -> assertThat(e.getString("cellCode")).isEqualTo(siblingCell));
    assertThat(events.get(0).getJsonObject("data").getString("status")).isEqualTo("AVAILABLE");
    assertThat(events.get(0).getJsonObject("data").getString("previousStatus")).isEqualTo("OFF_DUTY");
    JsonObject p = events.get(1).getJsonObject("data").getJsonObject("position");
    assertThat(p.getDouble("lon")).isEqualTo(104.081);
    assertThat(p.getDouble("lat")).isEqualTo(30.651);
    assertThat(events.get(1).getLong("seq")).isEqualTo(events.get(0).getLong("seq") + 1);
  }

  @Test
  void an_old_position_is_shown_as_stale_and_a_fresh_one_is_not() throws InterruptedException {
    Person inspector = person(Role.INSPECTOR, siblingCell);
    assertThat(status(inspector, "BUSY").statusCode()).isEqualTo(200);
    // PostgreSQL keeps microseconds.
    String tenMinutesAgo = Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MICROS).toString();
    assertThat(position(inspector, at(104.08, 30.65).put("at", tenMinutesAgo)).statusCode()).isEqualTo(204);
    JsonObject pos = listed(server.as(Role.SUPERVISOR), "", inspector.user().id()).orElseThrow().getJsonObject("position");
    assertThat(pos.getBoolean("stale")).isTrue();
    assertThat(Instant.parse(pos.getString("at").replace("+00:00", "Z"))).isEqualTo(Instant.parse(tenMinutesAgo));

    Thread.sleep(1_100);
    assertThat(position(inspector, at(104.08, 30.65)).statusCode()).isEqualTo(204);
    pos = listed(server.as(Role.SUPERVISOR), "", inspector.user().id()).orElseThrow().getJsonObject("position");
    assertThat(pos.getBoolean("stale")).isFalse();
  }

  @Test
  void a_district_supervisor_sees_their_districts_staff_only() {
    String ownDistrict = caseCell.substring(0, 6);
    Person ours = person(Role.INSPECTOR, siblingCell);
    Person theirs = person(Role.INSPECTOR, otherDistrict);
    Person supervisor = person(Role.SUPERVISOR, ownDistrict);
    assertThat(listed(supervisor.client(), "", ours.user().id())).isPresent();
    assertThat(listed(supervisor.client(), "", theirs.user().id())).isEmpty();
    assertThat(listed(server.as(Role.LEADER), "", theirs.user().id())).isPresent();
    assertThat(listed(server.as(Role.OPERATOR), "?cell=" + otherDistrict, ours.user().id())).isEmpty();

    HttpResponse<String> outside = supervisor.client().get("/api/dispatch/staff?cell=" + otherDistrict);
    assertThat(outside.statusCode()).as(outside.body()).isEqualTo(403);
    assertThat(TestServer.json(outside).getString("type")).endsWith("outside-scope");
  }

  @Test
  void two_on_duty_inspectors_of_the_cases_own_cell_are_the_first_team() {
    String level2 = caseCell.substring(0, 9);
    Person near = person(Role.INSPECTOR, caseCell);
    Person far = person(Role.INSPECTOR, caseCell);
    Person helper = person(Role.ASSISTANT, caseCell);
    Person streetLevel = person(Role.INSPECTOR, level2);
    Person offDuty = person(Role.INSPECTOR, caseCell);
    for (Person p : List.of(near, far, helper, streetLevel)) {
      assertThat(status(p, "AVAILABLE").statusCode()).isEqualTo(200);
    }
    assertThat(position(near, at(104.0806, 30.6571)).statusCode()).isEqualTo(204);
    assertThat(position(far, at(104.10, 30.67)).statusCode()).isEqualTo(204);
    assertThat(position(streetLevel, at(104.0805, 30.6570)).statusCode()).isEqualTo(204);

    HttpResponse<String> r = server.as(Role.OPERATOR).get("/api/cases/" + caseFiled.getLong("caseId") + "/candidates");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonObject body = TestServer.json(r);
    JsonArray teams = body.getJsonArray("teams");
    assertThat(teams).isNotEmpty();
    JsonObject best = teams.getJsonObject(0);
    assertThat(ids(best)).containsExactly(near.user().id(), far.user().id());
    assertThat(best.getDouble("score")).isGreaterThan(3000);
    assertThat(best.getJsonArray("reasons").getList()).isNotEmpty();
    // The street-level inspector backs up (兜底), standing right at the door but a level up.
    assertThat(ids(teams.getJsonObject(1))).contains(streetLevel.user().id());
    for (Object t : teams) {
      assertThat(ids((JsonObject) t)).doesNotContain(helper.user().id(), offDuty.user().id());
    }
    String notes = String.join("\n", body.getJsonArray("notes").stream().map(String::valueOf).toList());
    assertThat(notes).contains("协管员").contains(helper.user().username()).contains("下班");
  }

  private static List<Long> ids(JsonObject team) {
    return team.getJsonArray("inspectors").stream().map(i -> ((Number) i).longValue()).toList();
  }

  @Test
  void a_dispatch_counts_as_an_open_assignment_and_as_the_last_assignment_in_the_reasons() {
    // A district-level case without a location: staffed by the district's own inspectors only.
    Person a = person(Role.INSPECTOR, otherDistrict);
    Person b = person(Role.INSPECTOR, otherDistrict);
    assertThat(status(a, "AVAILABLE").statusCode()).isEqualTo(200);
    assertThat(status(b, "AVAILABLE").statusCode()).isEqualTo(200);
    CaseFlows flows = new CaseFlows(server);
    JsonObject body = CaseFlows.complaint(0, 0, 3);
    body.remove("location");
    body.put("cellCode", otherDistrict);
    JsonObject first = flows.register(flows.file(body));
    flows.act(server.as(Role.OPERATOR), first, "dispatch",
        new JsonObject().put("inspectors", new JsonArray().add(a.user().id()).add(b.user().id())));
    assertThat(listed(server.as(Role.OPERATOR), "", a.user().id()).orElseThrow().getInteger("openAssignments"))
        .isEqualTo(1);

    JsonObject second = flows.file(body);
    HttpResponse<String> r = server.as(Role.SUPERVISOR).get("/api/cases/" + second.getLong("caseId") + "/candidates");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonObject best = TestServer.json(r).getJsonArray("teams").getJsonObject(0);
    assertThat(ids(best)).containsExactlyInAnyOrder(a.user().id(), b.user().id());
    String reasons = String.join("\n", best.getJsonArray("reasons").stream().map(String::valueOf).toList());
    assertThat(reasons).contains("在办 1 件").contains("距上次派遣").doesNotContain("尚无派遣记录");
    assertThat(String.join("\n", TestServer.json(r).getJsonArray("notes").stream().map(String::valueOf).toList()))
        .contains("案件无位置");
  }

  @Test
  void candidates_of_a_case_outside_ones_scope_are_not_found_like_the_case() {
    Person elsewhere = person(Role.SUPERVISOR, otherDistrict);
    HttpResponse<String> r = elsewhere.client().get("/api/cases/" + caseFiled.getLong("caseId") + "/candidates");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(404);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    assertThat(server.as(Role.OPERATOR).get("/api/cases/999999999/candidates").statusCode()).isEqualTo(404);
  }

  @Test
  void only_field_staff_report_status_and_only_dispatchers_read_the_roster() {
    assertThat(server.as(Role.OPERATOR).postJson("/api/me/status", "{\"status\":\"AVAILABLE\"}").statusCode())
        .isEqualTo(403);
    assertThat(server.as(Role.ADMIN).postJson("/api/me/position", at(104.08, 30.65).encode()).statusCode())
        .isEqualTo(403);
    Person inspector = person(Role.INSPECTOR, siblingCell);
    assertThat(inspector.client().get("/api/dispatch/staff").statusCode()).isEqualTo(403);
    assertThat(inspector.client().get("/api/cases/" + caseFiled.getLong("caseId") + "/candidates").statusCode())
        .isEqualTo(403);
    assertThat(server.as(Role.ADMIN).get("/api/dispatch/staff").statusCode()).isEqualTo(200);
  }

  @Test
  void bad_status_and_bad_positions_are_problems_that_change_nothing() {
    Person inspector = person(Role.INSPECTOR, siblingCell);
    HttpResponse<String> badStatus = status(inspector, "ASLEEP");
    assertThat(badStatus.statusCode()).as(badStatus.body()).isEqualTo(400);
    assertThat(TestServer.json(badStatus).getJsonArray("errors")).isNotEmpty();
    assertThat(status(inspector, "AVAILABLE").statusCode()).isEqualTo(200);

    List<JsonObject> bad = List.of(
        at(181, 30.65),
        at(104.08, 1e-320),
        new JsonObject().put("lon", 104.08).put("lat", 30.65),
        at(104.08, 30.65).put("accuracyMeters", -1),
        at(104.08, 30.65).put("crs", "EPSG:3857"),
        at(104.08, 30.65).put("at", Instant.now().plus(10, ChronoUnit.MINUTES).toString()),
        at(104.08, 30.65).put("at", Instant.now().minus(2, ChronoUnit.DAYS).toString()),
        at(104.08, 30.65).put("at", "yesterday"),
        at(104.08, 30.65).put("extra", 1));
    for (JsonObject body : bad) {
      HttpResponse<String> r = position(inspector, body);
      assertThat(r.statusCode()).as(body + " → " + r.body()).isEqualTo(400);
      assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    }
    assertThat(trackPoints(inspector.user().id())).isZero();
    assertThat(listed(server.as(Role.OPERATOR), "", inspector.user().id()).orElseThrow().getValue("position")).isNull();
  }
}
