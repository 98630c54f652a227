package io.gridwatch.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.auth.Role;
import io.gridwatch.auth.User;
import io.gridwatch.employers.CreditCode;
import io.gridwatch.testing.CaseFlows;
import io.gridwatch.testing.MutableClock;
import io.gridwatch.testing.NeedsDatabase;
import io.gridwatch.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * GET /api/stats/trend and /api/stats/ranking (and their CSV and XLSX exports) against a fixture
 * counted by hand, on a server of its own with an injected clock standing at "now" (day D in
 * China Standard Time). Every case is built through the API; then, since the store stamps events
 * with the database's time, each case's history is moved to 10:00 of its days (its events keep
 * their order), and its two closing clocks are set as the clock rules would have left them, as in
 * StatsApiTest. Every other unmet clock is pushed 30 days ahead so that it counts nowhere.
 *
 * <pre>
 * case  district  filed  events (day)                                   closing clocks (SC = SERVICE_CLOSE, LI = LEGAL_INVESTIGATE)
 * J1    Jinjiang  D-4    registered D-4; dispatched..closed D-3;         SC due D+3 met D-3 (on time); LI due D+80 met D-3
 *                        followed-up SATISFIED D-2; 1000.00, 5 workers
 * J2    Jinjiang  D-4    registered, dispatched D-4; accepted..closed    SC due D-3 10:00 met D-2 (late); LI due D+80 met D-2
 *                        D-2; followed-up DISSATISFIED D-1; 2000.00, 10
 * J3    Jinjiang  D-3    registered..verification-failed..resolved..     SC due D+4 met D-3 (on time); LI due D+80 met D-3
 *                        closed D-3 (one rework); 500.00, 2 workers
 * J4    Jinjiang  D-3    registered D-3; extended D-2 (open)             SC due D-2 09:00 unmet (overdue); LI due D+80
 * J5    Jinjiang  D-2    declined D-2                                    (none counted: declined)
 * J6    Jinjiang  D-2    merged into J4 D-2                              (none counted: merged)
 * J7    Jinjiang  D-1    35 workers, employer X; registered, dispatched  SC due D+6; LI due D+80
 * Q1    other     D-2    registered..closed D-2; followed-up SATISFIED   SC due D+5 met D-2 (on time); LI due D+80 met D-2
 *                        D-1; 300.00, 3 workers
 * Q2    other     D-1    20 workers, employer Y (received only)          SC due D+6
 * Q3    other     D-1    15 workers, employer Y (received only)          SC due D+6
 *
 * Ranking, level 1, period [D-4 00:00, D+1 00:00):
 * figure              Jinjiang                             other district
 * received            7 (J1-J7)                            3
 * registered          5 (J1 J2 J3 J4 J7)                   1
 * closed              3 (J1 J2 J3)                         1
 * open                2 (J4 J7)                            2 (Q2 Q3)
 * dueToClose          4 (J1 J2 J3 settled D-3, J4 D-2)     1
 * closedOfDue         3                                    1
 * closedOnTime        2 (J1 J3)                            1
 * closureRate         0.75                                 1.0
 * onTimeRate          0.5                                  1.0
 * legalDue/OnTime     3 / 3 (J1 J2 J3 met) -> 1.0          1 / 1 -> 1.0
 * promiseDue/OnTime   4 / 2 -> 0.5                         1 / 1 -> 1.0
 * disposed            3 of 5 registered -> 0.6             1 of 1 -> 1.0
 * resolved/reworked   3 / 1 (J3) -> 0.3333                 1 / 0 -> 0.0
 * extended            1 (J4) of 5 -> 0.2                   0 of 1 -> 0.0
 * followedUp/satisf.  2 / 1 -> 0.5                         1 / 1 -> 1.0
 * overdue             1 (J4)                               0
 * amountRecovered     3500.00                              300.00
 * workersHelped       17                                   3
 * massIncidents       1 (incident of X: J7, 35 workers)    1 (incident of Y: Q2 + Q3, 35)
 * massIncidentGroups  1 (employer X: 35)                   1 (employer Y: 20 + 15)
 *
 * Trend of Jinjiang, days=5 (D-4 .. D):
 * day  received registered dispatched closed dueToClose closedOfDue closedOnTime closureRate onTimeRate overdueAtEnd mass
 * D-4  2        2          1 (J2)     0      0          0           0            null        null       0            0
 * D-3  2        2          2 (J1 J3)  2      3 (J1J2J3) 3           2            1.0         0.6667     1 (J2)       0
 * D-2  2        0          0          1 (J2) 1 (J4)     0           0            0.0         0.0        1 (J4)       0
 * D-1  1        1          1 (J7)     0      0          0           0            null        null       1 (J4)       1
 * D    0        0          0          0      0          0           0            null        null       1 (J4)       0
 * </pre>
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@NeedsDatabase
class FiguresApiTest {
  private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
  private static final String JINJIANG = "510104";
  private static final String EMPLOYER_X = code("91510100MA6123457");
  private static final String EMPLOYER_Y = code("91510100MA6123458");
  private static MutableClock clock;
  private static TestServer server;
  private static CaseFlows flows;
  private static LocalDate today;
  private static String other;
  private static User inspectorA;
  private static User inspectorB;

