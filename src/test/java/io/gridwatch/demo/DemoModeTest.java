package io.gridwatch.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.gridwatch.auth.Role;
import io.gridwatch.auth.Scope;
import io.gridwatch.auth.User;
import io.gridwatch.employers.CreditCode;
import io.gridwatch.geo.model.GridCell;
import io.gridwatch.geo.GridResolver;
import io.gridwatch.testing.NeedsDatabase;
import io.gridwatch.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code --demo} on the demo city with a fast complaint rate and a fixed seed: the registry, the
 * field staff, the stream of complaints, cases moving through the workflow, and a restart.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@NeedsDatabase
class DemoModeTest {
  private static final String PASSWORD = "demo password for tests";
  private static final Duration PATIENCE = Duration.ofSeconds(240);
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(true, Map.of("GRIDWATCH_DEMO_PASSWORD", PASSWORD,
        "GRIDWATCH_DEMO_COMPLAINTS_PER_MINUTE", "1200", "GRIDWATCH_DEMO_SEED", "42"), Clock.systemUTC(), true);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static List<Row> rows(String sql, Object... args) {
    List<Row> out = new ArrayList<>();
    server.app().pool().preparedQuery(sql).execute(Tuple.from(args)).await().forEach(out::add);
    return out;
  }

  private static long scalar(String sql, Object... args) {
    return rows(sql, args).get(0).getLong(0);
  }

  /** Waits until {@code condition} holds: the traffic runs on its own timers. */
  private static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("gave up waiting after " + PATIENCE + " until " + what);
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  private static Map<Long, User> usersById() {
    return server.app().accounts().admin().list().await().stream().collect(Collectors.toMap(User::id, u -> u));
  }

  @Test
  @Order(1)
  void the_registry_holds_a_few_hundred_employers_inside_their_cells_with_valid_codes() {
    HttpResponse<String> r = server.as(Role.LEADER).get("/api/employers?limit=500");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonObject page = TestServer.json(r);
    assertThat(page.getLong("total")).isBetween(300L, 500L);
    GridResolver resolver = server.app().grid().snapshot().resolver();
    Map<String, Integer> byDistrict = new HashMap<>();
    for (Object o : page.getJsonArray("items")) {
      JsonObject e = (JsonObject) o;
      String code = e.getString("creditCode");
      String cell = e.getString("cellCode");
      assertThat(CreditCode.problem(code)).as(code).isEmpty();
      assertThat(code.substring(2, 8)).isEqualTo(cell.substring(0, 6));
      var where = resolver.resolve(e.getJsonObject("location").getDouble("lon"), e.getJsonObject("location").getDouble("lat"));
      assertThat(where).as(e.getString("name")).isPresent();
      assertThat(where.get().deepest().code()).isEqualTo(cell);
      assertThat(where.get().deepest().level()).isEqualTo(3);
      assertThat(e.getString("name")).matches("\\p{IsHan}+");
      byDistrict.merge(cell.substring(0, 6), 1, Integer::sum);
    }
    int central = DemoEmployers.CENTRAL.stream().mapToInt(d -> byDistrict.getOrDefault(d, 0)).sum();
    assertThat(central).isGreaterThan(page.getJsonArray("items").size() * 2 / 5);
    assertThat(server.audit("employer.seed-demo")).hasSize(1);
  }

  @Test
  @Order(2)
  void every_district_has_two_inspectors_and_two_assistants_who_log_in_with_the_demo_password() {
    Map<String, User> byName = server.app().accounts().admin().list().await().stream()
        .collect(Collectors.toMap(User::username, u -> u));
    List<GridCell> districts = server.app().grid().snapshot().resolver().cells(1, null);
    assertThat(districts).hasSize(20);
    for (GridCell d : districts) {
      for (int n = 1; n <= 2; n++) {
        User inspector = byName.get("inspector_" + d.code() + "_" + n);
        User assistant = byName.get("assistant_" + d.code() + "_" + n);
        assertThat(inspector).as(d.name()).isNotNull();
        assertThat(inspector.role()).isEqualTo(Role.INSPECTOR);
        assertThat(inspector.gridCode()).isEqualTo(d.code());
        assertThat(assistant.role()).isEqualTo(Role.ASSISTANT);
        assertThat(assistant.gridCode()).isEqualTo(d.code());
      }
    }
    HttpResponse<String> login = server.login("inspector_510105_1", PASSWORD);
    assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
    // A district inspector sees the employers of their district only.
    JsonObject page = TestServer.json(server.withToken(TestServer.token(login)).get("/api/employers?limit=500"));
    assertThat(page.getLong("total")).isPositive();
    assertThat(page.getJsonArray("items")).allMatch(o -> ((JsonObject) o).getString("cellCode").startsWith("510105"));
  }

