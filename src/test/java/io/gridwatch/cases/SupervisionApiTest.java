package io.gridwatch.cases;

import static io.gridwatch.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.auth.Role;
import io.gridwatch.auth.User;
import io.gridwatch.live.LiveFrame;
import io.gridwatch.testing.MutableClock;
import io.gridwatch.testing.NeedsDatabase;
import io.gridwatch.testing.TestServer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Supervision by hand (督办 / 挂牌督办, docs/supervision.md) through the API, on a server whose
 * clock the test moves: placing, replacing, lifting, who may, validation that changes nothing,
 * the live events on the case's cell, the audit trail, the history, and the automatic raise of
 * missed deadlines next to it. Each test files its own cases; the clock only moves forward.
 */
@NeedsDatabase
class SupervisionApiTest {
  private static final OffsetDateTime MONDAY_0900 = OffsetDateTime.parse("2026-11-23T09:00:00+08:00");
  private static final AtomicInteger NAMES = new AtomicInteger();
  private static MutableClock clock;
  private static TestServer server;

  @BeforeAll
  static void start() {
    clock = new MutableClock(MONDAY_0900.toInstant());
    server = TestServer.start(true, Map.of("GRIDWATCH_AUTH_IDLE_TIMEOUT_MINUTES", "1440"), clock);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  // ---- helpers

  private static JsonObject file(String category) {
    JsonObject body = CaseApiTest.complaint().put("category", category).put("urgency", "NORMAL");
    HttpResponse<String> r = server.asNew(Role.OPERATOR).send(HttpRequest.newBuilder(server.uri("/api/complaints"))
        .header("Content-Type", "application/json").header("Idempotency-Key", UUID.randomUUID().toString())
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonObject c = TestServer.json(r);
    assertThat(c.getString("cellCode")).as("the test complaint lies in a level-3 cell").hasSize(12);
    return c;
  }

  private static TestServer.Client as(Role role, String grid) {
    User u = server.createUser("sup-" + role.name().toLowerCase() + "-" + NAMES.incrementAndGet() + "-"
        + System.nanoTime() % 100_000, role, grid, TestServer.PASSWORD);
    return server.withToken(server.newSession(u));
  }

  private static TestServer.Client leader() {
    return as(Role.LEADER, null);
  }

  private static String level1(JsonObject c) {
    return c.getString("cellCode").substring(0, 6);
  }

  private static String level2(JsonObject c) {
    return c.getString("cellCode").substring(0, 9);
  }

  private static String inHours(long hours) {
    return OffsetDateTime.ofInstant(clock.instant().plus(Duration.ofHours(hours)), ZoneOffset.ofHours(8)).toString();
  }

  private static JsonObject placement(String level, String dueAt) {
    return new JsonObject().put("level", level).put("dueAt", dueAt).put("unit", "锦江区劳动保障监察大队")
        .put("note", "群众反映强烈，请限期办结");
  }

  private static HttpResponse<String> place(TestServer.Client who, JsonObject c, JsonObject body) {
    return who.postJson("/api/cases/" + c.getLong("caseId") + "/supervision", body.encode());
  }

  private static JsonObject placed(TestServer.Client who, JsonObject c, JsonObject body) {
    HttpResponse<String> r = place(who, c, body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return TestServer.json(r);
  }

  private static HttpResponse<String> lift(TestServer.Client who, JsonObject c, String queryNote, JsonObject body) {
    String q = queryNote == null ? "" : "?note=" + URLEncoder.encode(queryNote, StandardCharsets.UTF_8);
    HttpRequest.Builder b = HttpRequest.newBuilder(server.uri("/api/cases/" + c.getLong("caseId") + "/supervision" + q));
    if (body == null) {
      b.DELETE();
    } else {
      b.header("Content-Type", "application/json").method("DELETE", HttpRequest.BodyPublishers.ofString(body.encode()));
    }
    return who.send(b);
  }

  private static JsonObject read(JsonObject c) {
    HttpResponse<String> r = server.asNew(Role.LEADER).get("/api/cases/" + c.getLong("caseId"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return TestServer.json(r);
  }

  private static List<String> eventTypes(JsonObject c) {
    return c.getJsonArray("events").stream().map(e -> ((JsonObject) e).getString("type")).toList();
  }

  private static void sweep() {
    server.app().sweeper().sweepAll().await();
  }

  /** The live events published on a cell's address, as the walls listening there get them. */
  private static final class CellListener implements AutoCloseable {
    private final LinkedBlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
    private final MessageConsumer<LiveFrame> consumer;

    CellListener(String cellCode) {
      // The relay publishes each frame at "gridwatch.live." + the address (live.LiveFanout).
      consumer = server.app().vertx().eventBus().<LiveFrame>localConsumer("gridwatch.live.gw.cell." + cellCode,
          m -> events.add(m.body().eventJson()));
      consumer.completion().await();
    }

    JsonObject next(String type, long caseId) throws InterruptedException {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (System.nanoTime() < end) {
        JsonObject e = events.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (e != null && type.equals(e.getString("type")) && e.getJsonObject("data").getLong("caseId") == caseId) {
          return e;
        }
      }
      return null;
    }

    @Override
    public void close() {
      consumer.unregister().await();
    }
  }

  // ---- placing

  @Test
  void a_leader_lists_a_case_and_it_shows_on_the_case_the_list_the_timeline_the_live_bus_and_the_audit()
      throws Exception {
    JsonObject c = file("WAGE_ARREARS");
    long id = c.getLong("caseId");
    String due = inHours(48);
    try (CellListener wall = new CellListener(c.getString("cellCode"))) {
      JsonObject after = placed(leader(), c, placement("LISTED", due));
      JsonObject s = after.getJsonObject("supervision");
      assertThat(s.getString("level")).isEqualTo("LISTED");
      assertThat(s.getString("source")).isEqualTo("MANUAL");
      assertThat(s.getString("unit")).isEqualTo("锦江区劳动保障监察大队");
      assertThat(OffsetDateTime.parse(s.getString("dueAt")).toInstant()).isEqualTo(OffsetDateTime.parse(due).toInstant());
      assertThat(s.getString("note")).isEqualTo("群众反映强烈，请限期办结");
      assertThat(s.getJsonObject("placedBy").getString("name")).startsWith("sup-leader-");
      assertThat(s.getBoolean("overdue")).isFalse();
      assertThat(after.getLong("version")).isEqualTo(c.getLong("version") + 1);
      assertThat(eventTypes(after)).endsWith("supervised");
      assertThat(after.getJsonArray("supervisionActions")).contains("supervise", "list", "lift");

      JsonObject live = wall.next("case.supervised", id);
      assertThat(live).as("case.supervised on the case's cell").isNotNull();
      JsonObject data = live.getJsonObject("data");
      assertThat(data.getString("level")).isEqualTo("LISTED");
      assertThat(data.getString("source")).isEqualTo("MANUAL");
      assertThat(data.getString("unit")).isEqualTo("锦江区劳动保障监察大队");
      assertThat(data.getString("dueAt")).isNotNull();
      assertThat(live.encode()).doesNotContain("群众反映强烈").doesNotContain("13812345678");
    }
    assertThat(server.audit("case.supervise")).anySatisfy(a -> {
      assertThat(a.getString("object_id")).isEqualTo(String.valueOf(id));
      assertThat(new JsonObject(String.valueOf(a.getValue("detail"))).getString("level")).isEqualTo("LISTED");
    });

    HttpResponse<String> list = server.asNew(Role.LEADER).get("/api/cases?supervision=LISTED&limit=500&q="
        + c.getString("caseNo"));
    JsonObject item = TestServer.json(list).getJsonArray("items").stream().map(JsonObject.class::cast)
        .filter(i -> i.getLong("caseId") == id).findFirst().orElseThrow();
    assertThat(item.getJsonObject("supervision").getString("level")).isEqualTo("LISTED");
    assertThat(item.getJsonObject("supervision").getString("unit")).isEqualTo("锦江区劳动保障监察大队");
    assertThat(item.getJsonObject("supervision").containsKey("note")).as("list items leave out the note").isFalse();
    assertThat(TestServer.json(server.asNew(Role.LEADER).get("/api/cases?supervision=SUPERVISED&q=" + c.getString("caseNo")))
        .getJsonArray("items")).isEmpty();
  }

  @Test
  void a_supervisor_of_a_higher_grid_may_supervise_the_cells_own_supervisor_may_not_and_listing_takes_level_1() {
    JsonObject c = file("WAGE_ARREARS");
    TestServer.Client own = as(Role.SUPERVISOR, c.getString("cellCode"));
    TestServer.Client street = as(Role.SUPERVISOR, level2(c));
    TestServer.Client district = as(Role.SUPERVISOR, level1(c));

    assertProblem(place(own, c, placement("SUPERVISED", inHours(24))), 403);
    JsonObject ownView = TestServer.json(own.get("/api/cases/" + c.getLong("caseId")));
    assertThat(ownView.getJsonArray("supervisionActions")).isEmpty();
    assertThat(read(c).getValue("supervision")).isNull();

    JsonObject supervised = placed(street, c, placement("SUPERVISED", inHours(24)));
    assertThat(supervised.getJsonObject("supervision").getString("level")).isEqualTo("SUPERVISED");
    assertThat(supervised.getJsonArray("supervisionActions")).containsExactly("supervise", "lift");
    assertProblem(place(street, c, placement("LISTED", inHours(24))), 403);
    assertThat(read(c).getJsonObject("supervision").getString("level")).isEqualTo("SUPERVISED");

    // Placing over the current one replaces it; the replaced one stays in the history.
    JsonObject listed = placed(district, c, placement("LISTED", inHours(72)).put("unit", "区人社局"));
    assertThat(listed.getJsonObject("supervision").getString("level")).isEqualTo("LISTED");
    assertThat(listed.getJsonObject("supervision").getString("unit")).isEqualTo("区人社局");
    JsonArray history = listed.getJsonArray("supervisionHistory");
    assertThat(history).hasSize(2);
    assertThat(history.getJsonObject(0).getString("level")).isEqualTo("SUPERVISED");
    assertThat(history.getJsonObject(0).getString("endedHow")).isEqualTo("REPLACED");
    assertThat(history.getJsonObject(1).getString("endedHow")).isNull();
    // The street supervisor may not lower (nor lift) what the district listed.
    assertProblem(place(street, c, placement("SUPERVISED", inHours(24))), 403);
    assertProblem(lift(street, c, null, null), 403);
    assertThat(read(c).getJsonObject("supervision").getString("level")).isEqualTo("LISTED");
  }

  @Test
  void operators_inspectors_and_assistants_may_not_and_a_case_out_of_scope_is_not_found() {
    JsonObject c = file("WAGE_ARREARS");
    for (Role role : List.of(Role.OPERATOR, Role.INSPECTOR, Role.ASSISTANT, Role.ADMIN)) {
      assertProblem(place(as(role, role == Role.ADMIN ? null : level1(c)), c, placement("SUPERVISED", inHours(24))), 403);
    }
    String elsewhere = level1(c).equals("510105") ? "510104" : "510105";
    assertProblem(place(as(Role.LEADER, elsewhere), c, placement("LISTED", inHours(24))), 404);
    assertProblem(place(as(Role.SUPERVISOR, elsewhere), c, placement("SUPERVISED", inHours(24))), 404);
    assertProblem(place(leader(), new JsonObject().put("caseId", 987_654_321L), placement("LISTED", inHours(24))), 404);
    JsonObject now = read(c);
    assertThat(now.getValue("supervision")).isNull();
    assertThat(now.getLong("version")).isEqualTo(c.getLong("version"));
  }

  @Test
  void bad_placements_are_problems_and_change_nothing() {
    JsonObject c = file("WAGE_ARREARS");
    TestServer.Client leader = leader();
    String past = OffsetDateTime.ofInstant(clock.instant().minusSeconds(60), ZoneOffset.UTC).toString();
    String tooFar = inHours(24 * 91);
    List<JsonObject> bad = List.of(
        placement("WATCHED", inHours(24)),
        placement(null, inHours(24)),
        placement("LISTED", past),
        placement("LISTED", tooFar),
        placement("LISTED", "tomorrow"),
        placement("LISTED", null),
        placement("LISTED", inHours(24)).put("unit", "  "),
        placement("LISTED", inHours(24)).put("unit", "单".repeat(101)),
        placement("LISTED", inHours(24)).put("note", "注".repeat(501)),
        placement("LISTED", inHours(24)).put("colour", "red"));
    for (JsonObject body : bad) {
      HttpResponse<String> r = place(leader, c, body);
      assertThat(r.statusCode()).as(body.encode() + " → " + r.body()).isEqualTo(400);
      assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    }
    JsonObject now = read(c);
    assertThat(now.getValue("supervision")).isNull();
    assertThat(now.getJsonArray("supervisionHistory")).isEmpty();
    assertThat(now.getLong("version")).isEqualTo(c.getLong("version"));

    // A declined case cannot be put under supervision.
    HttpResponse<String> declined = server.asNew(Role.SUPERVISOR).postJson("/api/cases/" + c.getLong("caseId")
        + "/transitions", new JsonObject().put("action", "decline").put("reason", "不属于劳动保障监察范围")
        .put("expectedVersion", c.getLong("version")).encode());
    assertThat(declined.statusCode()).as(declined.body()).isEqualTo(200);
    HttpResponse<String> r = place(leader, c, placement("LISTED", inHours(24)));
    assertProblem(r, 409);
    assertThat(r.body()).contains("case-not-open");
    assertThat(read(c).getValue("supervision")).isNull();
    assertProblem(lift(leader, c, null, null), 409);
  }

  // ---- lifting

  @Test
  void the_placer_lifts_a_manual_supervision_and_it_stays_in_the_history() throws Exception {
    JsonObject c = file("WAGE_ARREARS");
    long id = c.getLong("caseId");
    TestServer.Client street = as(Role.SUPERVISOR, level2(c));
    placed(street, c, placement("SUPERVISED", inHours(24)));
    try (CellListener wall = new CellListener(c.getString("cellCode"))) {
      HttpResponse<String> r = lift(street, c, "企业已支付全部欠薪", null);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      JsonObject after = TestServer.json(r);
      assertThat(after.getValue("supervision")).isNull();
      assertThat(eventTypes(after)).endsWith("supervised", "supervision-lifted");
      JsonObject h = after.getJsonArray("supervisionHistory").getJsonObject(0);
      assertThat(h.getString("endedHow")).isEqualTo("LIFTED");
      assertThat(h.getString("endNote")).isEqualTo("企业已支付全部欠薪");
      assertThat(h.getJsonObject("endedBy").getString("name")).startsWith("sup-supervisor-");
      JsonObject live = wall.next("case.supervision-lifted", id);
      assertThat(live).isNotNull();
      assertThat(live.getJsonObject("data").getString("level")).isEqualTo("SUPERVISED");
      assertThat(live.encode()).doesNotContain("企业已支付全部欠薪");
    }
    assertThat(server.audit("case.supervision-lift")).anySatisfy(a ->
        assertThat(a.getString("object_id")).isEqualTo(String.valueOf(id)));
    assertProblem(lift(street, c, null, null), 409); // nothing left to lift
  }

  // ---- the automatic raise next to it

  @Test
  void a_missed_legal_deadline_still_lists_the_case_automatically_and_only_a_leader_lifts_that_with_a_note() {
    JsonObject c = file("OTHER");
    Instant acceptDue = OffsetDateTime.parse(c.getJsonArray("deadlines").stream().map(JsonObject.class::cast)
        .filter(d -> "LEGAL_ACCEPT".equals(d.getString("kind"))).findFirst().orElseThrow().getString("dueAt")).toInstant();
    clock.advance(Duration.between(clock.instant(), acceptDue).plusSeconds(1));
    sweep();
    JsonObject now = read(c);
    JsonObject s = now.getJsonObject("supervision");
    assertThat(s.getString("level")).isEqualTo("LISTED");
    assertThat(s.getString("source")).isEqualTo("AUTOMATIC");
    assertThat(s.getString("reason")).isEqualTo("LEGAL_ACCEPT");
    assertThat(s.getValue("placedBy")).isNull();

    TestServer.Client district = as(Role.SUPERVISOR, level1(c));
    assertProblem(lift(district, c, "已处理", null), 403);
    assertProblem(place(district, c, placement("SUPERVISED", inHours(24))), 403); // lowering it is lifting it
    TestServer.Client leader = leader();
    HttpResponse<String> noNote = lift(leader, c, null, null);
    assertThat(noNote.statusCode()).as(noNote.body()).isEqualTo(400);
    assertThat(read(c).getJsonObject("supervision").getString("source")).isEqualTo("AUTOMATIC");

    HttpResponse<String> lifted = lift(leader, c, null, new JsonObject().put("note", "已补办受理手续"));
    assertThat(lifted.statusCode()).as(lifted.body()).isEqualTo(200);
    JsonObject after = TestServer.json(lifted);
    assertThat(after.getValue("supervision")).isNull();
    assertThat(after.getJsonArray("supervisionHistory").getJsonObject(0).getString("source")).isEqualTo("AUTOMATIC");
    assertThat(after.getJsonArray("supervisionHistory").getJsonObject(0).getString("endedHow")).isEqualTo("LIFTED");
  }

  @Test
  void the_automatic_raise_lists_a_manually_supervised_case_keeping_its_unit_and_never_lowers_a_manual_listing() {
    JsonObject a = file("OTHER");
    JsonObject b = file("WAGE_ARREARS");
    TestServer.Client street = as(Role.SUPERVISOR, level2(a));
    placed(street, a, placement("SUPERVISED", inHours(24 * 30)));
    placed(leader(), b, placement("LISTED", inHours(24 * 30)));
    // Past every deadline a filing starts: the legal acceptance (LISTED) and the promises (SUPERVISED).
    clock.advance(Duration.ofDays(20));
    sweep();
    JsonObject sa = read(a).getJsonObject("supervision");
    assertThat(sa.getString("level")).isEqualTo("LISTED");
    assertThat(sa.getString("source")).isEqualTo("AUTOMATIC");
    assertThat(sa.getString("unit")).as("the 承办单位 carries over").isEqualTo("锦江区劳动保障监察大队");
    assertThat(read(a).getJsonArray("supervisionHistory").getJsonObject(0).getString("endedHow")).isEqualTo("REPLACED");
    JsonObject sb = read(b).getJsonObject("supervision");
    assertThat(sb.getString("level")).isEqualTo("LISTED");
    assertThat(sb.getString("source")).isEqualTo("MANUAL");
    assertThat(read(b).getJsonArray("supervisionHistory")).hasSize(1);
  }

  @Test
  void a_supervision_past_its_due_time_on_an_open_case_is_overdue() {
    JsonObject c = file("WAGE_ARREARS");
    placed(leader(), c, placement("SUPERVISED", inHours(1)));
    assertThat(read(c).getJsonObject("supervision").getBoolean("overdue")).isFalse();
    clock.advance(Duration.ofMinutes(61));
    JsonObject now = read(c);
    assertThat(now.getJsonObject("supervision").getBoolean("overdue")).isTrue();
    JsonObject item = TestServer.json(server.asNew(Role.LEADER).get("/api/cases?q=" + c.getString("caseNo")))
        .getJsonArray("items").getJsonObject(0);
    assertThat(item.getJsonObject("supervision").getBoolean("overdue")).isTrue();
  }
}
