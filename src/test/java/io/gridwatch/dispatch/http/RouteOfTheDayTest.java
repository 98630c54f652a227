package io.gridwatch.dispatch.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gridwatch.auth.Role;
import io.gridwatch.auth.User;
import io.gridwatch.testing.MutableClock;
import io.gridwatch.testing.NeedsDatabase;
import io.gridwatch.testing.TestServer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/dispatch/staff/{userId}/track} over real HTTP on a real database: the day is the
 * city's (Asia/Shanghai), the points come oldest first with the distance along them, field staff
 * read only their own day, staff outside the caller's scope are not found, and a day is bounded.
 *
 * <p>The server's clock stands at 2026-12-03 12:00 in Shanghai (04:00 UTC) and is moved on by
 * hand between positions, past the one-second throttle, so no test sleeps.
 */
@NeedsDatabase
class RouteOfTheDayTest {
  /** 2026-12-03 12:00 Asia/Shanghai. */
  private static final Instant NOON = Instant.parse("2026-12-03T04:00:00Z");
  private static final AtomicInteger USERS = new AtomicInteger();
  private static MutableClock clock;
  private static TestServer server;

  @BeforeAll
  static void start() {
    clock = new MutableClock(NOON);
    server = TestServer.start(true, Map.of("GRIDWATCH_DISPATCH_POSITION_MIN_INTERVAL_SECONDS", "1"), clock);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private record Person(User user, TestServer.Client client) {}

  private static Person person(Role role, String gridCode) {
    User u = server.createUser("route-" + role.name().toLowerCase() + "-" + USERS.incrementAndGet(), role, gridCode,
        TestServer.PASSWORD);
    return new Person(u, server.withToken(server.newSession(u)));
  }

  /** Reports a position taken at {@code at}, two seconds of server time after the last one. */
  private static void report(Person p, double lon, double lat, Instant at) {
    clock.advance(Duration.ofSeconds(2));
    HttpResponse<String> r = p.client().postJson("/api/me/position", new JsonObject().put("lon", lon).put("lat", lat)
        .put("accuracyMeters", 8.0).put("at", at.atOffset(ZoneOffset.UTC).toString()).encode());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
    assertThat(r.headers().firstValue("Position-Stored")).contains("true");
  }

  private static Person onDuty(Role role, String gridCode) {
    Person p = person(role, gridCode);
    HttpResponse<String> r = p.client().postJson("/api/me/status", "{\"status\":\"AVAILABLE\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return p;
  }

  private static List<JsonObject> points(JsonObject track) {
    return track.getJsonArray("points").stream().map(JsonObject.class::cast).toList();
  }

  @Test
  void the_operator_reads_the_days_points_in_order_with_the_distance_along_them() {
    Person inspector = onDuty(Role.INSPECTOR, "510104");
    // 23:59 on 2 December and 00:01 on 3 December in Shanghai: one on each side of midnight.
    Instant lateYesterday = Instant.parse("2026-12-02T15:59:00Z");
    Instant earlyToday = Instant.parse("2026-12-02T16:01:00Z");
    report(inspector, 104.08, 30.64, lateYesterday);
    report(inspector, 104.08, 30.65, earlyToday);
    report(inspector, 104.08, 30.66, earlyToday.plusSeconds(600));
    report(inspector, 104.08, 30.67, earlyToday.plusSeconds(1200));

    HttpResponse<String> r = server.as(Role.OPERATOR).get("/api/dispatch/staff/" + inspector.user().id() + "/track");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonObject today = TestServer.json(r);
    assertThat(today.getLong("userId")).isEqualTo(inspector.user().id());
    assertThat(today.getString("date")).isEqualTo("2026-12-03");
    assertThat(today.getBoolean("truncated")).isFalse();
    List<JsonObject> pts = points(today);
    assertThat(pts).extracting(p -> p.getDouble("lat")).containsExactly(30.65, 30.66, 30.67);
    assertThat(pts.get(0).getDouble("lon")).isEqualTo(104.08);
    assertThat(pts.get(0).getDouble("accuracyMeters")).isEqualTo(8.0);
    assertThat(OffsetDateTime.parse(pts.get(0).getString("at")).toInstant()).isEqualTo(earlyToday);
    // Two steps of 0.01° along a meridian: 2 × 0.01 × π/180 × 6,371,008.8 m (mean Earth radius).
    double expected = 2 * 0.01 * Math.PI / 180 * 6_371_008.8;
    assertThat(today.getDouble("distanceMeters")).isCloseTo(expected, within(0.2));

    HttpResponse<String> y = server.as(Role.SUPERVISOR)
        .get("/api/dispatch/staff/" + inspector.user().id() + "/track?date=2026-12-02");
    assertThat(y.statusCode()).as(y.body()).isEqualTo(200);
    JsonObject yesterday = TestServer.json(y);
    assertThat(points(yesterday)).extracting(p -> p.getDouble("lat")).containsExactly(30.64);
    assertThat(yesterday.getDouble("distanceMeters")).isZero();

    JsonObject empty = TestServer.json(server.as(Role.LEADER)
        .get("/api/dispatch/staff/" + inspector.user().id() + "/track?date=2026-11-01"));
    assertThat(points(empty)).isEmpty();
    assertThat(empty.getDouble("distanceMeters")).isZero();
  }

  @Test
  void field_staff_read_their_own_day_and_nobody_elses() {
    Person me = onDuty(Role.ASSISTANT, "510104");
    Person colleague = onDuty(Role.INSPECTOR, "510104");
    report(me, 104.081, 30.651, clock.instant());
    report(colleague, 104.082, 30.652, clock.instant());

    HttpResponse<String> own = me.client().get("/api/dispatch/staff/" + me.user().id() + "/track");
    assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
    assertThat(points(TestServer.json(own))).hasSize(1);

    HttpResponse<String> theirs = me.client().get("/api/dispatch/staff/" + colleague.user().id() + "/track");
    assertThat(theirs.statusCode()).as(theirs.body()).isEqualTo(404);
    assertThat(theirs.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    assertThat(theirs.body()).doesNotContain("104.082");
  }

  @Test
  void staff_outside_the_callers_scope_are_not_found() {
    Person inspector = onDuty(Role.INSPECTOR, "510104");
    report(inspector, 104.08, 30.65, clock.instant());
    Person ours = person(Role.SUPERVISOR, "510104");
    Person elsewhere = person(Role.SUPERVISOR, "510105");
    assertThat(ours.client().get("/api/dispatch/staff/" + inspector.user().id() + "/track").statusCode())
        .isEqualTo(200);
    HttpResponse<String> r = elsewhere.client().get("/api/dispatch/staff/" + inspector.user().id() + "/track");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(404);
    assertThat(TestServer.json(r).getString("type")).endsWith("staff-not-found");
    // An operator is no field staff: no route to show. Nor has a user who does not exist.
    long operatorId = server.user(Role.OPERATOR).id();
    assertThat(server.as(Role.ADMIN).get("/api/dispatch/staff/" + operatorId + "/track").statusCode()).isEqualTo(404);
    assertThat(server.as(Role.ADMIN).get("/api/dispatch/staff/987654321/track").statusCode()).isEqualTo(404);
  }

  @Test
  void a_bad_date_is_a_problem_naming_the_field() {
    Person inspector = onDuty(Role.INSPECTOR, "510104");
    for (String bad : List.of("2026-13-01", "yesterday", "2026-02-30", "1999-12-31", "20261203")) {
      HttpResponse<String> r = server.as(Role.OPERATOR)
          .get("/api/dispatch/staff/" + inspector.user().id() + "/track?date=" + bad);
      assertThat(r.statusCode()).as(bad + ": " + r.body()).isEqualTo(400);
      assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
      assertThat(r.body()).as(bad).contains("date");
    }
  }

  @Test
  void a_day_with_more_points_than_the_bound_is_cut_and_says_so() {
    Person inspector = onDuty(Role.INSPECTOR, "510104");
    // 5,001 points one second apart from 08:00 Shanghai, written straight into the table: through
    // the API that would take 5,001 throttle intervals.
    server.app().pool().preparedQuery("INSERT INTO staff_track (user_id, lon, lat, crs, accuracy_meters, at, stored_at)"
            + " SELECT $1, 104.08, 30.65 + g * 1e-5, 'WGS84', 5, $2::timestamptz + g * interval '1 second', now()"
            + " FROM generate_series(0, 5000) g")
        .execute(Tuple.of(inspector.user().id(), OffsetDateTime.parse("2026-12-03T00:00:00Z"))).await();
    HttpResponse<String> r = server.as(Role.OPERATOR).get("/api/dispatch/staff/" + inspector.user().id() + "/track");
    assertThat(r.statusCode()).as(r.body().substring(0, Math.min(300, r.body().length()))).isEqualTo(200);
    JsonObject track = TestServer.json(r);
    assertThat(track.getBoolean("truncated")).isTrue();
    List<JsonObject> pts = points(track);
    assertThat(pts).hasSize(DispatchEndpoint.MAX_TRACK_POINTS);
    assertThat(pts.get(0).getDouble("lat")).isEqualTo(30.65);
    // The first 5,000 points: 4,999 steps of 1e-5° of latitude.
    assertThat(track.getDouble("distanceMeters")).isCloseTo(4999 * 1e-5 * Math.PI / 180 * 6_371_008.8, within(1.0));
  }
}
