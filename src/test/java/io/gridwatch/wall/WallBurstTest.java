package io.gridwatch.wall;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import io.gridwatch.auth.Role;
import io.gridwatch.testing.BrowserExtension;
import io.gridwatch.testing.CaseFlows;
import io.gridwatch.testing.NeedsBrowser;
import io.gridwatch.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The wall under bursts and streams of events (docs/wall.md, "Smoothness"): everything is shown,
 * but the map's data is replaced at most about once a second, only the newest cases pulse, the
 * feed grows at the top, the figures keep up with a steady stream, and the countdowns in view
 * tick.
 */
@NeedsBrowser
class WallBurstTest {
  private static TestServer server;
  @RegisterExtension
  static final WallBrowser browser = new WallBrowser(() -> server);
  private static CaseFlows flows;

  @BeforeAll
  static void start() {
    server = TestServer.shared();
    flows = new CaseFlows(server);
  }

  /** A live wall of a new operator of 彭州市 that already shows one of its cases (see WallLiveTest). */
  private static Page liveWall() {
    JsonObject shown = flows.file(WallTestData.complaintInPengzhou(1));
    Page page = browser.loggedIn(WallTestData.user(server, Role.OPERATOR, WallTestData.PENGZHOU), TestServer.PASSWORD);
    page.waitForFunction("() => gw.state.liveStatus === 'online'");
    page.waitForFunction("id => gw.mappedCaseIds().includes(id)", shown.getInteger("caseId"));
    WallTestData.waitForMapAtRest(page);
    return page;
  }

  private static Page.WaitForFunctionOptions within(double ms) {
    return new Page.WaitForFunctionOptions().setTimeout(ms).setPollingInterval(50);
  }

