package io.gridwatch.cases;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.auth.Role;
import io.gridwatch.auth.User;
import io.gridwatch.store.DatabaseProvisioner;
import io.gridwatch.store.DatabaseUrl;
import io.gridwatch.testing.CaseFlows;
import io.gridwatch.testing.MutableClock;
import io.gridwatch.testing.NeedsDatabase;
import io.gridwatch.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Dispatch as the workflow runs it, over HTTP on a real database with an injected clock: both
 * inspectors accept before the investigation; a check-in is located and measured (against
 * PostGIS); a refusal and an acceptance timeout release the team and the system offers the case
 * to the next team, the timeout exactly once across a restart; 批转 moves a case between cells
 * and gives an unassigned one its cell, heard on both cells; urgent work is dispatched by itself;
 * {@code assignee=me} lists one's own assignments.
 *
 * <p>Every scenario files its own case in its own level-3 cell with its own staff, so the
 * scenarios do not compete for inspectors.
 */
@NeedsDatabase
class DispatchWorkflowApiTest {
  private static final AtomicInteger USERS = new AtomicInteger();
  private static final int ACCEPT_TIMEOUT_SECONDS = 60;
  private static MutableClock clock;
  private static TestServer server;
  private static CaseFlows flows;
  private static List<String> cells;
  private static int nextCell;

  @BeforeAll
  static void start() {
    clock = new MutableClock(Instant.parse("2026-12-03T02:00:00Z"));
    server = TestServer.start(true, Map.of("GRIDWATCH_DISPATCH_ACCEPT_TIMEOUT_SECONDS",
        String.valueOf(ACCEPT_TIMEOUT_SECONDS)), clock);
    flows = new CaseFlows(server);
    HttpResponse<String> r = server.as(Role.OPERATOR).get("/api/grid/cells?level=3");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    cells = new ArrayList<>();
    TestServer.json(r).getJsonArray("features").forEach(f -> cells.add(((JsonObject) f).getJsonObject("properties")
        .getString("code")));
    assertThat(cells).hasSizeGreaterThan(50);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private record Person(User user, TestServer.Client client) {
    long id() {
      return user.id();
    }
  }

  /** A place inside a level-3 cell no other scenario uses: the cell and a point in it. */
  private record Place(String cell, double lon, double lat) {}

  private static synchronized Place freshPlace() {
    var resolver = server.app().grid().snapshot().resolver();
    while (true) {
      String code = cells.get(nextCell++ * 7 % cells.size());
      var point = resolver.cell(code).orElseThrow().geometry().getInteriorPoint();
      var r = resolver.resolve(point.getX(), point.getY());
      if (r.isPresent() && r.get().deepest().code().equals(code)) {
        return new Place(code, point.getX(), point.getY());
      }
    }
  }

  private static Person person(Role role, String grid) {
    User u = server.createUser("dw-" + role.name().toLowerCase() + "-" + USERS.incrementAndGet(), role, grid,
        TestServer.PASSWORD);
    return new Person(u, server.withToken(server.newSession(u)));
  }

  private static Person onDuty(String grid) {
    Person p = person(Role.INSPECTOR, grid);
    HttpResponse<String> r = p.client().postJson("/api/me/status", new JsonObject().put("status", "AVAILABLE").encode());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return p;
  }

  private static JsonObject file(Place p, String urgency) {
    JsonObject body = CaseFlows.complaint(p.lon(), p.lat(), 8);
    if (urgency != null) {
      body.put("urgency", urgency);
    }
    JsonObject c = flows.file(body);
    assertThat(c.getString("cellCode")).isEqualTo(p.cell());
    return c;
  }

  private static HttpResponse<String> act(TestServer.Client as, JsonObject c, String action, JsonObject extra) {
    JsonObject body = new JsonObject().put("action", action).put("expectedVersion", c.getLong("version"));
    if (extra != null) {
      body.mergeIn(extra);
    }
    return as.postJson("/api/cases/" + c.getLong("caseId") + "/transitions", body.encode());
  }

  private static JsonObject ok(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body());
  }

  private static JsonObject dispatch(JsonObject c, Person... team) {
    JsonArray ids = new JsonArray();
    for (Person p : team) {
      ids.add(p.id());
    }
    return ok(act(server.as(Role.OPERATOR), c, "dispatch", new JsonObject().put("inspectors", ids)));
  }

  private static JsonObject load(JsonObject c) {
    return ok(server.as(Role.SUPERVISOR).get("/api/cases/" + c.getLong("caseId")));
  }

