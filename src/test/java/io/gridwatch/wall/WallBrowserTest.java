package io.gridwatch.wall;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import io.gridwatch.auth.Role;
import io.gridwatch.testing.CaseFlows;
import io.gridwatch.testing.NeedsBrowser;
import io.gridwatch.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The wall in Chromium against the shared server: login, grid, queue, case timeline, language. */
@NeedsBrowser
class WallBrowserTest {
  private static TestServer server;
  @RegisterExtension
  static final WallBrowser browser = new WallBrowser(() -> server);
  private static CaseFlows flows;

  @BeforeAll
  static void start() {
    server = TestServer.shared();
    flows = new CaseFlows(server);
  }

  private static Number number(Page page, String script) {
    return (Number) page.evaluate(script);
  }

  @Test
  void the_page_and_its_packages_come_from_the_server_with_a_strict_policy() {
    HttpResponse<String> index = server.get("/");
    assertThat(index.statusCode()).isEqualTo(200);
    assertThat(index.body()).contains("vendor/maplibre-gl/dist/maplibre-gl.css").doesNotContain("http://", "https://");
    assertThat(index.headers().firstValue("Content-Security-Policy").orElse("")).contains("default-src 'self'");
    HttpResponse<String> maplibre = server.get("/vendor/maplibre-gl/dist/maplibre-gl.mjs");
    assertThat(maplibre.statusCode()).isEqualTo(200);
    assertThat(maplibre.headers().firstValue("Content-Type").orElse("")).startsWith("text/javascript");
    assertThat(server.get("/vendor/sockjs-client/dist/sockjs.min.js").statusCode()).isEqualTo(200);
    assertThat(server.get("/vendor/vertx-eventbus/vertx-eventbus.js").statusCode()).isEqualTo(200);
    // The page's own ES modules (shared/ with the field app and the command screen): served as
    // JavaScript (a module with another type is refused) and revalidated on every load.
    for (String module : java.util.List.of("/js/wall.js", "/js/shared/api.js", "/js/shared/live.js", "/js/shared/i18n.js",
        "/js/shared/map.js", "/js/shared/format.js", "/js/shared/dom.js")) {
      HttpResponse<String> js = server.get(module);
      assertThat(js.statusCode()).as(module).isEqualTo(200);
      assertThat(js.headers().firstValue("Content-Type").orElse("")).as(module).startsWith("text/javascript");
      assertThat(js.headers().firstValue("Cache-Control").orElse("")).as(module).contains("no-cache");
    }
    assertThat(server.get("/package.json").statusCode()).isEqualTo(404);
    // The API keeps answering with problems, not pages.
    assertThat(server.get("/api/no-such-thing").statusCode()).isEqualTo(401);
  }

  @Test
  void an_operator_logs_in_and_sees_every_district_then_streets_and_communities_as_they_zoom_in() {
    String operator = WallTestData.user(server, Role.OPERATOR, null);
    Page page = browser.loggedIn(operator, TestServer.PASSWORD);
    assertThat(page.locator("#login").isHidden()).isTrue();
    page.waitForFunction("() => gw.renderedCells(1) === 20");
    browser.screenshot(page, "city");
    assertThat(number(page, "() => gw.renderedCells(2)").intValue()).as("streets are not drawn at city zoom").isZero();
    page.evaluate("() => { gw.map.jumpTo({center: [104.07, 30.66], zoom: 10.6}); }");
    page.waitForFunction("() => gw.renderedCells(2) > 5");
    page.evaluate("() => { gw.map.jumpTo({center: [104.07, 30.66], zoom: 12.5}); }");
    page.waitForFunction("() => gw.renderedCells(3) > 5");
    browser.screenshot(page, "communities");
    assertThat(browser.problems).isEmpty();
    page.context().close();
  }

  @Test
  void a_case_filed_through_the_api_is_in_the_queue_and_on_the_map() {
    String operator = WallTestData.user(server, Role.OPERATOR, WallTestData.PENGZHOU);
    JsonObject c = flows.file(WallTestData.complaintInPengzhou(4));
    Page page = browser.loggedIn(operator, TestServer.PASSWORD);
    page.waitForSelector("#queue li[data-case-id='" + c.getLong("caseId") + "']");
    assertThat(page.locator("#queue li[data-case-id='" + c.getLong("caseId") + "']").textContent())
        .contains(c.getString("caseNo"));
    assertThat((Boolean) page.evaluate("id => gw.mappedCaseIds().includes(id)", c.getInteger("caseId"))).isTrue();
    browser.screenshot(page, "queue");
    page.context().close();
  }

