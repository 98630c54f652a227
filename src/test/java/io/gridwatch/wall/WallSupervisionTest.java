package io.gridwatch.wall;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.gridwatch.auth.Role;
import io.gridwatch.testing.CaseFlows;
import io.gridwatch.testing.NeedsBrowser;
import io.gridwatch.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * 督办 / 挂牌督办 on the wall (wall/supervision.js) in Chromium against a server of its own (so
 * the queue holds only these cases): a leader lists a case for supervision from the case panel's
 * form and the red 挂牌督办 badge shows in the panel and the queue, while a case a district
 * supervisor put under 督办 shows the amber badge; a supervisor of the case's own cell sees no
 * supervision buttons. Screenshot: target/wall-screenshots/supervision.png.
 */
@NeedsBrowser
class WallSupervisionTest {
  private static TestServer server;
  @RegisterExtension
  static final WallBrowser browser = new WallBrowser(() -> server);
  private static CaseFlows flows;

  @BeforeAll
  static void start() {
    server = TestServer.start(true);
    flows = new CaseFlows(server);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void a_leader_lists_a_case_from_the_wall_and_the_two_levels_show_as_different_badges() {
    JsonObject listedCase = flows.file(WallTestData.complaintInPengzhou(40));
    JsonObject supervisedCase = flows.file(WallTestData.complaintInPengzhou(5));
    int listedId = listedCase.getInteger("caseId");
    int supervisedId = supervisedCase.getInteger("caseId");
    assertThat(listedCase.getString("cellCode")).isNotNull();
    String district = supervisedCase.getString("cellCode").substring(0, 6);
    TestServer.Client supervisor = server.withToken(server.newSession(server.createUser(
        "wall-sup-" + System.nanoTime() % 1_000_000, Role.SUPERVISOR, district, TestServer.PASSWORD)));
    HttpResponse<String> placed = supervisor.postJson("/api/cases/" + supervisedId + "/supervision", new JsonObject()
        .put("level", "SUPERVISED").put("unit", "彭州市劳动保障监察大队")
        .put("dueAt", OffsetDateTime.now(ZoneOffset.UTC).plus(Duration.ofDays(3)).toString()).encode());
    assertThat(placed.statusCode()).as(placed.body()).isEqualTo(200);

    Page page = browser.loggedIn(WallTestData.user(server, Role.LEADER, null), TestServer.PASSWORD);
    page.waitForFunction("() => gw.state.liveStatus === 'online'");
    // The supervised case: the amber 督办 badge in the queue.
    Locator amber = page.locator("#queue li[data-case-id='" + supervisedId + "'] .q-badge.sup-SUPERVISED");
    amber.waitFor();
    assertThat(amber.textContent()).isEqualTo("督办");
    assertThat(page.locator("#queue li[data-case-id='" + listedId + "'] .q-badge.sup").count()).isZero();

    // The leader lists the other one from its panel.
    page.evaluate("id => gw.showCase(id)", listedId);
    page.locator(".supervision-box .sup-action-list").click();
    page.locator(".sup-form input[name=unit]").fill("彭州市人力资源和社会保障局");
    page.locator(".sup-form textarea[name=note]").fill("涉及40名工人，限期办结");
    page.locator(".sup-form button.primary").click();
    page.waitForFunction("id => gw.state.shownCase && gw.state.shownCase.caseId === id && gw.state.shownCase.supervision"
        + " && gw.state.shownCase.supervision.level === 'LISTED'", listedId);
    Locator red = page.locator(".supervision-box .q-badge.sup-LISTED");
    red.waitFor();
    assertThat(red.textContent()).isEqualTo("挂牌督办");
    assertThat(page.locator(".supervision-box .sup-details").textContent()).contains("彭州市人力资源和社会保障局");
    Locator queued = page.locator("#queue li[data-case-id='" + listedId + "'] .q-badge.sup-LISTED");
    queued.waitFor();
    assertThat(queued.textContent()).isEqualTo("挂牌督办");
    assertThat(page.locator("#timeline li[data-type='supervised']").count()).isEqualTo(1);
    browser.screenshot(page, "supervision");

    JsonObject stored = TestServer.json(server.as(Role.LEADER).get("/api/cases/" + listedId));
    assertThat(stored.getJsonObject("supervision").getString("level")).isEqualTo("LISTED");
    assertThat(stored.getJsonObject("supervision").getString("source")).isEqualTo("MANUAL");
    assertThat(stored.getJsonObject("supervision").getString("unit")).isEqualTo("彭州市人力资源和社会保障局");

    // The supervisor of the case's own cell: the badge, but no supervision buttons.
    Page own = browser.loggedIn(WallTestData.user(server, Role.SUPERVISOR, listedCase.getString("cellCode")),
        TestServer.PASSWORD);
    own.evaluate("id => gw.showCase(id)", listedId);
    own.locator(".supervision-box .q-badge.sup-LISTED").waitFor();
    assertThat(own.locator(".supervision-box .sup-action").count()).isZero();
    assertThat(browser.problems).isEmpty();
  }
}
