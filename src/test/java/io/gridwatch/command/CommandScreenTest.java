package io.gridwatch.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.gridwatch.auth.Role;
import io.gridwatch.testing.CaseFlows;
import io.gridwatch.testing.NeedsBrowser;
import io.gridwatch.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The leadership command screen at /command/ in a real Chromium against the shared server: it
 * loads with nothing from outside the machine, ECharts draws the trend and the ranking, the key
 * figures are the API's, the ranking lists the districts, Chinese first and English on the switch,
 * case events refresh the figures, and who may not use it is told so. Writes
 * {@code target/command-screenshots/command.png} (and {@code docs/command.png} with
 * {@code -Dgridwatch.command.docsScreenshot=true}).
 */
@NeedsBrowser
class CommandScreenTest {
  private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
  /** The figures the page takes from GET /api/stats/summary, as the tiles' data-fig names them. */
  private static final List<String> SUMMARY_FIGURES = List.of("received", "registered", "closed", "closureRate",
      "onTimeRate", "amountRecovered", "workersHelped", "massIncidents", "overdue");
  private static TestServer server;
  private static CommandBrowser browser;
  private static CaseFlows flows;

  @BeforeAll
  static void start() {
    server = TestServer.shared();
    browser = new CommandBrowser(server);
    flows = new CaseFlows(server);
  }

  @AfterAll
  static void stop() {
    browser.close();
  }