  private static List<String> eventTypes(JsonObject c) {
    List<String> out = new ArrayList<>();
    c.getJsonArray("events").forEach(e -> out.add(((JsonObject) e).getString("type")));
    return out;
  }

  private static List<Long> longs(JsonArray a) {
    List<Long> out = new ArrayList<>();
    a.forEach(v -> out.add(((Number) v).longValue()));
    return out;
  }

  @Test
  void both_inspectors_accept_before_the_investigation_and_the_check_in_is_measured() throws Exception {
    Place place = freshPlace();
    Person a = person(Role.INSPECTOR, place.cell());
    Person b = person(Role.INSPECTOR, place.cell());
    JsonObject c = dispatch(flows.register(file(place, null)), a, b);
    assertThat(c.getJsonObject("nextDeadline").getString("kind")).isEqualTo("DISPATCH_ACCEPT");

    c = ok(act(a.client(), c, "accept", null));
    // About 600 m north of the site, given in GCJ-02 as a Chinese phone's map would report it.
    double northLat = place.lat() + 600 / 111_195.0;
    c = ok(act(a.client(), c, "arrive", new JsonObject().put("location", new JsonObject()
        .put("lon", place.lon()).put("lat", northLat).put("accuracyMeters", 12))));
    assertThat(c.getString("status")).isEqualTo("ON_SITE");
    JsonObject arrival = c.getJsonArray("arrivals").getJsonObject(0);
    assertThat(arrival.getLong("userId")).isEqualTo(a.id());
    assertThat(arrival.getBoolean("farFromSite")).isTrue();
    double measured = c.getDouble("arrivalDistanceMeters");

    // The truth we did not produce: PostGIS's geodesic distance between the same two points.
    DatabaseUrl url = DatabaseUrl.parse(server.app().config().dbUrl().orElseThrow());
    try (Connection conn = DatabaseProvisioner.jdbc(url); Statement s = conn.createStatement()) {
      s.execute("CREATE EXTENSION IF NOT EXISTS postgis");
      try (ResultSet rs = s.executeQuery("SELECT ST_Distance(ST_SetSRID(ST_MakePoint(lon_wgs84, lat_wgs84), 4326)"
          + "::geography, ST_SetSRID(ST_MakePoint(" + place.lon() + ", " + northLat + "), 4326)::geography) "
          + "FROM case_file WHERE id = " + c.getLong("caseId"))) {
        assertThat(rs.next()).isTrue();
        double postgis = rs.getDouble(1);
        assertThat(measured).isCloseTo(postgis, org.assertj.core.data.Percentage.withPercentage(0.5));
      }
    }

    HttpResponse<String> early = act(a.client(), c, "investigate", null);
    assertThat(early.statusCode()).as(early.body()).isEqualTo(409);
    assertThat(early.body()).contains("transition-not-allowed").contains(String.valueOf(b.id()));

    c = ok(act(b.client(), c, "accept", null));
    assertThat(longs(c.getJsonArray("acceptedBy"))).containsExactlyInAnyOrder(a.id(), b.id());
    assertThat(c.getJsonArray("deadlines").stream().map(d -> (JsonObject) d)
        .filter(d -> "DISPATCH_ACCEPT".equals(d.getString("kind"))).findFirst().orElseThrow().getString("status"))
        .isEqualTo("MET");
    c = ok(act(b.client(), c, "arrive", new JsonObject().put("location", new JsonObject()
        .put("lon", place.lon()).put("lat", place.lat()))));
    assertThat(c.getJsonArray("arrivals")).hasSize(2);
    assertThat(c.getJsonArray("arrivals").getJsonObject(1).getBoolean("farFromSite")).isFalse();
    c = ok(act(a.client(), c, "investigate", null));
    assertThat(c.getString("status")).isEqualTo("INVESTIGATING");
    c = ok(act(b.client(), c, "note", new JsonObject().put("note", "工地负责人称周五发放工资")));
    assertThat(eventTypes(c)).endsWith("note-added");
  }

