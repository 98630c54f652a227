package io.gridwatch.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.auth.Role;
import io.gridwatch.auth.User;
import io.gridwatch.testing.CaseFlows;
import io.gridwatch.testing.NeedsDatabase;
import io.gridwatch.testing.TestServer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * GET /api/stats/summary on a server of its own (so every count is exact): cases filed and moved
 * through the API, their closing deadlines set in case_deadline as the clocks would have left them.
 */
@NeedsDatabase
class StatsApiTest {
  private static final String JINJIANG = "510104";
  private static TestServer server;
  private static CaseFlows flows;
  private static OffsetDateTime now;
  private static String otherDistrict;

  @BeforeAll
  static void start() {
    server = TestServer.start(true);
    flows = new CaseFlows(server);
    now = OffsetDateTime.now(ZoneOffset.UTC);
    // A: closed on time, with 8000.00 recovered for 12 workers.
    JsonObject a = flows.file(CaseFlows.complaint(104.0805, 30.6570, 12));
    flows.close(a, "8000.00", 12);
    deadline(a, "SERVICE_CLOSE", now.plusDays(2), now.minusMinutes(1), null);
    deadline(a, "LEGAL_INVESTIGATE", now.plusDays(60), now.minusMinutes(1), null);
    // B: registered, its investigation limit passed half an hour ago: due, not closed, overdue.
    JsonObject b = flows.register(flows.file(CaseFlows.complaint(104.0810, 30.6572, 3)));
    deadline(b, "LEGAL_INVESTIGATE", now.minusMinutes(30), null, null);
    // C: 35 workers, closed ten minutes after its promise ran out: due, closed late.
    JsonObject c = flows.file(CaseFlows.complaint(104.0800, 30.6568, 35));
    // ... declared an incident (群体性事件) now: the period's one mass incident.
    HttpResponse<String> declared = server.as(io.gridwatch.auth.Role.SUPERVISOR).postJson("/api/incidents",
        new JsonObject().put("caseIds", new io.vertx.core.json.JsonArray().add(c.getLong("caseId"))).encode());
    assertThat(declared.statusCode()).as(declared.body()).isEqualTo(201);
    flows.close(c, "500.00", 3);
    deadline(c, "SERVICE_CLOSE", now.minusMinutes(20), now.minusMinutes(10), null);
    deadline(c, "LEGAL_INVESTIGATE", now.plusDays(60), now.minusMinutes(10), null);
    // D: due in three hours: not yet due to close.
    JsonObject d = flows.file(CaseFlows.complaint(104.0806, 30.6571, 2));
    deadline(d, "SERVICE_CLOSE", now.plusHours(3), null, null);
    // E: parked with a clock paused before it ran out: neither due nor overdue.
    JsonObject e = flows.file(CaseFlows.complaint(104.0807, 30.6569, 2));
    deadline(e, "SERVICE_CLOSE", now.minusHours(1), null, now.minusHours(2));
    // F: in another district, with an overdue promise: outside Jinjiang's figures.
    JsonObject f = flows.file(CaseFlows.complaint(104.0400, 30.6700, 4));
    otherDistrict = f.getString("cellCode").substring(0, 6);
    deadline(f, "SERVICE_CLOSE", now.minusMinutes(5), null, null);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** Sets one clock of a case as the deadline calculator would have left it (whether or not it wrote one). */
  private static void deadline(JsonObject c, String kind, OffsetDateTime due, OffsetDateTime met, OffsetDateTime paused) {
    server.app().pool().preparedQuery("""
            INSERT INTO case_deadline (case_id, kind, started_at, due_at, warn_at, met_at, paused_at)
            VALUES ($1, $2, $3, $4, $4 - interval '1 hour', $5, $6)
            ON CONFLICT (case_id, kind) DO UPDATE SET started_at = excluded.started_at, due_at = excluded.due_at,
              warn_at = excluded.warn_at, met_at = excluded.met_at, paused_at = excluded.paused_at""")
        .execute(Tuple.of(c.getLong("caseId"), kind, now.minusDays(3), due, met, paused)).await();
    // Any other clock of the case (if the case API writes them) must not interfere with the figures.
    server.app().pool().preparedQuery("UPDATE case_deadline SET due_at = $2, warn_at = $2 - interval '1 hour'"
            + " WHERE case_id = $1 AND met_at IS NULL AND kind NOT IN ('SERVICE_CLOSE', 'LEGAL_INVESTIGATE')")
        .execute(Tuple.of(c.getLong("caseId"), now.plusDays(30))).await();
  }

  private static String period() {
    return "from=" + enc(now.minusHours(1)) + "&to=" + enc(now.plusHours(1));
  }

  private static String enc(OffsetDateTime t) {
    return URLEncoder.encode(t.toString(), StandardCharsets.UTF_8);
  }

  private static List<String> fields(HttpResponse<String> r) {
    return TestServer.json(r).getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field")).toList();
  }

  private static JsonObject summary(TestServer.Client client, String query) {
    HttpResponse<String> r = client.get("/api/stats/summary?" + query);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return TestServer.json(r);
  }

  @Test
  void a_district_s_figures_count_its_cases_by_their_events_and_closing_deadlines() {
    JsonObject s = summary(server.as(Role.LEADER), period() + "&cell=" + JINJIANG);
    assertThat(s.getString("cell")).isEqualTo(JINJIANG);
    assertThat(s.getLong("received")).isEqualTo(5);
    assertThat(s.getLong("registered")).as("A, B and C were registered").isEqualTo(3);
    assertThat(s.getLong("closed")).isEqualTo(2);
    assertThat(s.getLong("open")).as("B, D and E").isEqualTo(3);
    assertThat(s.getLong("dueToClose")).as("A closed early, B and C fell due; D is not due, E is paused").isEqualTo(3);
    assertThat(s.getLong("closedOfDue")).isEqualTo(2);
    assertThat(s.getLong("closedOnTime")).isEqualTo(1);
    assertThat(s.getDouble("closureRate")).isEqualTo(0.6667);
    assertThat(s.getDouble("onTimeRate")).isEqualTo(0.3333);
    assertThat(s.getLong("overdue")).as("only B: C is closed, E paused, D not due").isEqualTo(1);
    assertThat(s.getLong("overdueDeadlines")).isEqualTo(1);
    assertThat(s.getString("amountRecovered")).isEqualTo("8500.00");
    assertThat(s.getLong("workersHelped")).isEqualTo(15);
    assertThat(s.getLong("massIncidents")).isEqualTo(1);
  }

  @Test
  void the_whole_city_adds_the_other_district_and_a_period_before_the_cases_counts_nothing_that_happened_later() {
    JsonObject city = summary(server.as(Role.OPERATOR), period());
    assertThat(city.getValue("cell")).isNull();
    assertThat(city.getLong("received")).isEqualTo(6);
    assertThat(city.getLong("overdue")).isEqualTo(2);
    assertThat(city.getLong("dueToClose")).isEqualTo(4);
    assertThat(city.getDouble("onTimeRate")).isEqualTo(0.25);

    JsonObject before = summary(server.as(Role.OPERATOR),
        "from=" + enc(now.minusDays(2)) + "&to=" + enc(now.minusDays(1)));
    assertThat(before.getLong("received")).isZero();
    assertThat(before.getLong("closed")).isZero();
    assertThat(before.getLong("dueToClose")).isZero();
    assertThat(before.getValue("closureRate")).as("nothing was due: no rate").isNull();
    assertThat(before.getValue("onTimeRate")).isNull();
    assertThat(before.getString("amountRecovered")).isEqualTo("0.00");
    assertThat(before.getLong("open")).as("open is as of now").isEqualTo(4);
  }

  @Test
  void a_scoped_user_gets_their_own_cell_by_default_and_may_not_ask_for_another() {
    User jinjiang = server.createUser("stats-supervisor-510104", Role.SUPERVISOR, JINJIANG, TestServer.PASSWORD);
    TestServer.Client client = server.withToken(server.newSession(jinjiang));
    JsonObject s = summary(client, period());
    assertThat(s.getString("cell")).isEqualTo(JINJIANG);
    assertThat(s.getLong("received")).isEqualTo(5);
    HttpResponse<String> other = client.get("/api/stats/summary?cell=" + otherDistrict);
    assertThat(other.statusCode()).as(other.body()).isEqualTo(403);
    assertThat(TestServer.json(other).getString("type")).endsWith("outside-scope");
  }

  @Test
  void the_default_period_is_today_in_china_standard_time() {
    JsonObject s = summary(server.as(Role.LEADER), "cell=" + JINJIANG);
    OffsetDateTime from = OffsetDateTime.parse(s.getString("from"));
    OffsetDateTime to = OffsetDateTime.parse(s.getString("to"));
    assertThat(from.getOffset()).isEqualTo(ZoneOffset.ofHours(8));
    assertThat(from.toLocalTime().toSecondOfDay()).isZero();
    assertThat(to).isEqualTo(from.plusDays(1));
    assertThat(OffsetDateTime.parse(s.getString("asOf"))).isBetween(from, to);
  }

  @Test
  void bad_parameters_name_every_field_and_an_unknown_cell_is_422() {
    HttpResponse<String> bad = server.as(Role.LEADER).get("/api/stats/summary?from=yesterday&cell=51x");
    assertThat(bad.statusCode()).as(bad.body()).isEqualTo(400);
    assertThat(fields(bad)).containsExactlyInAnyOrder("from", "cell");
    HttpResponse<String> backwards = server.as(Role.LEADER).get("/api/stats/summary?from=" + enc(now)
        + "&to=" + enc(now.minusHours(1)));
    assertThat(backwards.statusCode()).as(backwards.body()).isEqualTo(400);
    assertThat(fields(backwards)).containsExactly("to");
    HttpResponse<String> unknown = server.as(Role.LEADER).get("/api/stats/summary?cell=519999");
    assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(422);
  }

  @Test
  void administrators_read_no_case_figures() {
    HttpResponse<String> r = server.as(Role.ADMIN).get("/api/stats/summary");
    assertThat(r.statusCode()).isEqualTo(403);
  }
}
