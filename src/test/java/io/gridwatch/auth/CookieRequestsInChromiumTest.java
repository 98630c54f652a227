package io.gridwatch.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Request;
import io.gridwatch.testing.BrowserExtension;
import io.gridwatch.testing.NeedsBrowser;
import io.gridwatch.testing.TestServer;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The origin rule against a real browser (Debian's Chromium through Playwright): requests made
 * the way the wall makes them ({@code fetch} with {@code credentials: 'same-origin'}, see
 * webroot/js/shared/api.js) carry the page's Origin, so signing in, cookie-authenticated changes and
 * signing out keep working.
 */
@NeedsBrowser
class CookieRequestsInChromiumTest {
  private static final String PW = "chromium sends its origin";
  private static TestServer server;
  @RegisterExtension
  static final BrowserExtension browser = new BrowserExtension();

  @BeforeAll
  static void start() {
    server = TestServer.start(false, Map.of(), Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void the_walls_own_requests_sign_in_change_and_sign_out_with_the_cookie() {
    server.createUser("chromium-user", Role.SUPERVISOR, null, PW);
    Page page = browser.newPage(new Browser.NewContextOptions());
    List<Request> posts = new java.util.concurrent.CopyOnWriteArrayList<>();
    page.onRequest(r -> {
      if ("POST".equals(r.method())) {
        posts.add(r);
      }
    });
    page.navigate(server.uri("/").toString());
    String own = "http://127.0.0.1:" + server.app().httpPort();

    Object login = page.evaluate("async () => (await fetch('/api/auth/login', {method: 'POST', credentials:"
        + " 'same-origin', headers: {'Content-Type': 'application/json', Accept: 'application/json'},"
        + " body: JSON.stringify({username: 'chromium-user', password: '" + PW + "'})})).status");
    assertThat(login).isEqualTo(200);
    // Cookie only from here on: the page never sees the token (HttpOnly) and sends no Authorization.
    Object setup = page.evaluate("async () => (await fetch('/api/auth/totp/setup', {method: 'POST',"
        + " credentials: 'same-origin', headers: {Accept: 'application/json'}})).status");
    assertThat(setup).isEqualTo(200);
    Object logout = page.evaluate("async () => (await fetch('/api/auth/logout', {method: 'POST',"
        + " credentials: 'same-origin'})).status");
    assertThat(logout).isEqualTo(204);
    Object me = page.evaluate("async () => (await fetch('/api/auth/me', {credentials: 'same-origin'})).status");
    assertThat(me).isEqualTo(401);

    // What Chromium really sent (allHeaders: including Origin, which headers() leaves out).
    Map<String, String> originOf = new java.util.HashMap<>();
    posts.forEach(r -> originOf.put(r.url().replaceFirst("^https?://[^/]+", ""), r.allHeaders().get("origin")));
    assertThat(originOf).containsEntry("/api/auth/login", own).containsEntry("/api/auth/totp/setup", own)
        .containsEntry("/api/auth/logout", own);
  }
}