  @Test
  void clicking_a_case_in_the_queue_shows_its_details_and_timeline() {
    String operator = WallTestData.user(server, Role.OPERATOR, WallTestData.PENGZHOU);
    JsonObject c = flows.register(flows.file(WallTestData.complaintInPengzhou(35)));
    Page page = browser.loggedIn(operator, TestServer.PASSWORD);
    page.locator("#queue li[data-case-id='" + c.getLong("caseId") + "']").click();
    page.waitForSelector("#timeline li[data-type=registered]");
    assertThat(page.locator("#timeline li").count()).isEqualTo(2);
    assertThat(page.locator("#timeline li").first().getAttribute("data-type")).isEqualTo("received");
    assertThat(page.locator("#panel").textContent()).contains(c.getString("caseNo"), "群体性事件", "已立案");
    browser.screenshot(page, "case");
    page.context().close();
  }

  @Test
  void a_case_whose_deadlines_are_provisional_says_so_in_the_queue_in_its_panel_and_above_the_queue() {
    String operator = WallTestData.user(server, Role.OPERATOR, WallTestData.PENGZHOU);
    JsonObject c = flows.file(WallTestData.complaintInPengzhou(3));
    // As if its clocks had been counted over a year whose holiday notice is not loaded (that
    // depends on today's date; the rule itself is CalendarYearsApiTest's).
    server.app().pool().preparedQuery("UPDATE case_deadline SET provisional = true WHERE case_id = $1")
        .execute(io.vertx.sqlclient.Tuple.of(c.getLong("caseId"))).await();
    Page page = browser.loggedIn(operator, TestServer.PASSWORD);
    String row = "#queue li[data-case-id='" + c.getLong("caseId") + "']";
    page.waitForSelector(row);
    page.waitForFunction("() => !document.getElementById('provisional-warning').hidden");
    assertThat(page.locator("#provisional-warning").textContent()).contains("暂定");
    assertThat(page.locator(row + " .q-timer").textContent()).contains("暂定");
    // A received complaint is not called accepted: 受理 is a legal act that has not happened.
    assertThat(page.locator(row).textContent()).contains("待受理").doesNotContain("已受理");
    page.locator(row).click();
    page.waitForSelector("#panel .deadline-row");
    assertThat(page.locator("#panel").textContent()).contains("暂定", "受理期限");
    browser.screenshot(page, "provisional");
    page.context().close();
  }

  @Test
  void the_english_switch_changes_every_label_and_back() {
    String leader = WallTestData.user(server, Role.LEADER, null);
    Page page = browser.loggedIn(leader, TestServer.PASSWORD);
    assertThat(page.locator("html").getAttribute("lang")).isEqualTo("zh-CN");
    assertThat(page.locator("[data-i18n='fig.received']").textContent()).isEqualTo("今日接收");
    page.locator("#lang-switch").click();
    assertThat(page.locator("html").getAttribute("lang")).isEqualTo("en");
    assertThat(page.locator("[data-i18n='fig.received']").textContent()).isEqualTo("Received today");
    assertThat(page.locator("[data-i18n='queue.title']").textContent()).startsWith("Queue");
    assertThat(page.locator("#lang-switch").textContent()).isEqualTo("中文");
    browser.screenshot(page, "english");
    page.locator("#lang-switch").click();
    assertThat(page.locator("[data-i18n='fig.received']").textContent()).isEqualTo("今日接收");
    page.context().close();
  }

  @Test
  void times_read_as_the_browser_formats_them_in_beijing_time_in_both_languages() {
    Page page = browser.newPage();
    page.navigate(server.uri("/").toString());
    @SuppressWarnings("unchecked")
    java.util.List<String> mismatches = (java.util.List<String>) page.evaluate("async () => {"
        + " const i18n = await import('/js/shared/i18n.js'); const fmt = await import('/js/shared/format.js'); const out = []; const was = i18n.language();"
        + " for (const [lang, locale] of [['zh-CN', 'zh-CN'], ['en', 'en-GB']]) {"
        + "  i18n.setLanguage(lang);"
        + "  for (const iso of ['2026-11-22T00:57:44Z', '2026-11-21T16:00:00Z', '2027-02-05T15:59:59.900Z']) {"
        + "   const expected = new Date(iso).toLocaleString(locale, { hour12: false, timeZone: 'Asia/Shanghai' });"
        + "   if (fmt.formatTime(iso) !== expected) out.push(lang + ' ' + iso + ': ' + fmt.formatTime(iso) + ' != ' + expected);"
        + "  } }"
        + " i18n.setLanguage(was); return out; }");
    assertThat(mismatches).isEmpty();
    assertThat((String) page.evaluate("async () => (await import('/js/shared/format.js')).formatTime('2026-11-22T00:57:44Z')"))
        .isEqualTo("2026/11/22 08:57:44");
    page.context().close();
  }

  @Test
  void wrong_credentials_keep_the_login_form_with_an_error() {
    Page page = browser.newPage();
    page.navigate(server.uri("/").toString());
    page.locator("#login-username").fill("nobody-" + System.nanoTime());
    page.locator("#login-password").fill("not the password at all");
    page.locator("#login-submit").click();
    page.waitForFunction("() => document.getElementById('login-error').textContent.length > 0");
    assertThat(page.locator("#login-error").textContent()).isEqualTo("用户名或密码错误");
    assertThat(page.locator("#wall").isHidden()).isTrue();
    page.context().close();
  }
}
