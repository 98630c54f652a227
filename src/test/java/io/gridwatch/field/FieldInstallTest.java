package io.gridwatch.field;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import io.gridwatch.auth.Role;
import io.gridwatch.testing.BrowserExtension;
import io.gridwatch.testing.NeedsBrowser;
import io.gridwatch.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The field app is installable: the manifest and the service worker are served with the right
 * types and allowed by the Content-Security-Policy, the worker registers and caches the app shell
 * (and no personal API data), and once loaded the app opens again when the server is gone. A
 * server of its own, which the test stops.
 */
@NeedsBrowser
class FieldInstallTest {
  /** This test's own server (each test starts one, and stops it). */
  private static TestServer server;
  @RegisterExtension
  static final FieldBrowser browser = new FieldBrowser(() -> server);

  @Test
  void the_manifest_and_the_service_worker_are_served_and_the_shell_opens_without_the_server() {
    server = TestServer.start(false);
    try {
      HttpResponse<String> manifest = server.get("/field/manifest.webmanifest");
      assertThat(manifest.statusCode()).isEqualTo(200);
      assertThat(manifest.headers().firstValue("Content-Type").orElse("")).startsWith("application/manifest+json");
      JsonObject m = new JsonObject(manifest.body());
      assertThat(m.getString("name")).isEqualTo("网格监察 · 外勤");
      assertThat(m.getString("start_url")).isEqualTo("/field/");
      assertThat(m.getString("display")).isEqualTo("standalone");
      JsonArray icons = m.getJsonArray("icons");
      assertThat(icons.size()).isGreaterThanOrEqualTo(3);
      for (Object o : icons) {
        JsonObject icon = (JsonObject) o;
        HttpResponse<String> r = server.get("/field/" + icon.getString("src"));
        assertThat(r.statusCode()).as(icon.getString("src")).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).as(icon.getString("src"))
            .startsWith(icon.getString("type"));
      }
      HttpResponse<String> sw = server.get("/field/sw.js");
      assertThat(sw.statusCode()).isEqualTo(200);
      assertThat(sw.headers().firstValue("Content-Type").orElse("")).matches("(text|application)/javascript.*");
      assertThat(sw.headers().firstValue("Cache-Control").orElse("")).as("a new service worker is found at once")
          .contains("no-cache");
      HttpResponse<String> bare = server.get("/field");
      assertThat(bare.statusCode()).as("/field without the slash").isIn(200, 301, 302, 303, 307, 308);
      if (bare.statusCode() != 200) {
        assertThat(bare.headers().firstValue("Location").orElse("")).endsWith("/field/");
      }
      HttpResponse<String> page = server.get("/field/");
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
      String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
      assertThat(csp).contains("default-src 'self'").contains("worker-src 'self'");

      String username = "field-sw-" + System.nanoTime();
      server.createUser(username, Role.INSPECTOR, null, TestServer.PASSWORD);
      Page phone = browser.signIn(browser.phone(412, 915, 104.07, 30.67, true), username, TestServer.PASSWORD);
      Object state = phone.evaluate("() => navigator.serviceWorker.ready.then(r => r.active && r.active.state)");
      assertThat(state).isEqualTo("activated");
      Object scope = phone.evaluate("() => navigator.serviceWorker.ready.then(r => r.scope)");
      assertThat(String.valueOf(scope)).isEqualTo(server.uri("/field/").toString());
      @SuppressWarnings("unchecked")
      List<String> keys = (List<String>) phone.evaluate("() => caches.keys()");
      assertThat(keys).contains("gw-field-v1-shell");
      for (String path : List.of("/field/", "/field/js/app.js", "/field/js/outbox.js", "/field/field.css",
          "/field/manifest.webmanifest", "/js/shared/api.js", "/vendor/maplibre-gl/dist/maplibre-gl.mjs",
          "/vendor/sockjs-client/dist/sockjs.min.js")) {
        Object hit = phone.evaluate("p => caches.match(p).then(r => !!r)", path);
        assertThat(hit).as("the shell cache holds " + path).isEqualTo(true);
      }
      // Reload once under the worker, so that the page and its modules come through it.
      phone.reload();
      phone.waitForSelector("body[data-ready=true]");
      assertThat(phone.evaluate("() => !!navigator.serviceWorker.controller")).isEqualTo(true);
      @SuppressWarnings("unchecked")
      List<String> cached = (List<String>) phone.evaluate("async () => { const out = [];"
          + " for (const k of await caches.keys()) { const c = await caches.open(k);"
          + " for (const r of await c.keys()) out.push(new URL(r.url).pathname); } return out; }");
      assertThat(cached).as("no API answer is cached but the grid's outlines")
          .allSatisfy(p -> assertThat(!p.startsWith("/api/") || p.equals("/api/grid/cells")).as(p).isTrue());
      assertThat(browser.problems).isEmpty();

      // The server goes away; the app still opens (from the cache) as the user last signed in. The
      // page says what it could not reach in the console meanwhile: expected now.
      browser.expectProblems();
      server.close();
      server = null;
      phone.reload();
      phone.waitForSelector("body[data-ready=true]");
      assertThat(phone.locator("#app").isVisible()).isTrue();
      assertThat(phone.locator("#me-name").textContent()).isEqualTo(username);
      assertThat(phone.locator("#duty-toggle").textContent()).isEqualTo("上岗");
      browser.screenshot(phone, "offline-shell");
      phone.context().close();
    } finally {
      if (server != null) {
        server.close();
        server = null;
      }
    }
  }

  /**
   * A new worker takes over cleanly: installed beside the running one, told to skip waiting, it
   * takes over and the page reloads once under it, and then stays (no reload loop). The new
   * worker here is the same sw.js under another script URL (Playwright cannot route a worker's
   * own script fetch, so the bytes cannot be changed); the page itself registers {@code sw.js},
   * so it swaps back once more: two updates, each followed by one reload, then quiet.
   */
  @Test
  void a_new_service_worker_takes_over_and_the_page_reloads_once_per_update() {
    server = TestServer.start(false);
    try {
      String username = "field-swup-" + System.nanoTime();
      server.createUser(username, Role.INSPECTOR, null, TestServer.PASSWORD);
      Page phone = browser.signIn(browser.phone(360, 740, 104.07, 30.67, true), username, TestServer.PASSWORD);
      phone.evaluate("() => navigator.serviceWorker.ready.then(() => true)");
      phone.reload();
      phone.waitForSelector("body[data-ready=true]");
      assertThat(phone.evaluate("() => !!navigator.serviceWorker.controller")).isEqualTo(true);
      java.util.concurrent.atomic.AtomicInteger loads = new java.util.concurrent.atomic.AtomicInteger();
      phone.onLoad(p -> loads.incrementAndGet());
      phone.evaluate("() => { window.__beforeUpdate = true; }");
      phone.evaluate("() => navigator.serviceWorker.register('sw.js?release=2', { scope: './' }).then(() => true)");
      phone.waitForCondition(() -> loads.get() >= 2, new Page.WaitForConditionOptions().setTimeout(45_000));
      phone.waitForSelector("body[data-ready=true]");
      assertThat(phone.evaluate("() => navigator.serviceWorker.controller.scriptURL")).asString().endsWith("/field/sw.js");
      phone.evaluate("() => { window.__settled = true; }");
      // Settled: the page runs under the last worker and none is installing or waiting, so no
      // controllerchange (and no reload) can come any more.
      BrowserExtension.waitUntil(phone, "the service worker settled",
          "() => navigator.serviceWorker.getRegistration().then(r => !!r && !r.installing && !r.waiting"
          + " && !!r.active && r.active.state === 'activated' && r.active === navigator.serviceWorker.controller)",
          null, 30_000);
      assertThat(phone.evaluate("() => window.__settled === true")).as("no further reload").isEqualTo(true);
      assertThat(loads.get()).as("one reload per update").isEqualTo(2);
      assertThat(phone.locator("#me-name").textContent()).isEqualTo(username);
      assertThat(browser.problems).isEmpty();
      phone.context().close();
    } finally {
      server.close();
      server = null;
    }
  }
}