  @Test
  @Order(3)
  void complaints_stream_in_over_several_districts_categories_and_channels() {
    await("80 complaints are filed", () -> scalar("SELECT count(*) FROM case_file") >= 80);
    Map<Long, User> users = usersById();
    List<Row> cases = rows("SELECT c.category, c.channel, c.cell_code, c.taken_by, c.workers_involved,"
        + " c.employer_name, (SELECT count(*) FROM employer e WHERE e.name = c.employer_name) AS registered"
        + " FROM case_file c ORDER BY c.id LIMIT 80");
    Map<String, Integer> categories = new HashMap<>();
    Set<String> districts = new HashSet<>();
    Set<String> channels = new HashSet<>();
    for (Row c : cases) {
      categories.merge(c.getString("category"), 1, Integer::sum);
      channels.add(c.getString("channel"));
      assertThat(c.getString("cell_code")).as("placed in a cell").isNotNull().hasSize(12);
      districts.add(c.getString("cell_code").substring(0, 6));
      assertThat(c.getLong("registered")).as(c.getString("employer_name")).isEqualTo(1);
      User filer = users.get(c.getLong("taken_by"));
      if (c.getString("channel").equals("PATROL")) {
        assertThat(filer.role()).isIn(Role.ASSISTANT, Role.OPERATOR);
      } else {
        assertThat(filer.username()).isEqualTo("operator1");
      }
      assertThat(c.getInteger("workers_involved")).isBetween(1, 200);
    }
    assertThat(districts).hasSizeGreaterThanOrEqualTo(5);
    assertThat(categories.keySet()).hasSizeGreaterThanOrEqualTo(4);
    assertThat(channels).hasSizeGreaterThanOrEqualTo(4);
    String top = categories.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    assertThat(top).isEqualTo("WAGE_ARREARS");
    assertThat(scalar("SELECT count(*) FROM case_file WHERE category = 'WAGE_ARREARS' AND attributes ? 'monthsUnpaid'"))
        .isPositive();
    // Filed through the case service: a received event, an outbox row and an audit line each.
    assertThat(scalar("SELECT count(*) FROM case_event WHERE type = 'received'")).isGreaterThanOrEqualTo(80);
    assertThat(scalar("SELECT count(*) FROM event_outbox WHERE type = 'case.received'")).isGreaterThanOrEqualTo(80);
    assertThat(server.audit("case.create")).hasSizeGreaterThanOrEqualTo(80);
  }

  @Test
  @Order(4)
  void cases_move_through_the_workflow_taken_by_the_users_whose_job_it_is() {
    await("a case is closed", () -> scalar("SELECT count(*) FROM case_file WHERE status = 'CLOSED'") > 0);
    long closed = scalar("SELECT min(id) FROM case_file WHERE status = 'CLOSED'");
    HttpResponse<String> r = server.as(Role.SUPERVISOR).get("/api/cases/" + closed);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonObject c = TestServer.json(r);
    String cell = c.getString("cellCode");
    List<Long> team = c.getJsonArray("assignedInspectors").stream().map(o -> ((Number) o).longValue()).toList();
    Map<Long, User> users = usersById();
    assertThat(team).hasSize(2);
    for (long id : team) {
      User inspector = users.get(id);
      assertThat(inspector.role()).isEqualTo(Role.INSPECTOR);
      assertThat(Scope.of(inspector.gridCode()).covers(cell)).as(inspector.username() + " covers " + cell).isTrue();
    }
    JsonArray events = c.getJsonArray("events");
    List<String> types = events.stream().map(o -> ((JsonObject) o).getString("type")).toList();
    assertThat(types).containsSubsequence("received", "registered", "dispatched", "accepted", "accepted", "arrived",
        "investigation-started", "resolved", "verified", "closed");
    for (Object o : events) {
      JsonObject e = (JsonObject) o;
      String who = e.getJsonObject("actor").getString("username");
      // null for the system's own steps (a dispatch timeout, an automatic supervision): no user.
      Long actorId = e.getJsonObject("actor").getLong("userId");
      switch (e.getString("type")) {
        case "registered", "closed" -> assertThat(who).isEqualTo("supervisor1");
        case "dispatched" -> assertThat(who).isEqualTo("operator1");
        case "accepted", "arrived", "investigation-started", "resolved" -> assertThat(team).contains(actorId);
        case "verified" -> assertThat(who).matches("supervisor1|assistant1|assistant_" + cell.substring(0, 6) + "_[12]");
        default -> { }
      }
    }
    assertThat(c.getJsonObject("outcome")).isNotNull();
    // Across the stream, every step of the main path has happened, each through the service.
    Set<String> seen = new HashSet<>();
    rows("SELECT DISTINCT type FROM case_event").forEach(row -> seen.add(row.getString("type")));
    assertThat(seen).contains("registered", "dispatched", "accepted", "arrived", "investigation-started", "resolved",
        "verified", "closed");
    assertThat(server.audit("case.register")).isNotEmpty().allMatch(a -> "supervisor1".equals(a.getString("actor_name")));
    // Every case event has its live event in the outbox (one statement, one snapshot: the traffic goes on).
    assertThat(scalar("SELECT count(*) FROM case_event e WHERE NOT EXISTS (SELECT 1 FROM event_outbox o"
        + " WHERE o.case_id = e.case_id AND o.type = 'case.' || e.type)")).isZero();
    // Only a share moves at a time: some cases are still waiting for their next step.
    assertThat(scalar("SELECT count(*) FROM case_file WHERE status IN ('RECEIVED', 'REGISTERED', 'DISPATCHED',"
        + " 'ON_SITE', 'INVESTIGATING', 'RESOLVED', 'VERIFIED')")).isPositive();
  }

  @Test
  @Order(5)
  void a_restart_adds_no_employer_and_no_user_twice_and_the_stream_goes_on() {
    long employers = scalar("SELECT count(*) FROM employer");
    long users = scalar("SELECT count(*) FROM app_user");
    long userCreations = server.audit("user.create").size();
    server = server.restart();
    assertThat(server.app().demoTraffic()).isNotNull();
    assertThat(scalar("SELECT count(*) FROM employer")).isEqualTo(employers);
    assertThat(scalar("SELECT count(*) FROM app_user")).isEqualTo(users);
    assertThat(server.audit("user.create")).hasSize((int) userCreations);
    assertThat(server.audit("employer.seed-demo")).hasSize(1);
    long before = scalar("SELECT count(*) FROM case_file");
    await("the restarted traffic files complaints", () -> scalar("SELECT count(*) FROM case_file") > before + 5);
  }
}