  @Test
  void a_refusal_releases_the_team_and_the_system_offers_the_next_team() {
    Place place = freshPlace();
    Person a = onDuty(place.cell());
    Person b = onDuty(place.cell());
    Person elsewhere = person(Role.INSPECTOR, null);
    JsonObject c = dispatch(flows.register(file(place, null)), a, b);

    HttpResponse<String> noReason = act(a.client(), c, "refuse", null);
    assertThat(noReason.statusCode()).as(noReason.body()).isEqualTo(422);
    HttpResponse<String> notOnTeam = act(elsewhere.client(), c, "refuse", new JsonObject().put("reason", "x"));
    assertThat(notOnTeam.statusCode()).as(notOnTeam.body()).isIn(403, 404);
    assertThat(load(c).getLong("version")).isEqualTo(c.getLong("version"));

    // Two more inspectors come on duty: the next team.
    Person c1 = onDuty(place.cell());
    Person c2 = onDuty(place.cell());
    JsonObject after = ok(act(a.client(), c, "refuse", new JsonObject().put("reason", "正在处理另一起紧急案件")));
    assertThat(after.getString("status")).isEqualTo("DISPATCHED");
    assertThat(longs(after.getJsonArray("assignedInspectors"))).containsExactlyInAnyOrder(c1.id(), c2.id());
    List<String> types = eventTypes(after);
    assertThat(types.subList(types.size() - 2, types.size())).containsExactly("assignment-refused", "dispatched");
    JsonObject auto = after.getJsonArray("events").getJsonObject(types.size() - 1);
    assertThat(auto.getJsonObject("actor").getString("role")).isEqualTo("SYSTEM");
    assertThat(auto.getJsonObject("actor").getValue("userId")).isNull();
    // The refusing inspector, no longer on the team, has nothing left to do; the new team accepts.
    assertThat(after.getJsonArray("availableActions")).isEmpty();
    assertThat(ok(c1.client().get("/api/cases/" + c.getLong("caseId"))).getJsonArray("availableActions").getList())
        .contains("accept", "refuse", "arrive", "note");


    // The refusing inspector hears of being taken off, the new team of the dispatch.
    JsonArray live = ok(server.as(Role.SUPERVISOR).get("/api/events?after=0&limit=1000"))
        .getJsonArray("events");
    assertThat(live.stream().map(e -> (JsonObject) e)
        .filter(e -> e.getJsonObject("data").getLong("caseId", -1L).equals(c.getLong("caseId")))
        .map(e -> e.getString("type")).toList()).contains("case.assignment-refused", "case.dispatched");
  }

  @Test
  void an_acceptance_timeout_releases_the_team_once_even_across_a_restart() {
    Place place = freshPlace();
    Person a = onDuty(place.cell());
    Person b = onDuty(place.cell());
    Person c1 = onDuty(place.cell());
    Person c2 = onDuty(place.cell());
    JsonObject c = dispatch(flows.register(file(place, null)), a, b);
    ok(act(a.client(), c, "accept", null));

    clock.advance(Duration.ofSeconds(ACCEPT_TIMEOUT_SECONDS - 1));
    server.app().acceptanceTimeouts().sweep().await();
    assertThat(load(c).getString("status")).isEqualTo("DISPATCHED");

    clock.advance(Duration.ofSeconds(2));
    server.app().acceptanceTimeouts().sweep().await();
    server.app().acceptanceTimeouts().sweep().await();
    JsonObject after = load(c);
    assertThat(eventTypes(after).stream().filter("dispatch-timeout"::equals)).hasSize(1);
    // b never accepted and is left out; a accepted and may be chosen again, with whoever ranks best.
    List<Long> next = longs(after.getJsonArray("assignedInspectors"));
    assertThat(after.getString("status")).isEqualTo("DISPATCHED");
    assertThat(next).hasSize(2).doesNotContain(b.id()).isSubsetOf(a.id(), c1.id(), c2.id());
    JsonObject timeout = after.getJsonArray("events").stream().map(e -> (JsonObject) e)
        .filter(e -> "dispatch-timeout".equals(e.getString("type"))).findFirst().orElseThrow();
    assertThat(longs(timeout.getJsonObject("data").getJsonArray("notAccepted"))).containsExactly(b.id());
    assertThat(longs(timeout.getJsonObject("data").getJsonArray("nextInspectors"))).isEqualTo(next);
    assertThat(server.audit("case.dispatch-timeout")).anySatisfy(e ->
        assertThat(e.getString("object_id")).isEqualTo(String.valueOf(c.getLong("caseId"))));

    // The second team lets it time out too, and the server restarts before anyone sweeps.
    clock.advance(Duration.ofSeconds(ACCEPT_TIMEOUT_SECONDS + 5));
    server = server.restart();
    flows = new CaseFlows(server);
    server.app().acceptanceTimeouts().sweep().await();
    server.app().acceptanceTimeouts().sweep().await();
    JsonObject last = load(c);
    assertThat(eventTypes(last).stream().filter("dispatch-timeout"::equals)).hasSize(2);
    // Everyone who let it time out is left out; with at most one inspector left, no team: back to the operator.
    assertThat(last.getString("status")).isEqualTo("REGISTERED");
    assertThat(last.getJsonArray("assignedInspectors")).isEmpty();
    assertThat(eventTypes(last).get(eventTypes(last).size() - 1)).isEqualTo("dispatch-timeout");
    JsonArray live = ok(server.as(Role.SUPERVISOR).get("/api/events?after=0&limit=1000")).getJsonArray("events");
    assertThat(live.stream().map(e -> (JsonObject) e)
        .filter(e -> "case.dispatch-timeout".equals(e.getString("type"))
            && e.getJsonObject("data").getLong("caseId").equals(c.getLong("caseId")))
        .map(e -> e.getString("cellCode")).toList()).containsExactly(place.cell(), place.cell());
  }

