package io.gridwatch.wall;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import io.gridwatch.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Debian's Chromium driven by Playwright for Java against a real GridWatch serving the wall from
 * the classpath. No browser is downloaded ({@code PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1}); the
 * executable is {@code /usr/bin/chromium} (or {@code GRIDWATCH_TEST_CHROMIUM}). WebGL runs on
 * SwiftShader, so the map renders headless without a GPU. Screenshots go to
 * {@code target/wall-screenshots/}. One per test class; not thread-safe.
 */
final class WallBrowser implements AutoCloseable {
  static final Path SCREENSHOTS = Paths.get("target", "wall-screenshots");
  private final Playwright playwright;
  private final Browser browser;
  private final TestServer server;
  /** Console errors (but failed requests, which the wall expects: 401 before login, 404 for APIs still to come) and uncaught page errors. */
  final List<String> problems = new ArrayList<>();

  WallBrowser(TestServer server) {
    this.server = server;
    Path chromium = Paths.get(System.getenv().getOrDefault("GRIDWATCH_TEST_CHROMIUM", "/usr/bin/chromium"));
    assertThat(Files.isExecutable(chromium))
        .as("Chromium is needed for the wall's browser tests: apt-get install -y chromium (scripts/test.sh does it as root)")
        .isTrue();
    playwright = Playwright.create(new Playwright.CreateOptions()
        .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
        .setExecutablePath(chromium)
        .setHeadless(true)
        .setArgs(List.of("--no-sandbox", "--use-gl=swiftshader", "--enable-unsafe-swiftshader", "--ignore-gpu-blocklist",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
            "--disable-quic")));
  }

  /** A fresh browser context (its own cookies) with one page, big-screen sized. */
  Page newPage() {
    return newPage(1920, 1080);
  }

  /** A fresh browser context (its own cookies) with one page of width × height CSS pixels. */
  Page newPage(int width, int height) {
    BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(width, height)
        .setLocale("zh-CN").setTimezoneId("Asia/Shanghai"));
    context.setDefaultTimeout(30_000);
    Page page = context.newPage();
    page.onConsoleMessage(m -> {
      if ("error".equals(m.type()) && !m.text().startsWith("Failed to load resource")) {
        problems.add("console: " + m.text());
      }
    });
    page.onPageError(e -> problems.add("page error: " + e));
    return page;
  }

  /** Opens the wall, logs in through the form and waits until the wall has loaded its data. */
  Page loggedIn(String username, String password) {
    return loggedIn(username, password, 1920, 1080);
  }

  /** As {@link #loggedIn(String, String)}, in a page of width × height. */
  Page loggedIn(String username, String password, int width, int height) {
    Page page = newPage(width, height);
    page.navigate(server.uri("/").toString());
    page.locator("#login-username").fill(username);
    page.locator("#login-password").fill(password);
    page.locator("#login-submit").click();
    page.waitForSelector("body[data-ready=true]");
    return page;
  }

  void screenshot(Page page, String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")));
  }

  @Override
  public void close() {
    browser.close();
    playwright.close();
  }
}
