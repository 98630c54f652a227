package io.gridwatch.auth;

import static io.gridwatch.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.config.SecuritySettings;
import io.gridwatch.testing.MutableClock;
import io.gridwatch.testing.NeedsDatabase;
import io.gridwatch.testing.TestServer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Failed sign-ins counted per account and address (issue 10, item 4), on a real server behind a
 * "proxy": the test client at 127.0.0.1 is configured as a trusted proxy, so each request's
 * {@code X-Forwarded-For} is the client address the server sees. The clock is the test's.
 */
@NeedsDatabase
class LoginThrottleTest {
  private static final String PW = "throttled but not locked out";
  private static final String ATTACKER = "203.0.113.7";
  private static final String OWNER = "198.51.100.20";
  private static final int CAP = 100;
  private static MutableClock clock;
  private static TestServer server;

  @BeforeAll
  static void start() {
    clock = MutableClock.startingNow();
    server = TestServer.start(false, Map.of(
        "GRIDWATCH_AUTH_LOGIN_RATE_PER_MINUTE", "10000",
        "GRIDWATCH_HTTP_TRUSTED_PROXIES", "127.0.0.1, ::1",
        "GRIDWATCH_AUTH_LOGIN_MAX_TRACKED_ADDRESSES", String.valueOf(CAP)), clock);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<String> login(String username, String password, String forwardedFor) {
    return server.send(HttpRequest.newBuilder(server.uri("/api/auth/login"))
        .header("Content-Type", "application/json").header("X-Forwarded-For", forwardedFor)
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("username", username).put("password", password)
            .encode())));
  }

  /** Five wrong passwords from {@code address}, each after the delay the previous one set. */
  private static void failFiveTimes(String username, String address) {
    for (int i = 1; i <= 5; i++) {
      assertProblem(login(username, "wrong guess " + i, address), 401);
      clock.advance(Duration.ofMinutes(1));
    }
  }

  @Test
  void five_failures_from_one_address_lock_that_address_out_but_the_owner_signs_in_from_another() {
    User admin = server.createUser("boss", Role.ADMIN, null, PW);
    failFiveTimes("boss", ATTACKER);

    // The attacking address is locked out, even with the right password ...
    HttpResponse<String> locked = login("boss", PW, ATTACKER);
    assertProblem(locked, 401);
    assertThat(TestServer.json(locked).getString("detail")).isEqualTo(AuthService.LOGIN_FAILED_DETAIL);
    // ... the owner, elsewhere, is not.
    HttpResponse<String> owner = login("boss", PW, OWNER);
    assertThat(owner.statusCode()).as(owner.body()).isEqualTo(200);
    // And the owner's success does not lift the attacker's lock.
    assertProblem(login("boss", PW, ATTACKER), 401);

    List<JsonObject> lockouts = server.audit("auth.lockout").stream()
        .filter(a -> "boss".equals(a.getString("actor_name"))).toList();
    assertThat(lockouts).singleElement().satisfies(a -> {
      assertThat(a.getString("address")).isEqualTo(ATTACKER);
      assertThat(a.getJsonObject("detail").getString("address")).isEqualTo(ATTACKER);
      assertThat(a.getJsonObject("detail").getInteger("attempts")).isEqualTo(5);
    });
    assertThat(server.audit("auth.login")).filteredOn(a -> "boss".equals(a.getString("actor_name"))
            && "SUCCESS".equals(a.getString("outcome")))
        .singleElement().satisfies(a -> assertThat(a.getString("address")).isEqualTo(OWNER));
    // The administrators' view says some address is locked out.
    HttpResponse<String> view = server.asNew(Role.ADMIN).get("/api/users/" + admin.id());
    assertThat(TestServer.json(view).getBoolean("locked")).isTrue();

    // An administrator's unlock lifts the lock of every address.
    assertThat(server.asNew(Role.ADMIN).postJson("/api/users/" + admin.id() + "/unlock", "").statusCode())
        .isEqualTo(200);
    assertThat(login("boss", PW, ATTACKER).statusCode()).isEqualTo(200);
  }

  @Test
  void delays_start_at_the_third_failure_and_double_and_an_early_attempt_is_neither_checked_nor_counted() {
    server.createUser("slowed", Role.OPERATOR, null, PW);
    String from = "192.0.2.33";
    assertProblem(login("slowed", "nope 1", from), 401);
    assertProblem(login("slowed", "nope 2", from), 401);
    assertProblem(login("slowed", "nope 3", from), 401);

    // After the 3rd: 1 s. Even the right password is not checked before then.
    HttpResponse<String> early = login("slowed", PW, from);
    assertProblem(early, 429);
    assertThat(early.headers().firstValue("Retry-After")).hasValue("1");
    // Another address is not slowed down.
    assertThat(login("slowed", PW, "192.0.2.34").statusCode()).isEqualTo(200);

    clock.advance(Duration.ofSeconds(1));
    assertProblem(login("slowed", "nope 4", from), 401);
    // After the 4th: 2 s.
    HttpResponse<String> early2 = login("slowed", "nope 5", from);
    assertProblem(early2, 429);
    assertThat(early2.headers().firstValue("Retry-After")).hasValue("2");
    clock.advance(Duration.ofSeconds(1));
    assertThat(login("slowed", "nope 5", from).headers().firstValue("Retry-After")).hasValue("1");

    // The early attempts were not counted: the 5th failure is the next one, and it locks.
    clock.advance(Duration.ofSeconds(1));
    assertProblem(login("slowed", "nope 5", from), 401);
    List<JsonObject> failures = server.audit("auth.login").stream()
        .filter(a -> "slowed".equals(a.getString("actor_name")) && "FAILURE".equals(a.getString("outcome"))).toList();
    assertThat(failures).extracting(a -> a.getJsonObject("detail").getInteger("failedInARow")).containsExactly(1, 2, 3,
        4, 5);
    assertThat(failures.get(2).getJsonObject("detail").getLong("nextAttemptInSeconds")).isEqualTo(1);
    assertThat(failures.get(3).getJsonObject("detail").getLong("nextAttemptInSeconds")).isEqualTo(2);
    clock.advance(Duration.ofMinutes(1));
    assertProblem(login("slowed", PW, from), 401);
  }

  @Test
  void the_delay_doubles_up_to_its_cap() {
    LoginThrottle throttle = new LoginThrottle(null, null, clock, 100, Duration.ofMinutes(10),
        new SecuritySettings(List.of(), List.of(), 3, 60, CAP));
    assertThat(throttle.delayAfter(1)).isZero();
    assertThat(throttle.delayAfter(2)).isZero();
    assertThat(throttle.delayAfter(3)).hasSeconds(1);
    assertThat(throttle.delayAfter(4)).hasSeconds(2);
    assertThat(throttle.delayAfter(5)).hasSeconds(4);
    assertThat(throttle.delayAfter(8)).hasSeconds(32);
    assertThat(throttle.delayAfter(9)).hasSeconds(60);
    assertThat(throttle.delayAfter(99)).hasSeconds(60);
  }

  @Test
  void unknown_names_are_slowed_down_like_known_ones_so_the_answer_tells_nothing() {
    server.createUser("known-one", Role.OPERATOR, null, PW);
    String from = "192.0.2.77";
    for (String name : List.of("known-one", "unknown-one")) {
      for (int i = 1; i <= 3; i++) {
        assertProblem(login(name, "wrong " + i, from), 401);
      }
      HttpResponse<String> early = login(name, "wrong 4", from);
      assertProblem(early, 429);
      assertThat(early.headers().firstValue("Retry-After")).hasValue("1");
    }
  }

  @Test
  void x_forwarded_for_names_the_client_only_when_the_peer_is_a_trusted_proxy() {
    server.createUser("behind-proxy", Role.OPERATOR, null, PW);
    // The proxy appends the address it saw; what the client wrote before it is not believed.
    HttpResponse<String> r = login("behind-proxy", PW, "6.6.6.6, 203.0.113.99");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(server.audit("auth.login")).filteredOn(a -> "behind-proxy".equals(a.getString("actor_name")))
        .singleElement().satisfies(a -> assertThat(a.getString("address")).isEqualTo("203.0.113.99"));
    // A chain of trusted proxies is walked past; garbage ends the walk at the hop that reported it.
    login("behind-proxy", "wrong", "203.0.113.98, 127.0.0.1");
    login("behind-proxy", "wrong", "not-an-address");
    assertThat(server.audit("auth.login")).filteredOn(a -> "behind-proxy".equals(a.getString("actor_name"))
            && "FAILURE".equals(a.getString("outcome")))
        .extracting(a -> a.getString("address")).containsExactly("203.0.113.98", "127.0.0.1");
  }

  @Test
  void ipv6_addresses_count_by_their_64_bit_prefix() {
    assertThat(LoginThrottle.source("2001:db8:1:2:aaaa::1")).isEqualTo(LoginThrottle.source("2001:db8:1:2:bbbb::2"))
        .isEqualTo("2001:db8:1:2::/64");
    assertThat(LoginThrottle.source("2001:db8:1:3::1")).isEqualTo("2001:db8:1:3::/64");
    assertThat(LoginThrottle.source("203.0.113.7")).isEqualTo("203.0.113.7");
    assertThat(LoginThrottle.source("::ffff:203.0.113.7")).isEqualTo("203.0.113.7");
  }

  @Test
  void an_attacker_rotating_addresses_cannot_grow_the_table_beyond_its_cap_and_locks_survive_the_pruning() {
    server.createUser("target", Role.SUPERVISOR, null, PW);
    failFiveTimes("target", ATTACKER);
    LoginThrottle throttle = server.app().accounts().auth().throttle();
    var pool = server.app().pool();
    for (int i = 0; i < 3 * CAP; i++) {
      String address = "10.77." + (i / 250) + "." + (i % 250);
      pool.withTransaction(tx -> throttle.recordFailure(tx, "target", address)).await();
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    long rows = Long.MAX_VALUE;
    while (System.nanoTime() < deadline) {
      rows = pool.query("SELECT count(*) AS n FROM login_throttle").execute().await().iterator().next().getLong("n");
      if (rows <= CAP + CAP / 10) {
        break;
      }
      throttle.prune().await();
    }
    assertThat(rows).as("rows after %d failures from as many addresses", 3 * CAP).isLessThanOrEqualTo(CAP + CAP / 10);
    long lockedAttacker = pool.preparedQuery("SELECT count(*) AS n FROM login_throttle WHERE username_key = 'target'"
            + " AND address = $1 AND locked_until IS NOT NULL").execute(Tuple.of(ATTACKER)).await().iterator().next()
        .getLong("n");
    assertThat(lockedAttacker).as("the locked pair is pruned last").isEqualTo(1);
    assertProblem(login("target", PW, ATTACKER), 401);
  }
}
