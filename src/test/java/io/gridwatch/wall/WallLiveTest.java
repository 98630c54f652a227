package io.gridwatch.wall;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import io.gridwatch.auth.Role;
import io.gridwatch.testing.CaseFlows;
import io.gridwatch.testing.NeedsBrowser;
import io.gridwatch.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The wall kept live by the event bus (shared/API.md "Live events"): what happens through the API
 * shows on screen within two seconds, a wall that was offline catches up on everything, and a
 * browser cannot listen to another grid's address.
 */
@NeedsBrowser
class WallLiveTest {
  private static TestServer server;
  @RegisterExtension
  static final WallBrowser browser = new WallBrowser(() -> server);
  private static CaseFlows flows;

  @BeforeAll
  static void start() {
    server = TestServer.shared();
    flows = new CaseFlows(server);
  }

  /**
   * A live wall of a new user with {@code role} and home cell {@code grid}, already showing one
   * case of that grid, as a wall in service does. (The first case a page ever draws makes the
   * browser compile the map's point shaders, which takes seconds with software WebGL; a wall in
   * service has done that long before, so the two-second checks start after it.)
   */
  private static Page liveWall(Role role, String grid) {
    JsonObject shown = flows.file(grid.equals(WallTestData.PENGZHOU) ? WallTestData.complaintInPengzhou(1)
        : CaseFlows.complaint(104.0805, 30.6570, 1));
    Page page = browser.loggedIn(WallTestData.user(server, role, grid), TestServer.PASSWORD);
    page.waitForFunction("() => gw.state.liveStatus === 'online'");
    page.waitForFunction("id => gw.mappedCaseIds().includes(id)", shown.getInteger("caseId"));
    WallTestData.waitForMapAtRest(page);
    return page;
  }

  private static Page.WaitForFunctionOptions within(double ms) {
    // Polling on a timer: the default (every animation frame) would measure the map's frame
    // rate under software WebGL rather than how soon the page shows the event.
    return new Page.WaitForFunctionOptions().setTimeout(ms).setPollingInterval(50);
  }

  @Test
  void a_complaint_filed_through_the_api_shows_on_the_map_and_in_the_queue_within_two_seconds() {
    Page page = liveWall(Role.OPERATOR, WallTestData.PENGZHOU);
    JsonObject c = flows.file(WallTestData.complaintInPengzhou(6));
    int id = c.getInteger("caseId");
    page.waitForFunction("id => gw.mappedCaseIds().includes(id) && gw.queueIds().includes(id)", id, within(2000));
    browser.screenshot(page, "live-new-case");
    page.context().close();
  }

  @Test
  void a_mass_incident_opened_by_a_crossing_complaint_is_a_red_line_in_the_feed() {
    Page page = liveWall(Role.SUPERVISOR, WallTestData.PENGZHOU);
    String first17 = "91510182" + String.format("%09d", java.util.concurrent.ThreadLocalRandom.current()
        .nextInt(1_000_000_000));
    String code = first17 + io.gridwatch.employers.CreditCode.checkCharacter(first17);
    JsonObject below = WallTestData.complaintInPengzhou(29);
    below.getJsonObject("employer").put("name", "彭州某建设劳务公司").put("creditCode", code);
    flows.file(below);
    JsonObject crossing = WallTestData.complaintInPengzhou(1);
    crossing.getJsonObject("employer").put("name", "彭州某建设劳务公司").put("creditCode", code);
    flows.file(crossing);
    page.waitForFunction("() => [...document.querySelectorAll('#feed li.incident')]"
        + ".some(li => li.textContent.includes('彭州某建设劳务公司') && li.textContent.includes('30人'))", null,
        // Presence, not speed: the two seconds are CommandIncidentTest's (leadership's screen).
        within(15_000));
    String line = (String) page.evaluate("() => [...document.querySelectorAll('#feed li.incident')]"
        + ".find(li => li.textContent.includes('彭州某建设劳务公司')).textContent");
    assertThat(line).contains("群体性事件").contains("GW-INC-").doesNotContain("undefined");
    assertThat(page.locator("#feed li.incident[data-incident-id]").count()).isGreaterThanOrEqualTo(1);
    page.context().close();
  }

  @Test
  void a_transition_changes_the_case_on_screen() {
    Page page = liveWall(Role.OPERATOR, WallTestData.PENGZHOU);
    JsonObject c = flows.file(WallTestData.complaintInPengzhou(3));
    int id = c.getInteger("caseId");
    page.waitForFunction("id => gw.queueIds().includes(id)", id, within(2000));
    flows.register(c);
    page.waitForFunction("id => gw.state.cases.get(id)?.status === 'REGISTERED'"
        + " && document.querySelector(`#queue li[data-case-id='${id}']`).textContent.includes('已立案')", id, within(2000));
    page.waitForFunction("id => [...document.querySelectorAll('#feed li')].some(li => li.textContent.includes('立案'))",
        id, within(2000));
    page.context().close();
  }

  @Test
  void a_wall_that_was_offline_shows_everything_that_happened_meanwhile() {
    JsonObject before = flows.file(WallTestData.complaintInPengzhou(2));
    Page page = liveWall(Role.OPERATOR, WallTestData.PENGZHOU);
    page.waitForFunction("id => gw.queueIds().includes(id)", before.getInteger("caseId"), within(2000));
    // The network goes: Chromium's offline mode refuses new connections but leaves an open
    // socket alone, so the socket is dropped as a real network loss would drop it.
    // (Chromium logs each reconnect that fails meanwhile as a console error: expected here.)
    browser.expectProblems();
    page.context().setOffline(true);
    page.evaluate("() => gw.live.eb.close()");
    page.waitForFunction("() => gw.state.liveStatus !== 'online'", null, within(5_000));
    List<Integer> filed = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      filed.add(flows.file(WallTestData.complaintInPengzhou(5 + i)).getInteger("caseId"));
    }
    flows.register(before);
    // Still offline (the reconnects fail): what happened meanwhile reaches the wall only through
    // the replay once it is back.
    assertThat(page.evaluate("() => gw.state.liveStatus")).isNotEqualTo("online");
    page.context().setOffline(false);
    page.waitForFunction("([ids, registered]) => ids.every(id => gw.mappedCaseIds().includes(id)"
            + " && gw.queueIds().includes(id)) && gw.state.cases.get(registered)?.status === 'REGISTERED'",
        List.of(filed, before.getInteger("caseId")), within(20_000));
    browser.screenshot(page, "live-after-offline");
    page.context().close();
  }

  @Test
  void an_inspector_s_browser_cannot_listen_on_another_grid_s_address() {
    Page page = liveWall(Role.INSPECTOR, "510104");
    // The probe listens on another district's address for three seconds while a case is filed
    // there, and (the control) the wall's own district gets one too.
    page.evaluate("() => { window.probe = gw.probe('gw.cell.' + 'PENGZHOU', 3000); }".replace("PENGZHOU",
        WallTestData.PENGZHOU));
    JsonObject elsewhere = flows.file(WallTestData.complaintInPengzhou(9));
    JsonObject own = flows.file(CaseFlows.complaint(104.0805, 30.6570, 2));
    @SuppressWarnings("unchecked")
    Map<String, Object> probe = (Map<String, Object>) page.evaluate("() => window.probe");
    assertThat((List<?>) probe.get("events")).as("events heard on another grid's address").isEmpty();
    page.waitForFunction("id => gw.state.cases.has(id)", own.getInteger("caseId"), within(2000));
    assertThat((Boolean) page.evaluate("id => gw.state.cases.has(id)", elsewhere.getInteger("caseId"))).isFalse();
    page.context().close();
  }
}