  @Test
  void a_burst_of_thirty_complaints_is_shown_in_full_with_few_map_updates_and_twenty_pulsing_rings() {
    Page page = liveWall();
    page.evaluate("() => { const s = gw.map.getSource('cases'); const setData = s.setData.bind(s);"
        + " window.setDataCalls = 0; s.setData = (d) => { window.setDataCalls++; return setData(d); }; }");
    long started = System.nanoTime();
    List<Integer> ids = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      ids.add(flows.file(WallTestData.complaintInPengzhou(2)).getInteger("caseId"));
    }
    page.waitForFunction("ids => ids.every(id => gw.state.cases.has(id) && gw.state.cases.get(id).approx === false)",
        ids, within(10_000));
    // Every complaint reaches the map's source too (at most a second after the last change).
    BrowserExtension.waitUntil(page, "every complaint in the map's source",
        "async ids => { const fc = await gw.map.getSource('cases').getData();"
        + " const shown = new Set(fc.features.map(f => f.properties.caseId)); return ids.every(id => shown.has(id)); }",
        ids, 3_000);
    double seconds = (System.nanoTime() - started) / 1e9;
    int calls = ((Number) page.evaluate("() => window.setDataCalls")).intValue();
    // One replacement per second at most (the first at once): per event it would be 30 and more.
    assertThat(calls).as("setData calls in %.1f s", seconds).isBetween(1, (int) Math.ceil(seconds) + 2);
    // Every complaint of the burst was received while the wall was open: each is new (badge, pulse).
    page.waitForFunction("ids => ids.every(id => gw.state.cases.get(id).newUntil > 0)", ids, within(2_000));
    // The rings are the newest (at most) 20 of the cases still new: on a machine slow enough that
    // filing the burst took more than the minute a case stays new, the oldest have stopped pulsing,
    // and that is right. The rings are drawn with the map's next data update (at most a second
    // after the last change): wait for the state, not for a time.
    String rings = "ids => { const now = Date.now();"
        + " const still = ids.map(id => gw.state.cases.get(id)).filter(c => c.newUntil > now)"
        + "   .sort((a, b) => b.newUntil - a.newUntil).slice(0, 20).map(c => c.caseId).sort((a, b) => a - b);"
        + " const shown = gw.pulsingIds().sort((a, b) => a - b);"
        + " const drawn = [...document.querySelectorAll('.pulse')].map(e => Number(e.dataset.caseId)).sort((a, b) => a - b);"
        + " return JSON.stringify({ still, shown, drawn, stillNew: ids.filter(id => gw.state.cases.get(id).newUntil > now).length }); }";
    BrowserExtension.waitUntil(page, "the rings of the newest 20 new cases",
        "ids => { const r = JSON.parse((" + rings + ")(ids)); return r.still.length > 0"
            + " && JSON.stringify(r.still) === JSON.stringify(r.shown) && JSON.stringify(r.shown) === JSON.stringify(r.drawn); }",
        ids, 5_000);
    JsonObject pulses = new JsonObject((String) page.evaluate(rings, ids));
    int stillNew = pulses.getInteger("stillNew");
    assertThat(pulses.getJsonArray("drawn").size()).as("pulsing rings (%s)", pulses)
        .isEqualTo(Math.min(20, stillNew));
    if (seconds < 40) {
      // The burst took less than the minute a case stays new: all 30 are new, and only 20 pulse.
      assertThat(stillNew).as("new cases %s", pulses).isEqualTo(30);
      assertThat(pulses.getJsonArray("drawn").size()).isEqualTo(20);
    }
    @SuppressWarnings("unchecked")
    List<Number> seqs = (List<Number>) page.evaluate(
        "() => [...document.querySelectorAll('#feed li[data-seq]')].map(li => Number(li.dataset.seq))");
    assertThat(seqs).hasSizeGreaterThanOrEqualTo(30).hasSizeLessThanOrEqualTo(100).doesNotHaveDuplicates();
    List<Long> asLongs = seqs.stream().map(Number::longValue).toList();
    assertThat(asLongs).as("newest first").isSortedAccordingTo((a, b) -> Long.compare(b, a));
    browser.screenshot(page, "burst");
    page.context().close();
  }

  @Test
  void the_figures_keep_up_with_a_steady_stream_of_complaints() {
    Page page = liveWall();
    page.evaluate("() => { window.figureChanges = 0; new MutationObserver(() => window.figureChanges++)"
        + ".observe(document.getElementById('fig-received'), { childList: true, characterData: true, subtree: true }); }");
    // A steady stream: the next complaint as soon as the wall shows the last one, so events never
    // stop for long. The figures must not wait for the stream to end (a debounce would starve
    // them): they change at least twice while it flows.
    int filed = 0;
    while (((Number) page.evaluate("() => window.figureChanges")).intValue() < 2 && filed < 60) {
      int id = flows.file(WallTestData.complaintInPengzhou(1)).getInteger("caseId");
      filed++;
      page.waitForFunction("id => gw.state.cases.has(id)", id, within(5_000));
    }
    int changes = ((Number) page.evaluate("() => window.figureChanges")).intValue();
    assertThat(changes).as("updates of today's received count during a stream of %d complaints", filed)
        .isGreaterThanOrEqualTo(2);
    page.context().close();
  }

  @Test
  void a_countdown_in_view_ticks_every_second() {
    Page page = liveWall();
    // Urgent: on site within the hour, so the countdown shows seconds and heads the queue.
    JsonObject c = flows.file(WallTestData.complaintInPengzhou(3).put("urgency", "URGENT"));
    String row = "#queue li[data-case-id='" + c.getInteger("caseId") + "']";
    String timer = row + " .q-timer";
    page.waitForSelector(timer);
    // In view (the queue may hold other cases due sooner): only the rows in view tick.
    page.evaluate("sel => document.querySelector(sel).scrollIntoView({ block: 'nearest' })", row);
    page.waitForFunction("sel => /\\d/.test(document.querySelector(sel).textContent)", timer, within(2_000));
    String before = page.locator(timer).textContent();
    page.waitForFunction("([sel, before]) => document.querySelector(sel).textContent !== before",
        List.of(timer, before), within(2_500));
    page.context().close();
  }
}
