package io.gridwatch.auth;

import static io.gridwatch.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.testing.NeedsDatabase;
import io.gridwatch.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cookie-authenticated changes must come from a page of this server (issue 10, item 5): a real
 * server, requests carrying the session cookie and the headers a browser would send. The
 * example of the issue is {@code POST /api/auth/totp/setup}, which has no body and replaces the
 * pending second-factor key.
 */
@NeedsDatabase
class CrossSiteRequestTest {
  private static final String PW = "same origin only please";
  private static final String PUBLIC_ORIGIN = "https://gridwatch.example.org";
  private static TestServer server;
  private static String own;

  @BeforeAll
  static void start() {
    server = TestServer.start(false, Map.of("GRIDWATCH_AUTH_LOGIN_RATE_PER_MINUTE", "10000",
        "GRIDWATCH_HTTP_ALLOWED_ORIGINS", PUBLIC_ORIGIN), Clock.systemUTC());
    own = "http://127.0.0.1:" + server.app().httpPort();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** A signed-in browser: the session token, sent as the cookie. */
  private static Session signIn(String name) {
    User u = server.createUser(name, Role.INSPECTOR, null, PW);
    return new Session(u, TestServer.token(server.login(name, PW)));
  }

  private record Session(User user, String token) {
    HttpResponse<String> setupTotp(String... headers) {
      HttpRequest.Builder b = HttpRequest.newBuilder(server.uri("/api/auth/totp/setup"))
          .header("Cookie", SessionCookie.NAME + "=" + token).POST(HttpRequest.BodyPublishers.noBody());
      for (int i = 0; i < headers.length; i += 2) {
        b.header(headers[i], headers[i + 1]);
      }
      return server.send(b);
    }

    byte[] pendingKey() {
      Buffer b = server.app().pool().preparedQuery("SELECT totp_pending FROM app_user WHERE id = $1")
          .execute(Tuple.of(user.id())).await().iterator().next().getBuffer("totp_pending");
      return b == null ? null : b.getBytes();
    }
  }

  @Test
  void a_cookie_request_from_another_site_is_403_and_changes_nothing() {
    Session s = signIn("csrf-victim");
    assertThat(s.setupTotp("Origin", own).statusCode()).isEqualTo(200);
    byte[] before = s.pendingKey();
    assertThat(before).isNotNull();

    for (String[] headers : new String[][] {
        {"Origin", "http://evil.example"},
        {"Origin", "null"},
        {"Origin", "http://127.0.0.1:" + (server.app().httpPort() + 1)},
        {"Origin", "https://127.0.0.1:" + server.app().httpPort()},
        {"Sec-Fetch-Site", "cross-site"},
        {"Sec-Fetch-Site", "same-site"},
        // The Origin decides when both are present.
        {"Origin", "http://evil.example", "Sec-Fetch-Site", "same-origin"},
        // Neither header: no browser sends a POST like that; scripts use the bearer token.
        {}}) {
      HttpResponse<String> r = s.setupTotp(headers);
      assertProblem(r, 403);
      assertThat(TestServer.json(r).getString("type")).as(String.join(" ", headers)).endsWith("cross-site-request");
    }
    assertThat(Arrays.equals(s.pendingKey(), before)).as("the pending key was not replaced").isTrue();
    // The session itself is untouched: reads work, and so does a change from the page's own origin.
    HttpResponse<String> me = server.send(HttpRequest.newBuilder(server.uri("/api/auth/me"))
        .header("Cookie", SessionCookie.NAME + "=" + s.token()).header("Origin", "http://evil.example").GET());
    assertThat(me.statusCode()).isEqualTo(200);
  }

  @Test
  void a_cookie_request_from_the_servers_own_pages_or_a_configured_origin_is_let_through() {
    Session s = signIn("same-origin-user");
    assertThat(s.setupTotp("Origin", own).statusCode()).isEqualTo(200);
    byte[] first = s.pendingKey();
    assertThat(s.setupTotp("Sec-Fetch-Site", "same-origin").statusCode()).isEqualTo(200);
    byte[] second = s.pendingKey();
    assertThat(second).isNotEqualTo(first);
    assertThat(s.setupTotp("Origin", PUBLIC_ORIGIN).statusCode()).isEqualTo(200);
    assertThat(s.pendingKey()).isNotEqualTo(second);
  }

  @Test
  void a_bearer_request_is_not_affected_by_its_origin() {
    Session s = signIn("bearer-user");
    HttpResponse<String> r = server.send(HttpRequest.newBuilder(server.uri("/api/auth/totp/setup"))
        .header("Authorization", "Bearer " + s.token()).header("Origin", "http://evil.example")
        .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(s.pendingKey()).isNotNull();
  }

  @Test
  void signing_in_from_another_sites_page_is_refused_before_any_password_is_checked() {
    server.createUser("login-csrf", Role.OPERATOR, null, PW);
    String body = new JsonObject().put("username", "login-csrf").put("password", PW).encode();
    HttpResponse<String> evil = server.send(HttpRequest.newBuilder(server.uri("/api/auth/login"))
        .header("Content-Type", "application/json").header("Origin", "http://evil.example")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
    assertProblem(evil, 403);
    assertThat(evil.headers().firstValue("Set-Cookie")).isEmpty();
    assertThat(server.audit("auth.login")).noneMatch(a -> "login-csrf".equals(a.getString("actor_name")));

    HttpResponse<String> crossSite = server.send(HttpRequest.newBuilder(server.uri("/api/auth/login"))
        .header("Content-Type", "application/json").header("Sec-Fetch-Site", "cross-site")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
    assertProblem(crossSite, 403);

    HttpResponse<String> ownPage = server.send(HttpRequest.newBuilder(server.uri("/api/auth/login"))
        .header("Content-Type", "application/json").header("Origin", own)
        .POST(HttpRequest.BodyPublishers.ofString(body)));
    assertThat(ownPage.statusCode()).as(ownPage.body()).isEqualTo(200);
    // A script (no Origin, no Sec-Fetch-Site) signs in as before.
    assertThat(server.login("login-csrf", PW).statusCode()).isEqualTo(200);
  }

  @Test
  void logging_out_with_the_cookie_needs_the_own_origin_too() {
    Session s = signIn("logout-csrf");
    HttpResponse<String> forged = server.send(HttpRequest.newBuilder(server.uri("/api/auth/logout"))
        .header("Cookie", SessionCookie.NAME + "=" + s.token()).header("Origin", "http://evil.example")
        .POST(HttpRequest.BodyPublishers.noBody()));
    assertProblem(forged, 403);
    assertThat(server.withToken(s.token()).get("/api/auth/me").statusCode()).as("still signed in").isEqualTo(200);
  }
}