  @BeforeAll
  static void start() {
    clock = MutableClock.startingNow();
    server = TestServer.start(true, Map.of(), clock);
    flows = new CaseFlows(server);
    today = LocalDate.now(clock.withZone(ZONE));
    inspectorA = server.createUser("figures-a-" + UUID.randomUUID().toString().substring(0, 8), Role.INSPECTOR, null,
        TestServer.PASSWORD);
    inspectorB = server.createUser("figures-b-" + UUID.randomUUID().toString().substring(0, 8), Role.INSPECTOR, null,
        TestServer.PASSWORD);

    JsonObject j1 = closed(jinjiang(5, null), "1000.00", 5, false);
    followUp(j1, "SATISFIED");
    history(j1, -4, Map.of("registered", -4, "dispatched", -3, "accepted", -3, "arrived", -3,
        "investigation-started", -3, "resolved", -3, "verified", -3, "closed", -3, "followed-up", -2));
    clocks(j1, at(3, 10), at(-3, 10), at(80, 0), at(-3, 10));

    JsonObject j2 = closed(jinjiang(10, null), "2000.00", 10, false);
    followUp(j2, "DISSATISFIED");
    history(j2, -4, Map.of("registered", -4, "dispatched", -4, "accepted", -2, "arrived", -2,
        "investigation-started", -2, "resolved", -2, "verified", -2, "closed", -2, "followed-up", -1));
    clocks(j2, at(-3, 10), at(-2, 10), at(80, 0), at(-2, 10));

    JsonObject j3 = closed(jinjiang(2, null), "500.00", 2, true);
    history(j3, -3, Map.of());
    clocks(j3, at(4, 10), at(-3, 10), at(80, 0), at(-3, 10));

    JsonObject j4 = flows.register(jinjiang(4, null));
    j4 = flows.act(server.as(Role.SUPERVISOR), j4, "extend", new JsonObject().put("clock", "INVESTIGATION")
        .put("workingDays", 5).put("reason", "证据调取需要时间"));
    history(j4, -3, Map.of("extended", -2));
    clocks(j4, at(-2, 9), null, at(80, 0), null);

    JsonObject j5 = jinjiang(3, null);
    flows.act(server.as(Role.SUPERVISOR), j5, "decline", new JsonObject().put("reason", "不属于劳动保障监察范围"));
    history(j5, -2, Map.of());
    clocks(j5, at(5, 10), null, null, null);

    JsonObject j6 = jinjiang(4, null);
    flows.act(server.as(Role.OPERATOR), j6, "merge", new JsonObject().put("intoCaseId", j4.getLong("caseId"))
        .put("reason", "重复投诉"));
    history(j6, -2, Map.of());
    clocks(j6, at(5, 10), null, null, null);

    JsonObject j7 = flows.register(jinjiang(35, EMPLOYER_X));
    dispatch(j7);
    history(j7, -1, Map.of());
    clocks(j7, at(6, 10), null, at(80, 0), null);

    JsonObject q1 = closed(flows.file(CaseFlows.complaint(104.0400, 30.6700, 3)), "300.00", 3, false);
    other = q1.getString("cellCode").substring(0, 6);
    assertThat(other).isNotEqualTo(JINJIANG);
    followUp(q1, "SATISFIED");
    history(q1, -2, Map.of("followed-up", -1));
    clocks(q1, at(5, 10), at(-2, 10), at(80, 0), at(-2, 10));
    for (int workers : new int[] {20, 15}) {
      JsonObject q = flows.file(CaseFlows.complaint(104.0400, 30.6700, workers).put("employer",
          new JsonObject().put("name", "成都某劳务公司").put("creditCode", EMPLOYER_Y)));
      history(q, -1, Map.of());
      clocks(q, at(6, 10), null, null, null);
    }
    // The detector opens the mass incidents of employer X (J7: 35 workers) and Y (Q2 + Q3: 35);
    // for the figures they opened when their last case was filed, D-1 10:00.
    for (String employer : List.of(EMPLOYER_X, EMPLOYER_Y)) {
      long end = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
      while (server.app().pool().preparedQuery("SELECT count(*) AS n FROM incident WHERE key_value = $1")
          .execute(Tuple.of(employer)).await().iterator().next().getLong("n") == 0) {
        assertThat(System.nanoTime()).as("the incident of " + employer + " opens").isLessThan(end);
        server.app().incidentSweeper().sweep().await();
      }
    }
    server.app().pool().preparedQuery("UPDATE incident SET opened_at = $1").execute(Tuple.of(at(-1, 10))).await();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String code(String first17) {
    return first17 + CreditCode.checkCharacter(first17);
  }

  /** 10:00 (or {@code hour}) in China Standard Time, {@code day} days from today. */
  private static OffsetDateTime at(int day, int hour) {
    return today.plusDays(day).atTime(hour, 0).atZone(ZONE).toOffsetDateTime();
  }

  private static JsonObject jinjiang(int workers, String creditCode) {
    JsonObject body = CaseFlows.complaint(104.0805, 30.6570, workers);
    if (creditCode != null) {
      body.put("employer", new JsonObject().put("name", "成都某建筑劳务有限公司").put("creditCode", creditCode));
    }
    JsonObject c = flows.file(body);
    assertThat(c.getString("cellCode")).startsWith(JINJIANG);
    return c;
  }

  private static JsonObject dispatch(JsonObject c) {
    return flows.act(server.as(Role.OPERATOR), c, "dispatch",
        new JsonObject().put("inspectors", new JsonArray().add(inspectorA.id()).add(inspectorB.id())));
  }

  /** Through the whole workflow to CLOSED, with one failed verification (返工) when {@code rework}. */
  private static JsonObject closed(JsonObject c, String wages, int workers, boolean rework) {
    TestServer.Client a = server.withToken(server.newSession(inspectorA));
    TestServer.Client b = server.withToken(server.newSession(inspectorB));
    JsonObject outcome = new JsonObject().put("outcome", new JsonObject().put("wagesRecovered", wages)
        .put("workersHelped", workers).put("action", "ORDER_TO_RECTIFY"));
    JsonObject s = dispatch(flows.register(c));
    s = flows.act(a, s, "accept", null);
    s = flows.act(b, s, "accept", null);
    s = flows.act(b, s, "arrive", null);
    s = flows.act(a, s, "investigate", null);
    s = flows.act(a, s, "resolve", outcome);
    if (rework) {
      s = flows.act(server.as(Role.SUPERVISOR), s, "verify", new JsonObject().put("passed", false)
          .put("reason", "工资未足额支付"));
      s = flows.act(a, s, "resolve", outcome);
    }
    s = flows.act(server.as(Role.SUPERVISOR), s, "verify", new JsonObject().put("passed", true));
    return flows.act(server.as(Role.SUPERVISOR), s, "close", null);
  }

  private static void followUp(JsonObject c, String satisfaction) {
    flows.act(server.as(Role.OPERATOR), c, "follow-up", new JsonObject().put("satisfaction", satisfaction));
  }

  /**
   * Moves the case's history to 10:00 of day {@code filed} (from today), keeping each event's
   * distance from the filing; events of the types in {@code moved} go to 10:00 of their own day
   * instead, with the same distance.
   */
  private static void history(JsonObject c, int filed, Map<String, Integer> moved) {
    long id = c.getLong("caseId");
    server.app().pool().preparedQuery("""
            UPDATE case_event e SET at = $2 + (e.at - f.created_at)
            FROM case_file f WHERE f.id = $1 AND e.case_id = $1""")
        .execute(Tuple.of(id, at(filed, 10))).await();
    for (Map.Entry<String, Integer> m : moved.entrySet()) {
      server.app().pool().preparedQuery("""
              UPDATE case_event e SET at = $3 + (e.at - $4::timestamptz)
              WHERE e.case_id = $1 AND e.type = $2""")
          .execute(Tuple.of(id, m.getKey(), at(m.getValue(), 10), at(filed, 10))).await();
    }
    server.app().pool().preparedQuery("UPDATE case_file SET created_at = $2 WHERE id = $1")
        .execute(Tuple.of(id, at(filed, 10))).await();
  }

  /** Sets the two closing clocks (no LEGAL_INVESTIGATE row when {@code legalDue} is null); pushes every other unmet clock ahead. */
  private static void clocks(JsonObject c, OffsetDateTime serviceDue, OffsetDateTime serviceMet,
      OffsetDateTime legalDue, OffsetDateTime legalMet) {
    long id = c.getLong("caseId");
    server.app().pool().preparedQuery("UPDATE case_deadline SET due_at = $2, warn_at = $2 - interval '1 hour'"
            + " WHERE case_id = $1 AND met_at IS NULL AND kind NOT IN ('SERVICE_CLOSE', 'LEGAL_INVESTIGATE')")
        .execute(Tuple.of(id, at(30, 10))).await();
    server.app().pool().preparedQuery("DELETE FROM case_deadline WHERE case_id = $1"
            + " AND kind IN ('SERVICE_CLOSE', 'LEGAL_INVESTIGATE')").execute(Tuple.of(id)).await();
    deadline(id, "SERVICE_CLOSE", serviceDue, serviceMet);
    if (legalDue != null) {
      deadline(id, "LEGAL_INVESTIGATE", legalDue, legalMet);
    }
  }

  private static void deadline(long id, String kind, OffsetDateTime due, OffsetDateTime met) {
    server.app().pool().preparedQuery("""
            INSERT INTO case_deadline (case_id, kind, started_at, due_at, warn_at, met_at, paused_at)
            VALUES ($1, $2, $3, $4, $4 - interval '1 hour', $5, NULL)""")
        .execute(Tuple.of(id, kind, at(-5, 0), due, met)).await();
  }

  private static JsonObject ok(TestServer.Client client, String path) {
    HttpResponse<String> r = client.get(path);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    return TestServer.json(r);
  }

  private static String period() {
    return "&from=" + URLEncoder.encode(at(-4, 0).toString(), StandardCharsets.UTF_8)
        + "&to=" + URLEncoder.encode(at(1, 0).toString(), StandardCharsets.UTF_8);
  }

  private static Map<String, JsonObject> byCell(JsonObject ranking) {
    Map<String, JsonObject> m = new HashMap<>();
    ranking.getJsonArray("items").forEach(i -> m.put(((JsonObject) i).getString("cellCode"), (JsonObject) i));
    return m;
  }

  /** The hand count of the ranking (see the class comment), as the JSON should carry it. */
  private static final Map<String, Object> JINJIANG_COUNT = ordered(
      "received", 7, "registered", 5, "closed", 3, "open", 2, "dueToClose", 4, "closedOfDue", 3, "closedOnTime", 2,
      "closureRate", 0.75, "onTimeRate", 0.5, "legalDue", 3, "legalOnTime", 3, "legalOnTimeRate", 1.0,
      "promiseDue", 4, "promiseOnTime", 2, "promiseOnTimeRate", 0.5, "disposed", 3, "disposalRate", 0.6,
      "resolved", 3, "reworked", 1, "reworkRate", 0.3333, "extended", 1, "extensionRate", 0.2,
      "followedUp", 2, "satisfied", 1, "satisfactionRate", 0.5, "overdue", 1, "overdueDeadlines", 1,
      "amountRecovered", "3500.00", "workersHelped", 17, "massIncidents", 1, "massIncidentGroups", 1, "parked", 0);
  private static final Map<String, Object> OTHER_COUNT = ordered(
      "received", 3, "registered", 1, "closed", 1, "open", 2, "dueToClose", 1, "closedOfDue", 1, "closedOnTime", 1,
      "closureRate", 1.0, "onTimeRate", 1.0, "legalDue", 1, "legalOnTime", 1, "legalOnTimeRate", 1.0,
      "promiseDue", 1, "promiseOnTime", 1, "promiseOnTimeRate", 1.0, "disposed", 1, "disposalRate", 1.0,
      "resolved", 1, "reworked", 0, "reworkRate", 0.0, "extended", 0, "extensionRate", 0.0,
      "followedUp", 1, "satisfied", 1, "satisfactionRate", 1.0, "overdue", 0, "overdueDeadlines", 0,
      "amountRecovered", "300.00", "workersHelped", 3, "massIncidents", 1, "massIncidentGroups", 1, "parked", 0);

  private static Map<String, Object> ordered(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  private static void assertCounts(JsonObject row, Map<String, Object> count) {
    count.forEach((k, v) -> {
      if (v instanceof Double d) {
        assertThat(row.getDouble(k)).as(row.getString("cellCode") + " " + k).isEqualTo(d);
      } else if (v instanceof Integer n) {
        assertThat(row.getLong(k)).as(row.getString("cellCode") + " " + k).isEqualTo(n.longValue());
      } else {
        assertThat(row.getValue(k)).as(row.getString("cellCode") + " " + k).isEqualTo(v);
      }
    });
  }

  @Test
  void the_ranking_of_the_districts_equals_the_hand_count() {
    JsonObject r = ok(server.as(Role.LEADER), "/api/stats/ranking?level=1" + period());
    assertThat(r.getInteger("level")).isEqualTo(1);
    assertThat(r.getString("sort")).isEqualTo("overdue");
    Map<String, JsonObject> cells = byCell(r);
    assertCounts(cells.get(JINJIANG), JINJIANG_COUNT);
    assertCounts(cells.get(other), OTHER_COUNT);
    assertThat(cells.get(JINJIANG).getString("name")).isNotBlank();
    // Every other district counts nothing.
    cells.forEach((code, row) -> {
      if (!code.equals(JINJIANG) && !code.equals(other)) {
        assertThat(row.getLong("received")).as(code).isZero();
        assertThat(row.getValue("closureRate")).as(code).isNull();
      }
    });
    // Default order: overdue desc (Jinjiang 1), then closure rate asc, no rate last.
    JsonArray items = r.getJsonArray("items");
    assertThat(items.getJsonObject(0).getString("cellCode")).isEqualTo(JINJIANG);
    assertThat(items.getJsonObject(0).getInteger("rank")).isEqualTo(1);
    assertThat(items.getJsonObject(1).getString("cellCode")).isEqualTo(other);
    // sort=closureRate: lowest first (Jinjiang 0.75, the other 1.0), cells without a rate last.
    JsonArray byRate = ok(server.as(Role.LEADER), "/api/stats/ranking?sort=closureRate" + period()).getJsonArray("items");
    assertThat(byRate.getJsonObject(0).getString("cellCode")).isEqualTo(JINJIANG);
    assertThat(byRate.getJsonObject(1).getString("cellCode")).isEqualTo(other);
  }

  @Test
  void level_two_and_three_rows_add_up_to_the_district() {
    for (int level : new int[] {2, 3}) {
      JsonObject r = ok(server.as(Role.LEADER), "/api/stats/ranking?level=" + level + "&cell=" + JINJIANG + period());
      long received = 0;
      long closedOnTime = 0;
      long overdue = 0;
      for (Object o : r.getJsonArray("items")) {
        JsonObject row = (JsonObject) o;
        assertThat(row.getString("cellCode")).startsWith(JINJIANG).hasSize(3 + 3 * level);
        received += row.getLong("received");
        closedOnTime += row.getLong("closedOnTime");
        overdue += row.getLong("overdue");
      }
      assertThat(received).as("level " + level).isEqualTo(7);
      assertThat(closedOnTime).isEqualTo(2);
      assertThat(overdue).isEqualTo(1);
    }
  }

  private static final long[][] TREND = {
      // received registered dispatched closed dueToClose closedOfDue closedOnTime overdueAtEnd massIncidents
      {2, 2, 1, 0, 0, 0, 0, 0, 0},
      {2, 2, 2, 2, 3, 3, 2, 1, 0},
      {2, 0, 0, 1, 1, 0, 0, 1, 0},
      {1, 1, 1, 0, 0, 0, 0, 1, 1},
      {0, 0, 0, 0, 0, 0, 0, 1, 0}};
  private static final String[] TREND_KEYS = {"received", "registered", "dispatched", "closed", "dueToClose",
      "closedOfDue", "closedOnTime", "overdueAtEnd", "massIncidents"};
  private static final Double[][] TREND_RATES = {{null, null}, {1.0, 0.6667}, {0.0, 0.0}, {null, null},
      {null, null}};

  @Test
  void the_trend_of_a_district_equals_the_hand_count_day_by_day() {
    JsonObject t = ok(server.as(Role.LEADER), "/api/stats/trend?days=5&cell=" + JINJIANG);
    JsonArray days = t.getJsonArray("days");
    assertThat(days).hasSize(5);
    for (int d = 0; d < 5; d++) {
      JsonObject day = days.getJsonObject(d);
      assertThat(day.getString("date")).isEqualTo(today.minusDays(4 - d).toString());
      for (int k = 0; k < TREND_KEYS.length; k++) {
        assertThat(day.getLong(TREND_KEYS[k])).as(day.getString("date") + " " + TREND_KEYS[k]).isEqualTo(TREND[d][k]);
      }
      assertThat(day.getDouble("closureRate")).as(day.getString("date")).isEqualTo(TREND_RATES[d][0]);
      assertThat(day.getDouble("onTimeRate")).as(day.getString("date")).isEqualTo(TREND_RATES[d][1]);
    }
    // The default is 30 days, ending today; the city adds the other district.
    JsonArray city = ok(server.as(Role.LEADER), "/api/stats/trend").getJsonArray("days");
    assertThat(city).hasSize(30);
    assertThat(city.getJsonObject(29).getString("date")).isEqualTo(today.toString());
    long received = city.stream().mapToLong(o -> ((JsonObject) o).getLong("received")).sum();
    assertThat(received).isEqualTo(10);
  }

  @Test
  void a_district_user_sees_only_their_district() {
    User u = server.createUser("figures-sup-" + UUID.randomUUID().toString().substring(0, 8), Role.SUPERVISOR,
        JINJIANG, TestServer.PASSWORD);
    TestServer.Client jj = server.withToken(server.newSession(u));
    JsonObject r = ok(jj, "/api/stats/ranking" + "?" + period().substring(1));
    assertThat(r.getJsonArray("items")).hasSize(1);
    assertCounts(r.getJsonArray("items").getJsonObject(0), JINJIANG_COUNT);
    JsonArray days = ok(jj, "/api/stats/trend?days=5").getJsonArray("days");
    assertThat(days.stream().mapToLong(o -> ((JsonObject) o).getLong("received")).sum()).isEqualTo(7);
    for (String path : List.of("/api/stats/ranking?cell=" + other, "/api/stats/trend?cell=" + other,
        "/api/stats/trend?format=csv&cell=" + other)) {
      HttpResponse<String> no = jj.get(path);
      assertThat(no.statusCode()).as(path).isEqualTo(403);
      assertThat(TestServer.json(no).getString("type")).endsWith("outside-scope");
    }
    assertThat(server.as(Role.ADMIN).get("/api/stats/ranking").statusCode()).isEqualTo(403);
    assertThat(server.as(Role.ADMIN).get("/api/stats/trend").statusCode()).isEqualTo(403);
  }

  @Test
  void bad_parameters_are_400_problems_naming_each_field() {
    HttpResponse<String> bad = server.as(Role.LEADER).get("/api/stats/trend?days=367&cell=51x&format=pdf&lang=fr");
    assertThat(bad.statusCode()).as(bad.body()).isEqualTo(400);
    assertThat(bad.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    assertThat(fields(bad)).containsExactlyInAnyOrder("days", "cell", "format", "lang");
    assertThat(fields(server.as(Role.LEADER).get("/api/stats/trend?days=0"))).containsExactly("days");
    HttpResponse<String> r = server.as(Role.LEADER).get("/api/stats/ranking?level=4&sort=name");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(fields(r)).containsExactlyInAnyOrder("level", "sort");
    assertThat(fields(server.as(Role.LEADER).get("/api/stats/ranking?from=yesterday"))).containsExactly("from");
    assertThat(fields(server.as(Role.LEADER).get("/api/stats/ranking?from=" + URLEncoder.encode(at(0, 0).toString(),
        StandardCharsets.UTF_8) + "&to=" + URLEncoder.encode(at(-1, 0).toString(), StandardCharsets.UTF_8))))
        .containsExactly("to");
    HttpResponse<String> deep = server.as(Role.LEADER).get("/api/stats/ranking?level=1&cell=" + JINJIANG + "001");
    assertThat(deep.statusCode()).as(deep.body()).isEqualTo(400);
    assertThat(fields(deep)).containsExactly("level");
    assertThat(server.as(Role.LEADER).get("/api/stats/ranking?cell=519999").statusCode()).isEqualTo(422);
  }

  private static List<String> fields(HttpResponse<String> r) {
    return TestServer.json(r).getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field")).toList();
  }

  private static HttpResponse<byte[]> bytes(String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(server.uri(path))
        .header("Authorization", "Bearer " + server.as(Role.LEADER).token()).GET().build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
  }

  /** Parses CSV (RFC 4180) into rows of fields. */
  private static List<List<String>> parseCsv(String text) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder f = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          f.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          f.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        row.add(f.toString());
        f.setLength(0);
      } else if (c == '\r') {
        row.add(f.toString());
        f.setLength(0);
        rows.add(row);
        row = new ArrayList<>();
        i++;
      } else {
        f.append(c);
      }
    }
    return rows;
  }

