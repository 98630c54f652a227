package io.gridwatch.cases;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.auth.Role;
import io.gridwatch.auth.User;
import io.gridwatch.testing.MutableClock;
import io.gridwatch.testing.NeedsDatabase;
import io.gridwatch.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
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
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Both clocks of every case, through the API, on a server whose clock the test moves: the
 * deadlines a filing starts, what the workflow does to them, and the sweeper's escalations.
 * Each test files its own cases; the clock only moves forward.
 */
@NeedsDatabase
class CaseClocksApiTest {
  private static final OffsetDateTime MONDAY_0900 = OffsetDateTime.parse("2026-11-23T09:00:00+08:00");
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

  private static JsonObject complaint(String category, String urgency) {
    return CaseApiTest.complaint().put("category", category).put("urgency", urgency);
  }

  private static JsonObject file(JsonObject body) {
    HttpResponse<String> r = server.asNew(Role.OPERATOR).send(HttpRequest.newBuilder(server.uri("/api/complaints"))
        .header("Content-Type", "application/json").header("Idempotency-Key", UUID.randomUUID().toString())
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return TestServer.json(r);
  }

  private static JsonObject act(Role role, JsonObject c, JsonObject transition) {
    HttpResponse<String> r = server.asNew(role).postJson("/api/cases/" + c.getLong("caseId") + "/transitions",
        transition.put("expectedVersion", c.getLong("version")).encode());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return TestServer.json(r);
  }

  private static HttpResponse<String> tryAct(Role role, JsonObject c, JsonObject transition) {
    return server.asNew(role).postJson("/api/cases/" + c.getLong("caseId") + "/transitions",
        transition.put("expectedVersion", c.getLong("version")).encode());
  }

  private static JsonObject read(JsonObject c) {
    return TestServer.json(server.asNew(Role.SUPERVISOR).get("/api/cases/" + c.getLong("caseId")));
  }

  private static Map<String, JsonObject> deadlines(JsonObject c) {
    return c.getJsonArray("deadlines").stream().map(JsonObject.class::cast)
        .collect(Collectors.toMap(d -> d.getString("kind"), d -> d));
  }

  private static Instant at(JsonObject deadline, String field) {
    return OffsetDateTime.parse(deadline.getString(field)).toInstant();
  }

  private static List<Row> outbox(long caseId, String typePrefix) {
    List<Row> rows = new ArrayList<>();
    server.app().pool().preparedQuery("SELECT seq, type, payload FROM event_outbox WHERE case_id = $1 AND type LIKE $2"
        + " ORDER BY seq").execute(Tuple.of(caseId, typePrefix + "%")).await().forEach(rows::add);
    return rows;
  }

  private static int sweep() {
    return server.app().sweeper().sweepAll().await();
  }

  @Test
  void a_wage_complaint_starts_the_legal_acceptance_clock_and_the_same_day_and_seven_day_promises() {
    JsonObject c = file(complaint("WAGE_ARREARS", "NORMAL"));
    Map<String, JsonObject> d = deadlines(c);
    assertThat(d.keySet()).containsExactlyInAnyOrder("LEGAL_ACCEPT", "SERVICE_REGISTER", "SERVICE_CLOSE");
    Instant now = clock.instant();
    // 当天立案: by 24:00 Beijing time of the working day of receipt (the next working day's end
    // when it came after 17:30 or on a rest day; other tests move the clock).
    OffsetDateTime local = OffsetDateTime.ofInstant(now, java.time.ZoneOffset.ofHours(8));
    var calendar = io.gridwatch.cases.clock.WorkingCalendar.loadBundled();
    java.time.LocalDate workingDay = calendar.isWorkingDay(local.toLocalDate())
        && local.toLocalTime().isBefore(java.time.LocalTime.of(17, 30))
        ? local.toLocalDate() : calendar.addWorkingDays(local.toLocalDate(), 1);
    assertThat(d.get("SERVICE_REGISTER").getString("dueAt")).startsWith(workingDay.plusDays(1) + "T00:00");
    assertThat(d.get("SERVICE_CLOSE").getString("dueAt")).startsWith(
        OffsetDateTime.ofInstant(now, java.time.ZoneOffset.ofHours(8)).toLocalDate().plusDays(8) + "T00:00");
    assertThat(d.get("LEGAL_ACCEPT").getBoolean("legal")).isTrue();
    assertThat(d.get("LEGAL_ACCEPT").getString("basis")).isEqualTo("WORKING_DAYS");
    assertThat(d.values()).allSatisfy(x -> {
      assertThat(x.getString("status")).isIn("GREEN", "YELLOW");
      assertThat(x.getLong("timeLeftSeconds")).isPositive();
    });
    assertThat(c.getJsonObject("nextDeadline").getString("kind")).isEqualTo("SERVICE_REGISTER");
    assertThat(c.getBoolean("overdue")).isFalse();
  }

  @Test
  void an_urgent_case_gets_the_one_hour_on_site_clock_which_arrival_meets() {
    JsonObject c = file(complaint("LABOUR_CONTRACT", "URGENT"));
    Map<String, JsonObject> d = deadlines(c);
    assertThat(Duration.between(at(d.get("SERVICE_ON_SITE"), "startedAt"), at(d.get("SERVICE_ON_SITE"), "dueAt")))
        .isEqualTo(Duration.ofHours(1));
    c = act(Role.SUPERVISOR, c, new JsonObject().put("action", "register"));
    User a = server.createUser("asst-clk-" + System.nanoTime() % 1_000_000, Role.ASSISTANT, null, TestServer.PASSWORD);
    clock.advance(Duration.ofMinutes(20));
    HttpResponse<String> arrive = server.withToken(server.newSession(a)).postJson(
        "/api/cases/" + c.getLong("caseId") + "/transitions",
        new JsonObject().put("action", "arrive").put("expectedVersion", c.getLong("version")).encode());
    // ARRIVE needs a dispatched case; the workflow says so, and the clock is untouched.
    assertThat(arrive.statusCode()).as(arrive.body()).isEqualTo(409);
    User i1 = server.createUser("insp-clk-a" + System.nanoTime() % 1_000_000, Role.INSPECTOR, "510104", TestServer.PASSWORD);
    User i2 = server.createUser("insp-clk-b" + System.nanoTime() % 1_000_000, Role.INSPECTOR, "510104", TestServer.PASSWORD);
    c = act(Role.OPERATOR, c, new JsonObject().put("action", "dispatch")
        .put("inspectors", new JsonArray().add(i1.id()).add(i2.id())));
    HttpResponse<String> r = server.withToken(server.newSession(i1)).postJson("/api/cases/" + c.getLong("caseId")
        + "/transitions", new JsonObject().put("action", "arrive").put("expectedVersion", c.getLong("version")).encode());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonObject onSite = deadlines(TestServer.json(r)).get("SERVICE_ON_SITE");
    assertThat(onSite.getString("status")).isEqualTo("MET");
    assertThat(onSite.getBoolean("metOnTime")).isTrue();
  }

  @Test
  void registering_meets_acceptance_and_starts_the_sixty_working_day_investigation() {
    JsonObject c = file(complaint("SOCIAL_INSURANCE", "NORMAL"));
    c = act(Role.SUPERVISOR, c, new JsonObject().put("action", "register"));
    Map<String, JsonObject> d = deadlines(c);
    assertThat(d.get("LEGAL_ACCEPT").getString("status")).isEqualTo("MET");
    assertThat(d.get("LEGAL_ACCEPT").getBoolean("metOnTime")).isTrue();
    JsonObject inv = d.get("LEGAL_INVESTIGATE");
    assertThat(inv.getString("status")).isEqualTo("GREEN");
    // 60 working days after a registration in late November 2026 end in February 2027
    // (the provisional 2027 calendar: Spring Festival from 5 February).
    assertThat(inv.getString("dueAt")).startsWith("2027-02");
    assertThat(inv.getInteger("workingDaysLeft")).isEqualTo(60);
    // 2027's notice is not checked yet: the due day is a guess and says so; 2026's is checked.
    assertThat(inv.getBoolean("provisional")).isTrue();
    assertThat(d.get("LEGAL_ACCEPT").getBoolean("provisional")).isFalse();
    // Registering a received case directly is 受理 and 立案 at once: the registration clock is met.
    assertThat(d.get("LEGAL_REGISTER").getString("status")).isEqualTo("MET");
  }

  @Test
  void an_approved_extension_moves_the_investigation_and_is_refused_beyond_thirty_working_days() {
    JsonObject c = act(Role.SUPERVISOR, file(complaint("OTHER", "NORMAL")), new JsonObject().put("action", "register"));
    Instant due = at(deadlines(c).get("LEGAL_INVESTIGATE"), "dueAt");
    c = act(Role.SUPERVISOR, c, new JsonObject().put("action", "extend").put("workingDays", 20)
        .put("reason", "需调取银行流水"));
    JsonObject inv = deadlines(c).get("LEGAL_INVESTIGATE");
    assertThat(at(inv, "dueAt")).isAfter(due.plus(Duration.ofDays(20)));
    assertThat(inv.getInteger("extensionWorkingDays")).isEqualTo(20);
    HttpResponse<String> tooMuch = tryAct(Role.SUPERVISOR, c, new JsonObject().put("action", "extend")
        .put("workingDays", 11).put("reason", "再延期"));
    assertThat(tooMuch.statusCode()).as(tooMuch.body()).isIn(409, 422);
    assertThat(deadlines(read(c)).get("LEGAL_INVESTIGATE").getInteger("extensionWorkingDays")).isEqualTo(20);
  }

  @Test
  void parking_stops_the_clocks_and_unparking_gives_back_the_time_that_was_left() {
    JsonObject c = act(Role.SUPERVISOR, file(complaint("WAGE_ARREARS", "NORMAL")), new JsonObject().put("action", "register"));
    Instant closeDue = at(deadlines(c).get("SERVICE_CLOSE"), "dueAt");
    java.time.LocalDate review = OffsetDateTime.ofInstant(clock.instant(), java.time.ZoneOffset.ofHours(8))
        .toLocalDate().plusDays(30);
    c = act(Role.SUPERVISOR, c, new JsonObject().put("action", "park").put("reason", "企业负责人失联")
        .put("reviewDate", review.toString()));
    assertThat(c.getString("status")).isEqualTo("PARKED");
    assertThat(deadlines(c).get("SERVICE_CLOSE").getString("status")).isEqualTo("PAUSED");
    // What runs while parked is the review: by 24:00 of the review date.
    assertThat(c.getJsonObject("nextDeadline").getString("kind")).isEqualTo("PARK_REVIEW");
    assertThat(deadlines(c).get("PARK_REVIEW").getString("dueAt")).startsWith(review.plusDays(1) + "T00:00");
    clock.advance(Duration.ofDays(3));
    assertThat(sweep()).isGreaterThanOrEqualTo(0);
    assertThat(outbox(c.getLong("caseId"), "deadline.")).isEmpty(); // a paused clock never escalates
    c = act(Role.SUPERVISOR, read(c), new JsonObject().put("action", "unpark"));
    assertThat(deadlines(c).get("PARK_REVIEW").getBoolean("metOnTime")).isTrue();
    JsonObject close = deadlines(c).get("SERVICE_CLOSE");
    assertThat(close.getValue("pausedAt")).isNull();
    assertThat(at(close, "dueAt")).isEqualTo(closeDue.plus(Duration.ofDays(3)));
  }

  @Test
  void parking_needs_a_supervisor_a_reason_and_a_review_date_within_ninety_days_and_shows_in_the_figures() {
    JsonObject c = act(Role.SUPERVISOR, file(complaint("WAGE_ARREARS", "NORMAL")), new JsonObject().put("action", "register"));
    java.time.LocalDate today = OffsetDateTime.ofInstant(clock.instant(), java.time.ZoneOffset.ofHours(8)).toLocalDate();
    HttpResponse<String> noDate = tryAct(Role.SUPERVISOR, c, new JsonObject().put("action", "park")
        .put("reason", "欠薪逃匿，已移送公安"));
    assertThat(noDate.statusCode()).as(noDate.body()).isEqualTo(422);
    assertThat(noDate.body()).contains("reviewDate");
    HttpResponse<String> tooFar = tryAct(Role.SUPERVISOR, c, new JsonObject().put("action", "park")
        .put("reason", "欠薪逃匿，已移送公安").put("reviewDate", today.plusDays(91).toString()));
    assertThat(tooFar.statusCode()).as(tooFar.body()).isEqualTo(422);
    assertThat(tooFar.body()).contains("90 days");
    HttpResponse<String> byOperator = tryAct(Role.OPERATOR, c, new JsonObject().put("action", "park")
        .put("reason", "欠薪逃匿，已移送公安").put("reviewDate", today.plusDays(30).toString()));
    assertThat(byOperator.statusCode()).as(byOperator.body()).isEqualTo(403);
    assertThat(read(c).getString("status")).isEqualTo("REGISTERED");

    long parkedBefore = summary().getLong("parked");
    c = act(Role.SUPERVISOR, read(c), new JsonObject().put("action", "park").put("reason", "欠薪逃匿，已移送公安")
        .put("reviewDate", today.plusDays(1).toString()));
    assertThat(summary().getLong("parked")).isEqualTo(parkedBefore + 1);
    JsonObject parkedEvent = c.getJsonArray("events").stream().map(JsonObject.class::cast)
        .filter(e -> "parked".equals(e.getString("type"))).findFirst().orElseThrow();
    assertThat(parkedEvent.getJsonObject("data").getString("reviewDate")).isEqualTo(today.plusDays(1).toString());

    // The review date passes: the review escalates like any deadline, and the figures say so.
    Instant reviewDue = at(deadlines(c).get("PARK_REVIEW"), "dueAt");
    clock.advance(Duration.between(clock.instant(), reviewDue).plusSeconds(1));
    sweep();
    assertThat(outbox(c.getLong("caseId"), "deadline.overdue")).extracting(
        r -> r.getJsonObject("payload").getJsonObject("data").getString("kind")).contains("PARK_REVIEW");
    assertThat(summary().getLong("parkedPastReview")).isGreaterThanOrEqualTo(1);
    act(Role.SUPERVISOR, read(c), new JsonObject().put("action", "unpark"));
  }

  @Test
  void an_operator_accepts_a_complaint_for_handling_which_starts_the_legal_registration_clock() {
    JsonObject c = file(complaint("LABOUR_CONTRACT", "NORMAL"));
    assertThat(c.getString("status")).isEqualTo("RECEIVED");
    assertThat(deadlines(c)).doesNotContainKey("LEGAL_REGISTER");
    c = act(Role.OPERATOR, c, new JsonObject().put("action", "admit"));
    assertThat(c.getString("status")).isEqualTo("ADMITTED");
    Map<String, JsonObject> d = deadlines(c);
    assertThat(d.get("LEGAL_ACCEPT").getBoolean("metOnTime")).isTrue();
    JsonObject register = d.get("LEGAL_REGISTER");
    assertThat(register.getString("status")).isIn("GREEN", "YELLOW");
    // 立案 on the day of 受理: due at 24:00 of the working day of acceptance.
    OffsetDateTime local = OffsetDateTime.ofInstant(clock.instant(), java.time.ZoneOffset.ofHours(8));
    java.time.LocalDate workingDay = io.gridwatch.cases.clock.WorkingCalendar.loadBundled()
        .workingDayOnOrAfter(local.toLocalDate());
    assertThat(register.getString("dueAt")).startsWith(workingDay.plusDays(1) + "T00:00");
    assertThat(c.getJsonObject("nextDeadline").getString("kind")).isEqualTo("LEGAL_REGISTER");
    c = act(Role.SUPERVISOR, c, new JsonObject().put("action", "register"));
    assertThat(deadlines(c).get("LEGAL_REGISTER").getBoolean("metOnTime")).isTrue();
    assertThat(c.getString("status")).isEqualTo("REGISTERED");
  }

  @Test
  void a_supervisor_extends_the_seven_day_promise_with_a_reason_within_thirty_days() {
    JsonObject c = act(Role.SUPERVISOR, file(complaint("WAGE_ARREARS", "NORMAL")), new JsonObject().put("action", "register"));
    Instant due = at(deadlines(c).get("SERVICE_CLOSE"), "dueAt");
    c = act(Role.SUPERVISOR, c, new JsonObject().put("action", "extend").put("clock", "PROMISE").put("days", 20)
        .put("reason", "欠薪逃匿，公安立案侦查中"));
    JsonObject close = deadlines(c).get("SERVICE_CLOSE");
    assertThat(at(close, "dueAt")).isEqualTo(due.plus(Duration.ofDays(20)));
    assertThat(close.getInteger("extensionDays")).isEqualTo(20);
    assertThat(deadlines(c).get("LEGAL_INVESTIGATE").getInteger("extensionWorkingDays")).isZero();
    HttpResponse<String> tooMuch = tryAct(Role.SUPERVISOR, c, new JsonObject().put("action", "extend")
        .put("clock", "PROMISE").put("days", 11).put("reason", "再延期"));
    assertThat(tooMuch.statusCode()).as(tooMuch.body()).isEqualTo(422);
    HttpResponse<String> noReason = tryAct(Role.SUPERVISOR, c, new JsonObject().put("action", "extend")
        .put("clock", "PROMISE").put("days", 5));
    assertThat(noReason.statusCode()).as(noReason.body()).isEqualTo(422);
    HttpResponse<String> byOperator = tryAct(Role.OPERATOR, c, new JsonObject().put("action", "extend")
        .put("clock", "PROMISE").put("days", 5).put("reason", "x"));
    assertThat(byOperator.statusCode()).as(byOperator.body()).isEqualTo(403);
    assertThat(deadlines(read(c)).get("SERVICE_CLOSE").getInteger("extensionDays")).isEqualTo(20);
  }

  private static JsonObject summary() {
    HttpResponse<String> r = server.asNew(Role.LEADER).get("/api/stats/summary");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return TestServer.json(r);
  }

  @Test
  void the_sweeper_warns_then_escalates_each_deadline_once_and_raises_supervision() {
    JsonObject c = file(complaint("WAGE_ARREARS", "NORMAL"));
    long id = c.getLong("caseId");
    Instant registerWarn = at(deadlines(c).get("SERVICE_REGISTER"), "warnAt");
    Instant registerDue = at(deadlines(c).get("SERVICE_REGISTER"), "dueAt");

    clock.advance(Duration.between(clock.instant(), registerWarn).plusSeconds(1));
    sweep();
    assertThat(outbox(id, "deadline.")).extracting(r -> r.getString("type")).containsExactly("deadline.warning");
    assertThat(deadlines(read(c)).get("SERVICE_REGISTER").getString("status")).isEqualTo("YELLOW");

    clock.advance(Duration.between(clock.instant(), registerDue).plusSeconds(1));
    sweep();
    sweep(); // once only, however often it sweeps
    List<Row> events = outbox(id, "deadline.");
    assertThat(events).extracting(r -> r.getString("type")).containsExactly("deadline.warning", "deadline.overdue");
    JsonObject overdue = events.get(1).getJsonObject("payload");
    assertThat(overdue.getJsonObject("data").getString("kind")).isEqualTo("SERVICE_REGISTER");
    assertThat(overdue.getJsonObject("data").getString("supervision")).isEqualTo("SUPERVISED");
    assertThat(overdue.getString("cellCode")).isEqualTo(c.getString("cellCode"));
    assertThat(overdue.encode()).doesNotContain("13812345678");
    JsonObject now = read(c);
    assertThat(now.getJsonObject("supervision").getString("level")).isEqualTo("SUPERVISED");
    assertThat(now.getJsonObject("supervision").getString("source")).isEqualTo("AUTOMATIC");
    assertThat(now.getBoolean("overdue")).isTrue();
    assertThat(deadlines(now).get("SERVICE_REGISTER").getString("status")).isEqualTo("RED");
    assertThat(now.getJsonArray("escalations")).hasSize(2);

    // Registering late meets the deadline, late; the miss stands on the record.
    now = act(Role.SUPERVISOR, now, new JsonObject().put("action", "register"));
    assertThat(deadlines(now).get("SERVICE_REGISTER").getBoolean("metOnTime")).isFalse();
    assertThat(now.getBoolean("overdue")).isFalse();
  }

  @Test
  void a_missed_legal_deadline_lists_the_case_for_supervision() {
    JsonObject c = file(complaint("OTHER", "NORMAL"));
    Instant acceptDue = at(deadlines(c).get("LEGAL_ACCEPT"), "dueAt");
    clock.advance(Duration.between(clock.instant(), acceptDue).plusSeconds(1));
    sweep();
    JsonObject now = read(c);
    assertThat(now.getJsonObject("supervision").getString("level")).isEqualTo("LISTED");
    assertThat(outbox(c.getLong("caseId"), "deadline.overdue")).extracting(
        r -> r.getJsonObject("payload").getJsonObject("data").getString("kind")).contains("LEGAL_ACCEPT");
  }

  @Test
  void a_team_from_another_grid_cannot_be_dispatched() {
    JsonObject c = act(Role.SUPERVISOR, file(complaint("OTHER", "NORMAL")), new JsonObject().put("action", "register"));
    User far1 = server.createUser("far-a" + System.nanoTime() % 1_000_000, Role.INSPECTOR, "510105", TestServer.PASSWORD);
    User far2 = server.createUser("far-b" + System.nanoTime() % 1_000_000, Role.INSPECTOR, "510105", TestServer.PASSWORD);
    HttpResponse<String> r = tryAct(Role.OPERATOR, c, new JsonObject().put("action", "dispatch")
        .put("inspectors", new JsonArray().add(far1.id()).add(far2.id())));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
    assertThat(TestServer.json(r).getString("type")).endsWith("team-outside-grid");
    assertThat(read(c).getString("status")).isEqualTo("REGISTERED");
  }
}
