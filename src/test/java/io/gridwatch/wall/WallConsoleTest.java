package io.gridwatch.wall;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Keyboard;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.gridwatch.auth.Role;
import io.gridwatch.auth.User;
import io.gridwatch.testing.BrowserExtension;
import io.gridwatch.testing.CaseFlows;
import io.gridwatch.testing.NeedsBrowser;
import io.gridwatch.testing.TestServer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operator's console on the wall (issue 11, item 6) in Chromium against the real server: a
 * complaint filed from the keyboard through the intake form (once, though save is pressed
 * twice), the dispatch panel's candidates with their reasons and the one-click dispatch, the
 * staff layer and the assignment line (read from the map's sources, not from pixels), a stale
 * version answered by a reload, the alerts, and the layout on a 412 px phone. Screenshots go to
 * target/wall-screenshots/.
 */
@NeedsBrowser
class WallConsoleTest {
  private static TestServer server;
  @RegisterExtension
  static final WallBrowser browser = new WallBrowser(() -> server);
  private static CaseFlows flows;

  @BeforeAll
  static void start() {
    server = TestServer.shared();
    flows = new CaseFlows(server);
  }

  private static String activeId(Page page) {
    return (String) page.evaluate("() => document.activeElement && document.activeElement.id");
  }

  private static void tab(Page page, int times) {
    for (int i = 0; i < times; i++) {
      page.keyboard().press("Tab");
    }
  }

  /** Waits until the async predicate (e.g. one reading a map source's data, which MapLibre gives as a promise) holds. */
  private static void waitAsync(Page page, String predicate, Object arg) {
    BrowserExtension.waitUntil(page, predicate, predicate, arg, 15_000);
  }

  private static long casesWithDescription(String description) {
    return server.app().pool().preparedQuery("SELECT count(*) AS n FROM case_file WHERE description = $1")
        .execute(Tuple.of(description)).await().iterator().next().getLong("n");
  }

  @Test
  void an_operator_files_a_complaint_from_the_keyboard_and_it_is_on_the_wall_and_filed_once_though_saved_twice() {
    Page page = browser.loggedIn(WallTestData.user(server, Role.OPERATOR, WallTestData.PENGZHOU), TestServer.PASSWORD);
    page.waitForFunction("() => gw.state.liveStatus === 'online'");
    String description = "键盘受理测试 " + UUID.randomUUID();
    Keyboard keys = page.keyboard();

    keys.press("n");
    page.waitForSelector("#intake:not([hidden])");
    assertThat(activeId(page)).as("the form opens on its first field").isEqualTo("in-channel");
    tab(page, 1);
    assertThat(activeId(page)).isEqualTo("in-category");
    page.waitForFunction("() => document.querySelectorAll('#in-category option').length > 1");
    keys.press("ArrowDown"); // the first category: wage arrears
    assertThat(page.locator("#in-category").inputValue()).isEqualTo("WAGE_ARREARS");
    // Its attributes follow (months unpaid, project, construction, contractor), then the place.
    tab(page, 2);
    assertThat(activeId(page)).isEqualTo("in-attr-monthsUnpaid");
    keys.type("3");
    tab(page, 4);
    assertThat(activeId(page)).isEqualTo("in-place-q");
    tab(page, 1);
    assertThat(activeId(page)).isEqualTo("in-lon");
    keys.type("103.962, 30.997"); // a pasted pair goes into both fields
    tab(page, 1);
    assertThat(page.locator("#in-lon").inputValue()).isEqualTo("103.962");
    assertThat(page.locator("#in-lat").inputValue()).isEqualTo("30.997");
    page.waitForFunction("() => document.getElementById('in-place-status').textContent.includes('彭州市')");
    tab(page, 3);
    assertThat(activeId(page)).isEqualTo("in-emp-name");
    keys.type("彭州键盘测试建筑劳务有限公司");
    tab(page, 2);
    assertThat(activeId(page)).isEqualTo("in-workers");
    keys.type("4");
    tab(page, 1);
    keys.type("24000");
    tab(page, 1);
    assertThat(activeId(page)).isEqualTo("in-desc");
    keys.type(description);
    tab(page, 1);
    keys.type("李四");
    tab(page, 1);
    keys.type("13912345678");
    assertThat(activeId(page)).isEqualTo("in-c-phone");
    browser.screenshot(page, "console-intake");
    // Saved with Enter, and Enter again at once: one case.
    AtomicInteger filings = new AtomicInteger();
    AtomicInteger answered = new AtomicInteger();
    java.util.function.Predicate<com.microsoft.playwright.Request> filing =
        r -> "POST".equals(r.method()) && r.url().endsWith("/api/complaints");
    page.onRequest(r -> { if (filing.test(r)) filings.incrementAndGet(); });
    page.onRequestFinished(r -> { if (filing.test(r)) answered.incrementAndGet(); });
    page.onRequestFailed(r -> { if (filing.test(r)) answered.incrementAndGet(); });
    keys.press("Enter");
    keys.press("Enter");
    page.waitForFunction("() => document.getElementById('intake').hidden");
    assertThat(page.locator("#toasts").textContent()).contains("已受理");
    page.waitForFunction("d => [...gw.state.cases.values()].some(c => c.employer && c.employer.name === d)",
        "彭州键盘测试建筑劳务有限公司");
    Number caseId = (Number) page.evaluate("d => [...gw.state.cases.values()].find(c => c.employer"
        + " && c.employer.name === d).caseId", "彭州键盘测试建筑劳务有限公司");
    // On the wall at once: the queue, the map and the case's panel.
    page.waitForFunction("id => gw.queueIds().includes(id) && gw.mappedCaseIds().includes(id)", caseId);
    page.waitForFunction("id => gw.state.shownCase && gw.state.shownCase.caseId === id", caseId);
    // Every filing the page sent has been answered: a second one would be in the database now.
    page.waitForCondition(() -> filings.get() > 0 && answered.get() == filings.get());
    assertThat(casesWithDescription(description)).as("filed once").isEqualTo(1);
    JsonObject filed = TestServer.json(server.as(Role.SUPERVISOR).get("/api/cases/" + caseId));
    assertThat(filed.getString("channel")).isEqualTo("HOTLINE");
    assertThat(filed.getString("category")).isEqualTo("WAGE_ARREARS");
    assertThat(filed.getString("cellCode")).startsWith(WallTestData.PENGZHOU);
    assertThat(filed.getInteger("workersInvolved")).isEqualTo(4);
    assertThat(filed.getString("amountOwed")).isEqualTo("24000.00");
    assertThat(filed.getJsonObject("attributes").getInteger("monthsUnpaid")).isEqualTo(3);
    browser.screenshot(page, "console-filed");
    // Esc closes the case's panel and gives the focus back.
    keys.press("Escape");
    assertThat(page.locator("#panel").isHidden()).isTrue();
    assertThat(browser.problems).isEmpty();
    page.context().close();
  }

  /** An inspector of grid cell {@code cell}, on duty at {@code lon, lat}. */
  private static User inspectorOnDuty(String cell, double lon, double lat) {
    User u = server.createUser("console-inspector-" + UUID.randomUUID().toString().substring(0, 8), Role.INSPECTOR, cell,
        TestServer.PASSWORD);
    TestServer.Client phone = server.withToken(server.newSession(u));
    HttpResponse<String> s = phone.postJson("/api/me/status", "{\"status\":\"AVAILABLE\"}");
    assertThat(s.statusCode()).as(s.body()).isEqualTo(200);
    HttpResponse<String> p = phone.postJson("/api/me/position",
        new JsonObject().put("lon", lon).put("lat", lat).put("accuracyMeters", 12).encode());
    assertThat(p.statusCode()).as(p.body()).isEqualTo(204);
    return u;
  }

  @Test
  void the_dispatch_panel_shows_teams_with_reasons_dispatches_in_one_click_and_the_map_draws_the_assignment_lines() {
    JsonObject c = flows.register(flows.file(WallTestData.complaintInPengzhou(3)));
    int caseId = c.getInteger("caseId");
    String cell = c.getString("cellCode");
    double lon = c.getJsonObject("location").getDouble("lon");
    double lat = c.getJsonObject("location").getDouble("lat");
    Page page = browser.loggedIn(WallTestData.user(server, Role.OPERATOR, WallTestData.PENGZHOU), TestServer.PASSWORD);
    page.waitForFunction("() => gw.state.liveStatus === 'online'");
    // Two inspectors of the case's own community go on duty nearby while the wall watches.
    User a = inspectorOnDuty(cell, lon + 0.004, lat + 0.002);
    User b = inspectorOnDuty(cell, lon - 0.003, lat + 0.001);
    List<Long> team = List.of(a.id(), b.id());
    List<Integer> teamIds = List.of((int) a.id(), (int) b.id());
    waitAsync(page, "async ids => { const fc = await gw.map.getSource('staff').getData();"
        + " return ids.every(id => fc.features.some(f => f.properties.userId === id && f.properties.status === 'AVAILABLE')); }",
        teamIds);

    // Found from the keyboard: "/" and the case number, Enter; then D for the recommended teams.
    page.keyboard().press("/");
    assertThat(activeId(page)).isEqualTo("search");
    page.keyboard().type(c.getString("caseNo"));
    page.waitForSelector("#search-list:not([hidden]) li");
    page.keyboard().press("Enter");
    page.waitForFunction("id => gw.state.shownCase && gw.state.shownCase.caseId === id", caseId);
    page.keyboard().press("d");
    Locator first = page.locator("#dispatch-panel .team").first();
    first.waitFor();
    assertThat(first.getAttribute("data-inspectors").split(",")).containsExactlyInAnyOrder(
        String.valueOf(a.id()), String.valueOf(b.id()));
    assertThat(first.locator(".reason").count()).isGreaterThanOrEqualTo(4);
    assertThat(first.locator(".reason[data-code=DISTANCE]").count()).isEqualTo(2);
    assertThat(first.locator(".team-score").textContent()).contains("得分");
    assertThat(page.evaluate("() => document.activeElement.classList.contains('dispatch-go')"))
        .as("the best team's button has the focus").isEqualTo(true);
    browser.screenshot(page, "console-candidates");

    first.locator(".dispatch-go").click(); // one click
    page.waitForFunction("id => gw.state.cases.get(id) && gw.state.cases.get(id).status === 'DISPATCHED'", caseId);
    JsonObject after = TestServer.json(server.as(Role.SUPERVISOR).get("/api/cases/" + caseId));
    assertThat(after.getString("status")).isEqualTo("DISPATCHED");
    assertThat(after.getJsonArray("assignedInspectors").getList()).map(x -> ((Number) x).longValue())
        .containsExactlyInAnyOrderElementsOf(team);
    // The map's assignment source holds a line from each inspector to the case.
    waitAsync(page, "async id => { const fc = await gw.map.getSource('assignments').getData();"
        + " return fc.features.filter(f => f.properties.caseId === id).length === 2; }", caseId);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> lines = (List<Map<String, Object>>) page.evaluate("async id => {"
        + " const fc = await gw.map.getSource('assignments').getData();"
        + " return fc.features.filter(f => f.properties.caseId === id)"
        + "   .map(f => ({ userId: f.properties.userId, from: f.geometry.coordinates[0], to: f.geometry.coordinates[1] })); }",
        caseId);
    List<Long> lineUsers = new ArrayList<>();
    for (Map<String, Object> line : lines) {
      lineUsers.add(((Number) line.get("userId")).longValue());
      @SuppressWarnings("unchecked")
      List<Number> to = (List<Number>) line.get("to");
      assertThat(to.get(0).doubleValue()).isCloseTo(lon, org.assertj.core.data.Offset.offset(1e-6));
      assertThat(to.get(1).doubleValue()).isCloseTo(lat, org.assertj.core.data.Offset.offset(1e-6));
    }
    assertThat(lineUsers).containsExactlyInAnyOrderElementsOf(team);
    @SuppressWarnings("unchecked")
    List<Number> fromA = (List<Number>) lines.stream().filter(l -> ((Number) l.get("userId")).longValue() == a.id())
        .findFirst().orElseThrow().get("from");
    assertThat(fromA.get(0).doubleValue()).isCloseTo(lon + 0.004, org.assertj.core.data.Offset.offset(1e-6));
    browser.screenshot(page, "console-dispatched");
    assertThat(browser.problems).isEmpty();
    page.context().close();
  }

  @Test
  void a_supervisor_registers_from_the_panel_and_a_stale_version_is_reloaded_and_said() {
    JsonObject c = flows.file(WallTestData.complaintInPengzhou(2));
    int caseId = c.getInteger("caseId");
    Page page = browser.loggedIn(WallTestData.user(server, Role.SUPERVISOR, WallTestData.PENGZHOU), TestServer.PASSWORD);
    page.evaluate("id => gw.showCase(id)", caseId);
    Locator register = page.locator(".case-console .action-register");
    register.waitFor();
    // Only what the case allows a supervisor now: no dispatch before registration, nothing a filer does.
    assertThat(page.locator(".case-console .action-dispatch").count()).isZero();
    assertThat(page.locator(".case-console .action-decline").count()).isEqualTo(1);
    // Someone else admits it meanwhile: the panel's version is stale.
    flows.act(server.as(Role.OPERATOR), c, "admit", null);
    register.click();
    page.waitForFunction("() => document.querySelector('.case-console .action-message')"
        + " && document.querySelector('.case-console .action-message').textContent.length > 0");
    assertThat(page.locator(".case-console .action-message").textContent()).contains("已被他人更新");
    assertThat(page.locator("#panel-body .sub").first().textContent()).contains("已受理");
    // Reloaded: the second press registers.
    page.locator(".case-console .action-register").click();
    page.waitForFunction("id => gw.state.shownCase && gw.state.shownCase.status === 'REGISTERED'", caseId);
    assertThat(TestServer.json(server.as(Role.SUPERVISOR).get("/api/cases/" + caseId)).getString("status"))
        .isEqualTo("REGISTERED");
    // Decline asks for a reason first.
    JsonObject other = flows.file(WallTestData.complaintInPengzhou(1));
    page.evaluate("id => gw.showCase(id)", other.getInteger("caseId"));
    page.locator(".case-console .action-decline").click();
    page.locator(".inline-form input[name=reason]").fill("不属于劳动保障监察范围");
    page.keyboard().press("Enter");
    page.waitForFunction("id => !gw.state.cases.has(id)", other.getInteger("caseId"));
    JsonObject declined = TestServer.json(server.as(Role.SUPERVISOR).get("/api/cases/" + other.getLong("caseId")));
    assertThat(declined.getString("status")).isEqualTo("DECLINED");
    assertThat(browser.problems).isEmpty();
    page.context().close();
  }

  @Test
  void dispatch_timeouts_refusals_and_overdue_deadlines_are_alerts_until_dismissed() {
    // The server's acceptance timeout and refusals are being added; their events are fed to the
    // wall's handler here, as the event bus would deliver them.
    JsonObject c = flows.file(WallTestData.complaintInPengzhou(1));
    Page page = browser.loggedIn(WallTestData.user(server, Role.OPERATOR, WallTestData.PENGZHOU), TestServer.PASSWORD);
    long seq = 1L << 40;
    for (JsonObject ev : List.of(
        event(seq, "case.dispatch-timeout", c, new JsonObject()),
        event(seq + 1, "case.assignment-refused", c, new JsonObject().put("reason", "正在处理另一起群体性事件")
            .put("username", "inspector-x")),
        event(seq + 2, "deadline.overdue", c, new JsonObject().put("kind", "LEGAL_ACCEPT")))) {
      page.evaluate("e => gw.applyEvent(JSON.parse(e))", ev.encode());
    }
    page.waitForFunction("() => document.querySelectorAll('#toasts .alert').length === 3");
    assertThat(page.locator("#toasts .alert[data-type='case.assignment-refused']").textContent())
        .contains("正在处理另一起群体性事件").contains(c.getString("caseNo"));
    assertThat(page.locator("#alerts-count").textContent()).isEqualTo("3");
    browser.screenshot(page, "console-alerts");
    page.keyboard().press("a");
    assertThat(page.locator("#alerts-panel").isVisible()).isTrue();
    assertThat(page.locator("#alerts-list li.alert").count()).isEqualTo(3);
    page.locator("#alerts-list li.alert").first().locator(".alert-dismiss").click();
    assertThat(page.locator("#alerts-count").textContent()).isEqualTo("2");
    page.keyboard().press("Escape");
    assertThat(page.locator("#alerts-panel").isHidden()).isTrue();
    assertThat(browser.problems).isEmpty();
    page.context().close();
  }

  @Test
  void a_real_refusal_reaches_the_wall_as_an_alert_and_a_supervisor_transfers_a_case_from_the_panel() {
    JsonObject refused = flows.register(flows.file(WallTestData.complaintInPengzhou(2)));
    String cell = refused.getString("cellCode");
    User a = server.createUser("wall-refuser-" + java.util.UUID.randomUUID().toString().substring(0, 8),
        Role.INSPECTOR, cell, TestServer.PASSWORD);
    User b = server.createUser("wall-partner-" + java.util.UUID.randomUUID().toString().substring(0, 8),
        Role.INSPECTOR, cell, TestServer.PASSWORD);
    Page page = browser.loggedIn(WallTestData.user(server, Role.SUPERVISOR, WallTestData.PENGZHOU), TestServer.PASSWORD);
    // Live first: a wall's first connection replays nothing from before it (its snapshot is fresh).
    page.waitForFunction("() => gw.state.liveStatus === 'online'");
    JsonObject d = flows.act(server.as(Role.OPERATOR), refused, "dispatch",
        new JsonObject().put("inspectors", new io.vertx.core.json.JsonArray().add(a.id()).add(b.id())));
    flows.act(server.withToken(server.newSession(a)), d, "refuse", new JsonObject().put("reason", "车辆故障"));
    // Over the real event bus: the refusal is an alert naming the case.
    page.waitForFunction("no => [...document.querySelectorAll('#toasts .alert')].some(e =>"
        + " e.dataset.type === 'case.assignment-refused' && e.textContent.includes(no))", refused.getString("caseNo"));

    // (The system may have offered it to inspectors other tests put on duty here.) The supervisor
    // transfers a registered case (批转) to a sibling cell from the panel, by typing the code.
    JsonObject c = flows.register(flows.file(WallTestData.complaintInPengzhou(1)));
    String home = c.getString("cellCode");
    String sibling = TestServer.json(server.as(Role.OPERATOR).get("/api/grid/cells?level=3&parent="
        + home.substring(0, 9))).getJsonArray("features").stream()
        .map(f -> ((JsonObject) f).getJsonObject("properties").getString("code"))
        .filter(code -> !code.equals(home)).findFirst().orElseThrow();
    page.evaluate("id => gw.showCase(id)", c.getInteger("caseId"));
    page.locator(".case-console .action-transfer").click();
    page.locator(".inline-form input[name=cell]").fill(sibling);
    page.locator(".inline-form input[name=reason]").fill("现场在相邻社区");
    page.keyboard().press("Enter");
    page.waitForFunction("([id, cell]) => gw.state.shownCase && gw.state.shownCase.caseId === id"
        + " && gw.state.shownCase.cellCode === cell", List.of(c.getInteger("caseId"), sibling));
    JsonObject moved = TestServer.json(server.as(Role.SUPERVISOR).get("/api/cases/" + c.getLong("caseId")));
    assertThat(moved.getString("cellCode")).isEqualTo(sibling);
    assertThat(browser.problems).isEmpty();
    page.context().close();
  }

  private static JsonObject event(long seq, String type, JsonObject c, JsonObject data) {
    return new JsonObject().put("seq", seq).put("type", type).put("at", java.time.Instant.now().toString())
        .put("cellCode", c.getString("cellCode"))
        .put("data", data.put("caseId", c.getLong("caseId")).put("caseNo", c.getString("caseNo"))
            .put("version", c.getLong("version")));
  }

  @Test
  void on_a_412_px_phone_nothing_is_wider_than_the_screen_the_header_shows_and_the_legend_keeps_off_the_queue() {
    Page page = browser.loggedIn(WallTestData.user(server, Role.OPERATOR, WallTestData.PENGZHOU), TestServer.PASSWORD,
        412, 915);
    assertNoOverflow(page);
    Map<?, ?> header = box(page, ".top");
    assertThat(((Number) header.get("top")).doubleValue()).isGreaterThanOrEqualTo(0);
    assertThat(((Number) header.get("right")).doubleValue()).isLessThanOrEqualTo(412);
    for (String part : List.of(".brand-title", "#fig-received", "#fig-overdue", "#logout", "#new-complaint", "#live-status")) {
      Map<?, ?> b = box(page, part);
      assertThat(((Number) b.get("width")).doubleValue()).as(part + " shown").isPositive();
      assertThat(((Number) b.get("left")).doubleValue()).as(part).isGreaterThanOrEqualTo(0);
      assertThat(((Number) b.get("right")).doubleValue()).as(part).isLessThanOrEqualTo(412);
    }
    // The legend stays on the map, off the queue, even opened.
    page.locator("#legend summary").click();
    Map<?, ?> legend = box(page, "#legend");
    Map<?, ?> queue = box(page, ".side");
    assertThat(((Number) legend.get("bottom")).doubleValue()).isLessThanOrEqualTo(((Number) queue.get("top")).doubleValue());
    browser.screenshot(page, "console-412");
    // The intake form fits too.
    page.locator("#new-complaint").click();
    page.waitForSelector("#intake:not([hidden])");
    assertNoOverflow(page);
    Map<?, ?> submit = box(page, "#in-submit");
    assertThat(((Number) submit.get("right")).doubleValue()).isLessThanOrEqualTo(412);
    browser.screenshot(page, "console-412-intake");
    assertThat(browser.problems).isEmpty();
    page.context().close();
  }

  private static void assertNoOverflow(Page page) {
    @SuppressWarnings("unchecked")
    List<String> wide = (List<String>) page.evaluate("() => [...document.querySelectorAll('body *')]"
        + ".filter(e => e.offsetParent !== null && !e.closest('.maplibregl-map, .combo-list'))"
        + ".filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && (r.right > innerWidth + 0.5 || r.left < -0.5); })"
        + ".map(e => e.tagName + '#' + e.id + '.' + e.className)");
    assertThat(wide).as("elements wider than the screen").isEmpty();
    assertThat(page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"))
        .as("no horizontal scroll").isEqualTo(true);
  }

  private static Map<?, ?> box(Page page, String selector) {
    return (Map<?, ?>) page.evaluate("s => { const r = document.querySelector(s).getBoundingClientRect();"
        + " return { top: r.top, left: r.left, right: r.right, bottom: r.bottom, width: r.width }; }", selector);
  }
}