  private static String user(Role role, String grid) {
    String name = "cmd-" + role.name().toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8);
    server.createUser(name, role, grid, TestServer.PASSWORD);
    return name;
  }

  @Test
  void the_screen_loads_offline_with_the_figures_of_the_api_the_charts_and_the_districts_in_chinese_then_english()
      throws Exception {
    // Some of today's work: three complaints in 锦江区 and 青羊区 (one of 35 workers, declared a mass
    // incident: massIncidents counts incidents), one closed.
    JsonObject a = flows.file(CaseFlows.complaint(104.09, 30.64, 3));
    JsonObject mass = flows.file(CaseFlows.complaint(104.05, 30.67, 35));
    HttpResponse<String> declared = server.as(Role.LEADER).postJson("/api/incidents",
        new JsonObject().put("caseIds", new io.vertx.core.json.JsonArray().add(mass.getLong("caseId"))).encode());
    assertThat(declared.statusCode()).as(declared.body()).isEqualTo(201);
    flows.file(CaseFlows.complaint(104.10, 30.65, 2));
    flows.close(a, "8000.00", 3);
    String leader = user(Role.LEADER, null);

    HttpResponse<String> bare = server.get("/command");
    assertThat(bare.statusCode()).as("/command without the slash").isIn(301, 302, 303, 307, 308);
    assertThat(bare.headers().firstValue("Location").orElse("")).endsWith("/command/");
    HttpResponse<String> html = server.get("/command/");
    assertThat(html.statusCode()).isEqualTo(200);
    assertThat(html.headers().firstValue("Content-Security-Policy").orElse("")).contains("default-src 'self'")
        .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
    HttpResponse<String> echarts = server.get("/vendor/echarts/dist/echarts.min.js");
    assertThat(echarts.statusCode()).as("ECharts is served by the jar").isEqualTo(200);

    Page page = browser.signedIn(leader, null);
    assertThat(page.locator("#screen").isVisible()).isTrue();
    assertThat(page.title()).contains("领导指挥舱");
    assertThat(page.locator(".brand-title").textContent()).contains("领导指挥舱");
    assertThat(page.locator("#scope-name").textContent()).isEqualTo("成都市（全市）");

    // ECharts from the jar: a canvas in each chart container, and an instance behind it.
    for (String chart : List.of("trend-chart", "ranking-chart")) {
      page.waitForFunction("id => { const e = document.getElementById(id);"
          + " return !!e.querySelector('canvas') && !!window.echarts.getInstanceByDom(e); }", chart);
    }
    Object trendPoints = page.evaluate("() => echarts.getInstanceByDom(document.getElementById('trend-chart'))"
        + ".getOption().xAxis[0].data.length");
    assertThat(((Number) trendPoints).intValue()).as("30 days on the trend's axis").isEqualTo(30);

    // The key figures of today and of this month are the API's (waiting out a refresh in flight).
    TestServer.Client api = server.as(Role.LEADER);
    String monthFrom = LocalDate.now(BEIJING).withDayOfMonth(1).atStartOfDay(BEIJING).toOffsetDateTime().toString();
    String tomorrow = LocalDate.now(BEIJING).plusDays(1).atStartOfDay(BEIJING).toOffsetDateTime().toString();
    waitUntil("the tiles show the API's summary of today and of the month", () -> {
      JsonObject today = TestServer.json(api.get("/api/stats/summary"));
      JsonObject month = TestServer.json(api.get("/api/stats/summary?from=" + enc(monthFrom) + "&to=" + enc(tomorrow)));
      List<String> wrong = new ArrayList<>();
      for (String key : SUMMARY_FIGURES) {
        if (!same(today.getValue(key), tile(page, key, "today"))) {
          wrong.add(key + " today: api " + today.getValue(key) + " page " + tile(page, key, "today"));
        }
        if (!"overdue".equals(key) && !same(month.getValue(key), tile(page, key, "month"))) {
          wrong.add(key + " month: api " + month.getValue(key) + " page " + tile(page, key, "month"));
        }
      }
      return wrong.isEmpty() ? null : String.join("; ", wrong);
    });
    JsonObject today = TestServer.json(api.get("/api/stats/summary"));
    assertThat(today.getLong("received")).isGreaterThanOrEqualTo(3);
    assertThat(today.getLong("massIncidents")).isGreaterThanOrEqualTo(1);
    assertThat(page.locator("#figures [data-fig=received] .v-today").textContent())
        .isEqualTo(String.format("%,d", today.getLong("received")));
    assertThat(page.locator("#figures [data-fig=registered] dt").textContent()).isEqualTo("立案");
    // The rates the summary lacks come from the ranking; today's disposal rate exists (a case registered and resolved).
    assertThat(tile(page, "disposalRate", "today")).isNotEmpty();

    // The ranking lists every district the API ranks, by name, in the API's order for the month.
    JsonArray items = TestServer.json(api.get("/api/stats/ranking?level=1&from=" + enc(monthFrom) + "&to=" + enc(tomorrow)))
        .getJsonArray("items");
    assertThat(items.size()).as("the districts of the demo city").isGreaterThanOrEqualTo(10);
    @SuppressWarnings("unchecked")
    List<String> rows = (List<String>) page.evaluate(
        "() => [...document.querySelectorAll('#ranking-rows tr')].map(r => r.dataset.cell)");
    List<String> codes = new ArrayList<>();
    items.forEach(o -> codes.add(((JsonObject) o).getString("cellCode")));
    assertThat(rows).containsExactlyElementsOf(codes);
    String names = page.locator("#ranking-rows").textContent();
    items.forEach(o -> assertThat(names).contains(((JsonObject) o).getString("name")));
    assertThat(page.locator("#ranking-title").textContent()).contains("区县");

    // The map is drawn from our own grid, and nothing left the machine.
    page.waitForFunction("() => window.gwCommand && window.gwCommand.mapView.map.loaded()");
    screenshot(page, "command");
    assertThat(browser.outside).as("requests that would leave the machine").isEmpty();
    assertThat(browser.problems).as("console errors").isEmpty();

    // English on the switch, and back.
    page.locator("#lang-switch").click();
    page.waitForFunction("() => document.querySelector('#figures [data-fig=registered] dt').textContent === 'Registered'");
    assertThat(page.locator(".brand-title").textContent()).isEqualTo("Labour inspection · Command");
    assertThat(page.locator("#ranking-title").textContent()).contains("District");
    assertThat(page.title()).isEqualTo("GridWatch leadership command");
    assertThat(page.evaluate("() => echarts.getInstanceByDom(document.getElementById('trend-chart')).getOption().series[0].name"))
        .isEqualTo("Received");
    page.locator("#lang-switch").click();
    page.waitForFunction("() => document.querySelector('#figures [data-fig=registered] dt').textContent === '立案'");
    assertThat(browser.problems).as("console errors").isEmpty();
    page.context().close();
  }

  @Test
  void a_complaint_filed_while_the_screen_is_open_is_in_the_figures_within_seconds() {
    String leader = user(Role.LEADER, null);
    Page page = browser.signedIn(leader, null);
    page.waitForFunction("() => document.querySelector('#live-status').classList.contains('online')");
    waitUntil("the received tile settles", () -> {
      long api = TestServer.json(server.as(Role.LEADER).get("/api/stats/summary")).getLong("received");
      return same(api, tile(page, "received", "today")) ? null : "api " + api + " page " + tile(page, "received", "today");
    });
    long before = Long.parseLong(tile(page, "received", "today"));
    flows.file(CaseFlows.complaint(104.07, 30.66, 1));
    long filed = System.nanoTime();
    page.waitForFunction("n => Number(document.querySelector('#figures [data-fig=received] .v-today').dataset.value) > n",
        (double) before, new Page.WaitForFunctionOptions().setTimeout(8_000));
    System.out.printf("command: received tile updated %d ms after the complaint%n", (System.nanoTime() - filed) / 1_000_000);
    assertThat(browser.problems).isEmpty();
    page.context().close();
  }

  @Test
  void a_case_a_leader_lists_for_supervision_is_in_the_supervision_list_with_its_unit_and_due_time_within_seconds() {
    String leader = user(Role.LEADER, null);
    Page page = browser.signedIn(leader, null);
    page.waitForFunction("() => document.querySelector('#live-status').classList.contains('online')");
    long caseId = flows.file(CaseFlows.complaint(104.08, 30.66, 4)).getLong("caseId");
    String due = LocalDate.now(BEIJING).plusDays(5).atTime(18, 0).atZone(BEIJING).toOffsetDateTime().toString();
    HttpResponse<String> r = server.as(Role.LEADER).postJson("/api/cases/" + caseId + "/supervision", new JsonObject()
        .put("level", "LISTED").put("unit", "锦江区劳动保障监察大队").put("dueAt", due).put("note", "限期办结").encode());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    Locator row = page.locator("#supervised li[data-case-id='" + caseId + "']");
    row.waitFor(new Locator.WaitForOptions().setTimeout(8_000));
    assertThat(row.locator(".sup").textContent()).isEqualTo("挂牌督办");
    assertThat(row.locator(".c-unit").textContent()).isEqualTo("锦江区劳动保障监察大队");
    assertThat(row.locator(".c-due").textContent()).startsWith("办结时限");
    assertThat(row.getAttribute("class")).doesNotContain("over");
    assertThat(browser.problems).isEmpty();
    page.context().close();
  }

  @Test
  void an_inspector_is_sent_elsewhere_and_an_administrator_without_the_figures_is_told_so() {
    String inspector = user(Role.INSPECTOR, "510104");
    Page page = browser.signedIn(inspector, null);
    assertThat(page.locator("#denied").isVisible()).isTrue();
    assertThat(page.locator("#screen").isVisible()).isFalse();
    assertThat(page.locator("#denied-text").textContent()).contains(inspector).contains("监察员");
    assertThat(page.locator("#denied a[href='/']").isVisible()).isTrue();
    assertThat(page.locator("#denied a[href='/field/']").isVisible()).isTrue();
    page.locator("#denied-logout").click();
    page.waitForSelector("#login:not([hidden])");
    page.context().close();

    // The administrator may open the screen but may not read the figures (403): it says so.
    Page admin = browser.newPage();
    admin.navigate(server.uri("/command/").toString());
    admin.locator("#login-username").fill("admin");
    admin.locator("#login-password").fill(TestServer.PASSWORD);
    admin.locator("#login-submit").click();
    admin.waitForSelector("body[data-ready=true]");
    assertThat(admin.locator("#screen").isVisible()).isTrue();
    admin.waitForSelector("#figures-note:not([hidden])");
    assertThat(admin.locator("#figures-note").textContent()).isEqualTo("无权查看");
    assertThat(browser.problems).isEmpty();
    admin.context().close();
  }

  // ---- helpers

  private static String tile(Page page, String key, String period) {
    return String.valueOf(page.evaluate("([k, p]) => { const e = document.querySelector(`#figures [data-fig=\"${k}\"] .v-${p}`);"
        + " return e ? (e.dataset.value ?? '') : 'missing'; }", List.of(key, period)));
  }

  /** The API's value and the page's data-value (a string) are the same number, or both absent. */
  private static boolean same(Object api, String page) {
    if (api == null) {
      return page.isEmpty();
    }
    if (page.isEmpty() || "missing".equals(page)) {
      return false;
    }
    return new BigDecimal(String.valueOf(api)).compareTo(new BigDecimal(page)) == 0;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** Polls check (null: done, else what is still wrong) every 200 ms for up to 15 s. */
  private static void waitUntil(String what, Supplier<String> check) {
    long end = System.currentTimeMillis() + 15_000;
    String last = null;
    while (System.currentTimeMillis() < end) {
      last = check.get();
      if (last == null) {
        return;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError(what + ": " + last);
  }

  private static void screenshot(Page page, String name) throws java.io.IOException {
    browser.screenshot(page, name);
    if (Boolean.getBoolean("gridwatch.command.docsScreenshot")) {
      Path docs = Paths.get("docs", "command.png");
      Files.copy(CommandBrowser.SCREENSHOTS.resolve(name + ".png"), docs, StandardCopyOption.REPLACE_EXISTING);
    }
  }

}