  @Test
  void a_transfer_moves_the_case_to_another_cell_and_both_cells_hear_it() {
    Place from = freshPlace();
    Place to = freshPlace();
    JsonObject c = flows.register(file(from, null));
    TestServer.Client supervisor = server.as(Role.SUPERVISOR);

    HttpResponse<String> byOperator = act(server.as(Role.OPERATOR), c, "transfer",
        new JsonObject().put("cellCode", to.cell()).put("reason", "地址在隔壁网格"));
    assertThat(byOperator.statusCode()).as(byOperator.body()).isEqualTo(403);
    HttpResponse<String> unknown = act(supervisor, c, "transfer",
        new JsonObject().put("cellCode", "999999999999").put("reason", "地址在隔壁网格"));
    assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(422);
    assertThat(unknown.body()).contains("unknown-cell");
    HttpResponse<String> same = act(supervisor, c, "transfer",
        new JsonObject().put("cellCode", from.cell()).put("reason", "地址在隔壁网格"));
    assertThat(same.statusCode()).as(same.body()).isEqualTo(422);
    HttpResponse<String> noReason = act(supervisor, c, "transfer", new JsonObject().put("cellCode", to.cell()));
    assertThat(noReason.statusCode()).as(noReason.body()).isEqualTo(422);
    assertThat(load(c).getString("cellCode")).isEqualTo(from.cell());

    JsonObject moved = ok(act(supervisor, c, "transfer",
        new JsonObject().put("cellCode", to.cell()).put("reason", "地址在隔壁网格")));
    assertThat(moved.getString("cellCode")).isEqualTo(to.cell());
    assertThat(moved.getString("status")).isEqualTo("REGISTERED");
    JsonObject event = moved.getJsonArray("events").getJsonObject(moved.getJsonArray("events").size() - 1);
    assertThat(event.getString("type")).isEqualTo("transferred");
    assertThat(event.getJsonObject("data").getString("fromCellCode")).isEqualTo(from.cell());
    assertThat(event.getJsonObject("data").getString("reason")).isEqualTo("地址在隔壁网格");
    for (Place p : List.of(from, to)) {
      JsonArray heard = ok(server.as(Role.SUPERVISOR).get("/api/events?after=0&limit=1000&cell=" + p.cell()))
          .getJsonArray("events");
      assertThat(heard.stream().map(e -> (JsonObject) e).filter(e -> "case.transferred".equals(e.getString("type"))
          && e.getJsonObject("data").getLong("caseId").equals(c.getLong("caseId")))).as(p.cell()).hasSize(1);
    }
    assertThat(server.audit("case.transfer")).anySatisfy(e ->
        assertThat(e.getString("object_id")).isEqualTo(String.valueOf(c.getLong("caseId"))));

    // A dispatched case is returned before it can be transferred.
    Person a = person(Role.INSPECTOR, to.cell());
    Person b = person(Role.INSPECTOR, to.cell());
    JsonObject dispatched = dispatch(moved, a, b);
    HttpResponse<String> late = act(supervisor, dispatched, "transfer",
        new JsonObject().put("cellCode", from.cell()).put("reason", "再次批转"));
    assertThat(late.statusCode()).as(late.body()).isEqualTo(409);
  }

  @Test
  void an_unassigned_case_gets_its_cell_by_a_transfer_and_can_then_be_dispatched() {
    // Outside the grid's coverage (Lhasa): the case is filed unassigned.
    JsonObject c = flows.file(CaseFlows.complaint(91.1322, 29.6604, 3));
    assertThat(c.getString("cellCode")).isNull();
    Place place = freshPlace();
    JsonObject placed = ok(act(server.as(Role.SUPERVISOR), c, "transfer",
        new JsonObject().put("cellCode", place.cell()).put("reason", "投诉人补充了实际地址")));
    assertThat(placed.getString("cellCode")).isEqualTo(place.cell());
    assertThat(placed.getValue("unassignedReason")).isNull();
    Person a = person(Role.INSPECTOR, place.cell());
    Person b = person(Role.INSPECTOR, place.cell());
    JsonObject d = dispatch(flows.register(placed), a, b);
    assertThat(d.getString("status")).isEqualTo("DISPATCHED");
  }

