package io.gridwatch.wall;

import com.microsoft.playwright.Page;
import io.gridwatch.auth.Role;
import io.gridwatch.testing.CaseFlows;
import io.gridwatch.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Places and users for the wall's browser tests on the shared server. The tests work in 彭州市
 * (510182), where no other test files cases, so its queue holds only theirs.
 */
final class WallTestData {
  static final String PENGZHOU = "510182";
  private static final AtomicInteger SPREAD = new AtomicInteger();

  private WallTestData() {}

  /** A new user with {@code role} and home cell {@code grid} (null: city-wide); its username. */
  static String user(TestServer server, Role role, String grid) {
    String name = "wall-" + role.name().toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8);
    server.createUser(name, role, grid, TestServer.PASSWORD);
    return name;
  }

  /**
   * Waits until the wall's map has drawn its case points (the first points a page draws make
   * Chromium compile the map's shaders, which takes seconds with software WebGL; a wall in service
   * has done that long before) and is at rest: the live checks start from there.
   */
  static void waitForMapAtRest(Page page) {
    page.waitForFunction("() => gw.map.loaded() && !gw.map.isMoving()"
        + " && gw.map.queryRenderedFeatures({ layers: ['case-points', 'case-clusters'] }).length > 0",
        null, new Page.WaitForFunctionOptions().setPollingInterval(50));
  }

  /** A complaint in 彭州市, each a little apart from the last. */
  static JsonObject complaintInPengzhou(int workers) {
    int i = SPREAD.incrementAndGet();
    return CaseFlows.complaint(103.95 + (i % 7) * 0.004, 30.99 + (i / 7 % 7) * 0.004, workers);
  }
}