  @Test
  void the_csv_export_carries_the_same_numbers_with_a_bom_and_chinese_headers() throws Exception {
    HttpResponse<byte[]> r = bytes("/api/stats/ranking?format=csv" + period());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
    assertThat(r.headers().firstValue("Content-Disposition").orElse("")).contains("attachment").contains(".csv");
    byte[] b = r.body();
    assertThat(new byte[] {b[0], b[1], b[2]}).containsExactly(0xEF, 0xBB, 0xBF);
    List<List<String>> rows = parseCsv(new String(b, 3, b.length - 3, StandardCharsets.UTF_8));
    List<String> header = rows.get(0);
    assertThat(header).startsWith("名次", "网格编码", "网格名称", "接收数").contains("结案率", "按期结案率", "处置率",
        "返工率", "延期率", "满意度", "追回金额(元)", "涉及人数", "超期案件数");
    List<String> jj = rows.stream().filter(row -> row.get(1).equals(JINJIANG)).findFirst().orElseThrow();
    Map<String, String> cells = new HashMap<>();
    for (int i = 0; i < header.size(); i++) {
      cells.put(header.get(i), jj.get(i));
    }
    assertThat(cells).containsEntry("名次", "1").containsEntry("接收数", "7").containsEntry("结案率", "0.75")
        .containsEntry("按期结案率", "0.5").containsEntry("返工率", "0.3333").containsEntry("满意度", "0.5")
        .containsEntry("追回金额(元)", "3500.00").containsEntry("涉及人数", "17").containsEntry("超期案件数", "1");
    List<List<String>> en = parseCsv(new String(bytes("/api/stats/trend?format=csv&lang=en&days=5&cell=" + JINJIANG)
        .body(), StandardCharsets.UTF_8).substring(1));
    assertThat(en.get(0)).startsWith("date", "received", "registered");
    assertThat(en).hasSize(6);
    assertThat(en.get(2)).startsWith(today.minusDays(3).toString(), "2", "2", "2", "2", "3", "3", "2", "1.0", "0.6667");
  }

