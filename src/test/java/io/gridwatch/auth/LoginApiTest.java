package io.gridwatch.auth;

import static io.gridwatch.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.testing.MutableClock;
import io.gridwatch.testing.NeedsDatabase;
import io.gridwatch.testing.TestServer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Logging in and staying logged in, against a real server whose clock the test moves: the
 * answers, the cookie, sessions ending, lockouts, the second factor, and what the audit trail
 * keeps of it all. (The rate limit has a server of its own in LoginRateLimitTest.) The clock
 * only moves forward, so admin clients are made fresh ({@code asNew}) where they are used.
 */
@NeedsDatabase
class LoginApiTest {
  private static final String PW = "correct horse battery";
  private static MutableClock clock;
  private static TestServer server;

  @BeforeAll
  static void start() {
    clock = MutableClock.startingNow();
    server = TestServer.start(false, Map.of("GRIDWATCH_AUTH_LOGIN_RATE_PER_MINUTE", "10000"), clock);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<String> me(String token) {
    return server.withToken(token).get("/api/auth/me");
  }

  @Test
  void a_good_login_returns_a_token_the_user_and_a_strict_httponly_cookie() {
    User u = server.createUser("alice", Role.INSPECTOR, null, PW);
    HttpResponse<String> r = server.login("ALICE", PW);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonObject body = TestServer.json(r);
    assertThat(body.getString("token")).matches("[A-Za-z0-9_-]{43}\\.[A-Za-z0-9_-]{43}");
    assertThat(body.getJsonObject("user").getMap()).containsEntry("id", (int) u.id()).containsEntry("username", "alice")
        .containsEntry("role", "INSPECTOR").containsKey("gridCode");
    assertThat(body.getJsonObject("user").fieldNames()).doesNotContain("passwordHash", "password");
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");

    String cookie = r.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie).startsWith("GW_SESSION=" + body.getString("token") + ";");
    assertThat(cookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Strict").contains("Path=/");
    // Plain HTTP here: a Secure cookie would never come back.
    assertThat(cookie).doesNotContainIgnoringCase("Secure;").doesNotEndWith("Secure");
    assertThat(r.body()).doesNotContain(PW).doesNotContain("argon2");
  }

  @Test
  void the_token_works_as_bearer_and_as_cookie_and_logout_ends_both() {
    server.createUser("bob", Role.OPERATOR, null, PW);
    String token = TestServer.token(server.login("bob", PW));
    assertThat(me(token).statusCode()).isEqualTo(200);
    assertThat(TestServer.json(me(token)).getString("username")).isEqualTo("bob");
    HttpResponse<String> viaCookie = server.send(HttpRequest.newBuilder(server.uri("/api/auth/me"))
        .header("Cookie", "GW_SESSION=" + token).GET());
    assertThat(viaCookie.statusCode()).as(viaCookie.body()).isEqualTo(200);

    // A browser's logout: cookie-authenticated changes need the page's own Origin (CrossSiteCheck).
    HttpResponse<String> out = server.send(HttpRequest.newBuilder(server.uri("/api/auth/logout"))
        .header("Cookie", "GW_SESSION=" + token).header("Origin", "http://127.0.0.1:" + server.app().httpPort())
        .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(out.statusCode()).as(out.body()).isEqualTo(204);
    assertThat(out.headers().firstValue("Set-Cookie").orElseThrow()).startsWith("GW_SESSION=;").contains("Max-Age=0");

    assertProblem(me(token), 401);
    HttpResponse<String> staleCookie = server.send(HttpRequest.newBuilder(server.uri("/api/auth/me"))
        .header("Cookie", "GW_SESSION=" + token).GET());
    assertProblem(staleCookie, 401);
    assertThat(staleCookie.headers().firstValue("Set-Cookie").orElse("")).contains("Max-Age=0");
    assertThat(server.audit("auth.logout")).anyMatch(a -> "bob".equals(a.getString("actor_name")));
  }

  @Test
  void wrong_password_unknown_user_and_disabled_user_get_the_same_401() {
    User carol = server.createUser("carol", Role.LEADER, null, PW);
    server.createUser("dave", Role.LEADER, null, PW);
    server.app().accounts().admin().update(io.gridwatch.audit.Actor.system(), carol.id(),
        new UserAdmin.Change(null, null, false, null, true)).await();
    HttpResponse<String> wrong = server.login("dave", PW + "x");
    HttpResponse<String> unknown = server.login("nobody-here", PW);
    HttpResponse<String> disabled = server.login("carol", PW);
    for (HttpResponse<String> r : List.of(wrong, unknown, disabled)) {
      assertProblem(r, 401);
      assertThat(TestServer.json(r).getString("type")).isEqualTo("/problems/login-failed");
      assertThat(r.headers().firstValue("Set-Cookie")).isEmpty();
    }
    assertThat(TestServer.json(wrong).getString("detail")).isEqualTo(TestServer.json(unknown).getString("detail"))
        .isEqualTo(TestServer.json(disabled).getString("detail"));

    List<JsonObject> logins = server.audit("auth.login");
    assertThat(logins).anyMatch(a -> "nobody-here".equals(a.getString("actor_name"))
        && a.getValue("actor_id") == null && "FAILURE".equals(a.getString("outcome"))
        && "unknown-user".equals(a.getJsonObject("detail").getString("reason")));
    assertThat(logins).anyMatch(a -> "carol".equals(a.getString("actor_name"))
        && "disabled".equals(a.getJsonObject("detail").getString("reason")));
    assertThat(logins).allMatch(a -> !a.encode().contains(PW));
  }

  @Test
  void malformed_logins_are_400_with_the_fields_named_and_no_password_echoed() {
    HttpResponse<String> r = server.postJson("/api/auth/login", "{\"username\":\"x\",\"password\":\"\",\"pin\":1}");
    assertProblem(r, 400);
    assertThat(r.body()).contains("\"field\":\"password\"").contains("\"field\":\"pin\"");
    assertProblem(server.postJson("/api/auth/login", "{\"username\":\"x\",\"password\":42}"), 400);
    assertProblem(server.postJson("/api/auth/login", "not json"), 400);
  }

  @Test
  void without_a_session_every_api_route_but_login_and_the_contract_is_401() {
    HttpResponse<String> r = server.get("/api/auth/me");
    assertProblem(r, 401);
    assertThat(r.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
    assertProblem(server.withToken("garbage").get("/api/auth/me"), 401);
    assertProblem(server.withToken("a.b").get("/api/grid/cells"), 401);
    assertProblem(server.send(HttpRequest.newBuilder(server.uri("/api/auth/me")).header("Authorization", "Basic Zm9vOmJhcg==")
        .GET()), 401);
    // A token signed with another key (forged) is refused before any database lookup.
    String real = server.asNew(Role.OPERATOR).token();
    String forged = real.substring(0, real.indexOf('.') + 1) + "A".repeat(43);
    assertProblem(server.withToken(forged).get("/api/auth/me"), 401);
    assertThat(server.get("/api/openapi.yaml").statusCode()).isEqualTo(200);
    assertThat(server.get("/health").statusCode()).isEqualTo(200);
  }

  @Test
  void a_session_ends_after_30_idle_minutes_and_last_seen_is_written_at_most_once_a_minute() {
    server.createUser("erin", Role.ASSISTANT, null, PW);
    String token = TestServer.token(server.login("erin", PW));
    OffsetDateTime created = lastSeen(token);

    clock.advance(Duration.ofSeconds(30));
    assertThat(me(token).statusCode()).isEqualTo(200);
    assertThat(lastSeen(token)).isEqualTo(created);

    clock.advance(Duration.ofSeconds(31));
    assertThat(me(token).statusCode()).isEqualTo(200);
    OffsetDateTime touched = lastSeen(token);
    assertThat(Duration.between(created, touched)).isEqualTo(Duration.ofSeconds(61));

    clock.advance(Duration.ofMinutes(29));
    assertThat(me(token).statusCode()).isEqualTo(200);

    clock.advance(Duration.ofMinutes(30));
    HttpResponse<String> expired = me(token);
    assertProblem(expired, 401);
    assertThat(TestServer.json(expired).getString("detail")).contains("30 minutes");
    assertThat(sessionRow(token).getString("revoked_why")).isEqualTo("idle");
  }

  @Test
  void five_wrong_passwords_lock_the_account_for_ten_minutes_even_against_the_right_one() {
    User u = server.createUser("frank", Role.SUPERVISOR, null, PW);
    for (int i = 1; i <= 5; i++) {
      assertProblem(server.login("frank", "wrong password " + i), 401);
      // From the 3rd failure on the next attempt must wait (LoginThrottleTest); wait it out.
      clock.advance(Duration.ofMinutes(1));
    }
    HttpResponse<String> locked = server.login("frank", PW);
    assertProblem(locked, 401);
    assertThat(TestServer.json(locked).getString("detail")).isEqualTo(AuthService.LOGIN_FAILED_DETAIL);

    List<JsonObject> lockouts = server.audit("auth.lockout");
    assertThat(lockouts).filteredOn(a -> "frank".equals(a.getString("actor_name"))).singleElement()
        .satisfies(a -> {
          assertThat(a.getString("object_id")).isEqualTo(String.valueOf(u.id()));
          assertThat(a.getJsonObject("detail").getInteger("attempts")).isEqualTo(5);
          assertThat(a.getJsonObject("detail").getString("lockedUntil")).isNotBlank();
        });
    List<JsonObject> franks = server.audit("auth.login").stream()
        .filter(a -> "frank".equals(a.getString("actor_name"))).toList();
    assertThat(franks).hasSize(6);
    assertThat(franks.subList(0, 5)).allMatch(a -> "wrong-password".equals(a.getJsonObject("detail").getString("reason")));
    assertThat(franks.get(4).getJsonObject("detail").getInteger("failedInARow")).isEqualTo(5);
    assertThat(franks.get(5).getJsonObject("detail").getString("reason")).isEqualTo("locked");
    assertThat(franks).allMatch(a -> !a.encode().contains("wrong password"));

    HttpResponse<String> asAdmin = server.asNew(Role.ADMIN).get("/api/users/" + u.id());
    assertThat(TestServer.json(asAdmin).getBoolean("locked")).isTrue();

    clock.advance(Duration.ofMinutes(10).plusSeconds(1));
    assertThat(server.login("frank", PW).statusCode()).isEqualTo(200);
  }

  @Test
  void without_trusted_proxies_x_forwarded_for_is_ignored_and_cannot_dodge_the_lockout() {
    server.createUser("xff-user", Role.OPERATOR, null, PW);
    for (int i = 1; i <= 5; i++) {
      // A different made-up address each time: were it believed, no address would reach five.
      assertProblem(loginFrom("xff-user", "wrong " + i, "203.0.113." + i), 401);
      clock.advance(Duration.ofMinutes(1));
    }
    assertProblem(loginFrom("xff-user", PW, "198.51.100.1"), 401);
    assertThat(server.audit("auth.login")).filteredOn(a -> "xff-user".equals(a.getString("actor_name")))
        .extracting(a -> a.getString("address")).containsOnly("127.0.0.1");
    assertThat(server.audit("auth.lockout")).filteredOn(a -> "xff-user".equals(a.getString("actor_name")))
        .singleElement().satisfies(a -> assertThat(a.getString("address")).isEqualTo("127.0.0.1"));
  }

  private static HttpResponse<String> loginFrom(String username, String password, String forwardedFor) {
    return server.send(HttpRequest.newBuilder(server.uri("/api/auth/login"))
        .header("Content-Type", "application/json").header("X-Forwarded-For", forwardedFor)
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("username", username)
            .put("password", password).encode())));
  }

  @Test
  void an_admin_unlocks_a_locked_account_at_once() {
    User u = server.createUser("gina", Role.INSPECTOR, null, PW);
    for (int i = 0; i < 5; i++) {
      assertProblem(server.login("gina", "nope-nope-" + i), 401);
      clock.advance(Duration.ofMinutes(1));
    }
    assertProblem(server.login("gina", PW), 401);
    HttpResponse<String> unlocked = server.asNew(Role.ADMIN).postJson("/api/users/" + u.id() + "/unlock", "");
    assertThat(unlocked.statusCode()).as(unlocked.body()).isEqualTo(200);
    assertThat(TestServer.json(unlocked).getBoolean("locked")).isFalse();
    assertThat(server.login("gina", PW).statusCode()).isEqualTo(200);
    assertThat(server.audit("user.unlock")).anyMatch(a -> String.valueOf(u.id()).equals(a.getString("object_id")));
  }

  @Test
  void changing_ones_password_checks_the_old_one_and_ends_the_other_sessions() {
    server.createUser("hank", Role.OPERATOR, null, PW);
    String keep = TestServer.token(server.login("hank", PW));
    String other = TestServer.token(server.login("hank", PW));
    TestServer.Client c = server.withToken(keep);

    HttpResponse<String> wrong = c.postJson("/api/auth/password", "{\"current\":\"not it at all\",\"new\":\"a new passphrase\"}");
    assertProblem(wrong, 403);
    assertThat(wrong.body()).contains("\"field\":\"current\"");
    HttpResponse<String> weak = c.postJson("/api/auth/password", "{\"current\":\"" + PW + "\",\"new\":\"short\"}");
    assertProblem(weak, 400);
    assertThat(weak.body()).contains("\"field\":\"new\"").contains("10").doesNotContain("short\"");

    HttpResponse<String> ok = c.postJson("/api/auth/password", "{\"current\":\"" + PW + "\",\"new\":\"a new passphrase\"}");
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(204);
    assertThat(me(keep).statusCode()).isEqualTo(200);
    assertProblem(me(other), 401);
    assertProblem(server.login("hank", PW), 401);
    assertThat(server.login("hank", "a new passphrase").statusCode()).isEqualTo(200);
    assertThat(server.audit("auth.password.change")).anyMatch(a -> "SUCCESS".equals(a.getString("outcome"))
        && "hank".equals(a.getString("actor_name")));
  }

  @Test
  void with_a_second_factor_login_needs_a_fresh_code_from_the_authenticator() {
    server.createUser("ivy", Role.INSPECTOR, null, PW);
    TestServer.Client c = server.withToken(TestServer.token(server.login("ivy", PW)));
    HttpResponse<String> setup = c.postJson("/api/auth/totp/setup", "");
    assertThat(setup.statusCode()).as(setup.body()).isEqualTo(200);
    JsonObject s = TestServer.json(setup);
    assertThat(s.getString("uri")).startsWith("otpauth://totp/GridWatch:ivy?secret=" + s.getString("secret"));
    byte[] key = Base32.decode(s.getString("secret"));

    // Not active until a code proves the app has the key.
    assertThat(server.login("ivy", PW).statusCode()).isEqualTo(200);
    String wrongCode = Totp.code(key, Totp.step(clock.instant()) + 5);
    assertProblem(c.postJson("/api/auth/totp/enable", "{\"code\":\"" + wrongCode + "\"}"), 422);
    String now = Totp.code(key, Totp.step(clock.instant()));
    assertThat(c.postJson("/api/auth/totp/enable", "{\"code\":\"" + now + "\"}").statusCode()).isEqualTo(204);
    assertProblem(c.postJson("/api/auth/totp/setup", ""), 409);

    HttpResponse<String> without = server.login("ivy", PW);
    assertProblem(without, 401);
    assertThat(TestServer.json(without).getString("type")).isEqualTo("/problems/second-factor-required");
    HttpResponse<String> replayed = login("ivy", PW, now);
    assertProblem(replayed, 401);
    assertThat(TestServer.json(replayed).getString("type")).isEqualTo("/problems/second-factor-required");
    HttpResponse<String> wrongPasswordRightCode = login("ivy", "not the password", now);
    assertThat(TestServer.json(wrongPasswordRightCode).getString("type")).isEqualTo("/problems/login-failed");

    clock.advance(Duration.ofSeconds(Totp.PERIOD_SECONDS));
    String next = Totp.code(key, Totp.step(clock.instant()));
    HttpResponse<String> ok = login("ivy", PW, next);
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    assertProblem(login("ivy", PW, next), 401);
    assertThat(server.audit("auth.login")).anyMatch(a -> "ivy".equals(a.getString("actor_name"))
        && "SUCCESS".equals(a.getString("outcome")) && a.getJsonObject("detail").getBoolean("secondFactor"));

    assertProblem(c.postJson("/api/auth/totp/disable", "{\"password\":\"not the password\"}"), 403);
    assertThat(c.postJson("/api/auth/totp/disable", "{\"password\":\"" + PW + "\"}").statusCode()).isEqualTo(204);
    assertThat(server.login("ivy", PW).statusCode()).isEqualTo(200);
    assertThat(server.audit("auth.totp.enable")).hasSizeGreaterThanOrEqualTo(1);
    assertThat(server.audit("auth.totp.disable")).hasSizeGreaterThanOrEqualTo(1);
  }

  private static HttpResponse<String> login(String username, String password, String totp) {
    return server.postJson("/api/auth/login", new JsonObject().put("username", username).put("password", password)
        .put("totp", totp).encode());
  }

  private static JsonObject sessionRow(String token) {
    byte[] idHash = SessionTokens.sha256(java.util.Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))));
    return server.app().pool().preparedQuery("SELECT last_seen, revoked_why FROM auth_session WHERE id_hash = $1")
        .execute(Tuple.of(io.vertx.core.buffer.Buffer.buffer(idHash))).await().iterator().next().toJson();
  }

  private static OffsetDateTime lastSeen(String token) {
    return OffsetDateTime.parse(sessionRow(token).getString("last_seen"));
  }
}
