package io.gridwatch.wall;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import io.gridwatch.testing.BrowserExtension;
import io.gridwatch.testing.TestServer;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.function.Supplier;

/**
 * The browser of the wall's tests: {@link BrowserExtension} (Chromium, the offline guard, console
 * errors, screenshots on failure) with the wall's pages, big-screen sized, zh-CN and Beijing time,
 * against the server {@code server} supplies. Register it on a static field:
 * {@code @RegisterExtension static final WallBrowser browser = new WallBrowser(TestServer::shared);}.
 * Screenshots the tests take go to {@code target/wall-screenshots/}.
 */
final class WallBrowser extends BrowserExtension {
  static final Path SCREENSHOTS = Paths.get("target", "wall-screenshots");
  private final Supplier<TestServer> server;

  WallBrowser(Supplier<TestServer> server) {
    this.server = server;
  }

  /** A fresh browser context (its own cookies) with one page, big-screen sized. */
  Page newPage() {
    return newPage(1920, 1080);
  }

  /** A fresh browser context (its own cookies) with one page of width × height CSS pixels. */
  Page newPage(int width, int height) {
    return newPage(new Browser.NewContextOptions().setViewportSize(width, height)
        .setLocale("zh-CN").setTimezoneId("Asia/Shanghai"));
  }

  /** Opens the wall, logs in through the form and waits until the wall has loaded its data. */
  Page loggedIn(String username, String password) {
    return loggedIn(username, password, 1920, 1080);
  }

  /** As {@link #loggedIn(String, String)}, in a page of width × height. */
  Page loggedIn(String username, String password, int width, int height) {
    Page page = newPage(width, height);
    page.navigate(server.get().uri("/").toString());
    page.locator("#login-username").fill(username);
    page.locator("#login-password").fill(password);
    page.locator("#login-submit").click();
    page.waitForSelector("body[data-ready=true]");
    return page;
  }

  void screenshot(Page page, String name) {
    screenshot(page, SCREENSHOTS, name, false);
  }
}