  @Test
  void urgent_work_of_an_automatic_category_is_dispatched_on_registration() {
    Place place = freshPlace();
    Person a = onDuty(place.cell());
    Person b = onDuty(place.cell());
    JsonObject urgent = flows.register(file(place, "URGENT"));
    assertThat(urgent.getString("status")).isEqualTo("DISPATCHED");
    assertThat(longs(urgent.getJsonArray("assignedInspectors"))).containsExactlyInAnyOrder(a.id(), b.id());
    assertThat(eventTypes(urgent)).endsWith("registered", "dispatched");

    JsonObject normal = flows.register(file(place, null));
    assertThat(normal.getString("status")).isEqualTo("REGISTERED");
  }

  @Test
  void an_inspector_lists_their_own_assignments() {
    Place place = freshPlace();
    Person a = person(Role.INSPECTOR, place.cell());
    Person b = person(Role.INSPECTOR, place.cell());
    JsonObject mine = dispatch(flows.register(file(place, null)), a, b);
    JsonObject notMine = flows.register(file(place, null));
    JsonObject list = ok(a.client().get("/api/cases?assignee=me&open=true"));
    assertThat(list.getLong("total")).isEqualTo(1);
    JsonObject item = list.getJsonArray("items").getJsonObject(0);
    assertThat(item.getLong("caseId")).isEqualTo(mine.getLong("caseId")).isNotEqualTo(notMine.getLong("caseId"));
    assertThat(longs(item.getJsonArray("assignedInspectors"))).containsExactlyInAnyOrder(a.id(), b.id());
    HttpResponse<String> bad = a.client().get("/api/cases?assignee=you");
    assertThat(bad.statusCode()).as(bad.body()).isEqualTo(400);
  }

  private static String dutyStatus(Person p) {
    JsonObject staff = ok(server.as(Role.OPERATOR).get("/api/dispatch/staff"));
    return staff.getJsonArray("items").stream().map(e -> (JsonObject) e)
        .filter(e -> e.getLong("userId") == p.id()).findFirst().orElseThrow().getString("status");
  }

  private static void awaitStatus(Person p, String expected) throws InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!expected.equals(dutyStatus(p)) && System.nanoTime() < until) {
      Thread.sleep(50);
    }
    assertThat(dutyStatus(p)).as("duty status of user %d", p.id()).isEqualTo(expected);
  }

  @Test
  void the_roster_follows_the_work_but_never_overrides_what_a_person_said() throws InterruptedException {
    Place place = freshPlace();
    Person a = onDuty(place.cell());
    Person b = onDuty(place.cell());
    ok(b.client().postJson("/api/me/status", new JsonObject().put("status", "BUSY").encode()));
    JsonObject c = dispatch(flows.register(file(place, null)), a, b);
    c = ok(act(a.client(), c, "accept", null));
    awaitStatus(a, "EN_ROUTE");
    c = ok(act(b.client(), c, "accept", null));
    c = ok(act(a.client(), c, "arrive", new JsonObject().put("location", new JsonObject()
        .put("lon", place.lon()).put("lat", place.lat()))));
    awaitStatus(a, "ON_SITE");
    c = ok(act(a.client(), c, "investigate", null));
    c = ok(act(a.client(), c, "resolve", new JsonObject().put("outcome", new JsonObject()
        .put("wagesRecovered", "3000.00").put("workersHelped", 3).put("action", "MEDIATION"))));
    awaitStatus(a, "AVAILABLE");
    // b said BUSY and accepted from there: the work never changed what b said.
    assertThat(dutyStatus(b)).isEqualTo("BUSY");
  }

  @Test
  void the_system_action_cannot_be_requested() {
    Place place = freshPlace();
    Person a = person(Role.INSPECTOR, place.cell());
    Person b = person(Role.INSPECTOR, place.cell());
    JsonObject c = dispatch(flows.register(file(place, null)), a, b);
    HttpResponse<String> r = act(server.as(Role.SUPERVISOR), c, "dispatch-timeout", null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(load(c).getLong("version")).isEqualTo(c.getLong("version"));
  }
}