  @Test
  void the_csv_writer_quotes_and_defuses_formulas() {
    Table t = new Table("t", List.of(new Table.Column("a", "甲", "a"), new Table.Column("n", "数", "n")), List.of(
        new JsonObject().put("a", "=HYPERLINK(\"http://x\",\"y\")").put("n", -3),
        new JsonObject().put("a", "+1, \"two\"\nthree").put("n", 1.5),
        new JsonObject().put("a", "@SUM(A1)").put("n", (Object) null),
        new JsonObject().put("a", "-2").put("n", 0)));
    String csv = new String(Csv.write(t, false), StandardCharsets.UTF_8);
    assertThat(csv).isEqualTo("\uFEFF甲,数\r\n"
        + "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",-3\r\n"
        + "\"'+1, \"\"two\"\"\nthree\",1.5\r\n"
        + "'@SUM(A1),\r\n"
        + "'-2,0\r\n");
  }

  @Test
  void the_xlsx_export_reads_back_with_the_same_numbers_in_java_and_in_python() throws Exception {
    HttpResponse<byte[]> r = bytes("/api/stats/ranking?format=xlsx" + period());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse(""))
        .isEqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    Map<String, byte[]> parts = new HashMap<>();
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(r.body()))) {
      for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        parts.put(e.getName(), zip.readAllBytes());
      }
    }
    assertThat(parts).containsKeys("[Content_Types].xml", "_rels/.rels", "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml");
    List<List<String>> rows = sheet(parts.get("xl/worksheets/sheet1.xml"));
    List<String> header = rows.get(0);
    List<String> jj = rows.stream().filter(row -> row.get(1).equals(JINJIANG)).findFirst().orElseThrow();
    assertThat(jj.get(header.indexOf("接收数"))).isEqualTo("7");
    assertThat(jj.get(header.indexOf("结案率"))).isEqualTo("0.75");
    assertThat(jj.get(header.indexOf("追回金额(元)"))).isEqualTo("3500.00");

    // An independent reader: Python's zipfile and ElementTree, as a spreadsheet program would unpack it.
    Path file = Files.createTempFile("ranking", ".xlsx");
    Files.write(file, r.body());
    Process p = new ProcessBuilder("python3", "-c", """
        import sys, zipfile, xml.etree.ElementTree as ET
        ns = {'m': 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'}
        z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None
        ET.fromstring(z.read('[Content_Types].xml')); ET.fromstring(z.read('xl/workbook.xml'))
        rows = []
        for row in ET.fromstring(z.read('xl/worksheets/sheet1.xml')).iter('{%s}row' % ns['m']):
            cells = []
            for c in row.findall('m:c', ns):
                v = c.find('m:v', ns)
                cells.append(v.text if v is not None else ''.join(t.text or '' for t in c.iter('{%s}t' % ns['m'])))
            rows.append(cells)
        h = rows[0]
        jj = [r for r in rows if r[1] == '510104'][0]
        print(jj[h.index('接收数')], jj[h.index('按期结案率')], jj[h.index('涉及人数')], len(rows))
        """, file.toString()).redirectErrorStream(true).start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).isEqualTo("7 0.5 17 " + rows.size());
    Files.delete(file);
  }

  /**
   * Last (it moves the clock, and puts it back): a week on, the trend ends a week later, J7's
   * promise (due D+6 10:00, unmet) has settled on D+6 and is overdue from then on, beside J4.
   */
  @Test
  @Order(Integer.MAX_VALUE)
  void the_days_and_the_overdue_move_with_the_clock() {
    clock.advance(Duration.ofDays(7));
    try {
      TestServer.Client leader = server.asNew(Role.LEADER); // a week without activity ends a session
      JsonArray days = ok(leader, "/api/stats/trend?days=10&cell=" + JINJIANG).getJsonArray("days");
      assertThat(days).hasSize(10);
      Map<String, long[]> got = new LinkedHashMap<>();
      days.forEach(o -> {
        JsonObject d = (JsonObject) o;
        got.put(d.getString("date"), new long[] {d.getLong("dueToClose"), d.getLong("closedOfDue"),
            d.getLong("overdueAtEnd")});
      });
      // D-2: J4 settles unmet; D-1 .. D+5: J4 alone overdue; D+6: J7 settles unmet, two overdue.
      assertThat(got.get(today.minusDays(2).toString())).containsExactly(1, 0, 1);
      assertThat(got.get(today.plusDays(5).toString())).containsExactly(0, 0, 1);
      assertThat(got.get(today.plusDays(6).toString())).containsExactly(1, 0, 2);
      assertThat(got.get(today.plusDays(7).toString())).containsExactly(0, 0, 2);
      assertThat(days.getJsonObject(9).getString("date")).isEqualTo(today.plusDays(7).toString());
      assertThat(days.getJsonObject(8).getDouble("closureRate")).isEqualTo(0.0);

      JsonObject jj = byCell(ok(leader, "/api/stats/ranking")).get(JINJIANG);
      assertThat(jj.getLong("overdue")).isEqualTo(2);
      assertThat(jj.getLong("received")).as("nothing filed in the default period, today").isZero();
      assertThat(jj.getLong("open")).as("open is as of now, whatever the period").isEqualTo(2);
    } finally {
      clock.advance(Duration.ofDays(-7));
    }
  }

  /** The sheet's rows as text (numbers as written, inline strings' text). */
  private static List<List<String>> sheet(byte[] xml) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    List<List<String>> rows = new ArrayList<>();
    NodeList rowNodes = doc.getElementsByTagNameNS("*", "row");
    for (int i = 0; i < rowNodes.getLength(); i++) {
      List<String> row = new ArrayList<>();
      NodeList cs = ((Element) rowNodes.item(i)).getElementsByTagNameNS("*", "c");
      for (int j = 0; j < cs.getLength(); j++) {
        row.add(cs.item(j).getTextContent());
      }
      rows.add(row);
    }
    return rows;
  }
}
