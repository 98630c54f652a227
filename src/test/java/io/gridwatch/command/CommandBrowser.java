package io.gridwatch.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import io.gridwatch.testing.TestServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Debian's Chromium driven by Playwright for Java against a real GridWatch serving the command
 * screen from the classpath ({@code /usr/bin/chromium} or {@code GRIDWATCH_TEST_CHROMIUM}; no
 * browser download; WebGL on SwiftShader). Every context refuses requests that would leave the
 * machine and remembers them in {@link #outside}, so a test can assert that the page needs no
 * internet. Screenshots go to {@code target/command-screenshots/}. One per test class; not
 * thread-safe.
 */
final class CommandBrowser implements AutoCloseable {
  static final Path SCREENSHOTS = Paths.get("target", "command-screenshots");
  private final Playwright playwright;
  private final Browser browser;
  private final TestServer server;
  /** Console errors (but failed loads, e.g. the 401 before sign-in) and uncaught page errors. */
  final List<String> problems = new CopyOnWriteArrayList<>();
  /** Requests for anything but this machine: refused, and listed here. */
  final List<String> outside = new CopyOnWriteArrayList<>();

  CommandBrowser(TestServer server) {
    this.server = server;
    Path chromium = Paths.get(System.getenv().getOrDefault("GRIDWATCH_TEST_CHROMIUM", "/usr/bin/chromium"));
    assertThat(Files.isExecutable(chromium))
        .as("Chromium is needed for the command screen's browser tests: apt-get install -y chromium")
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

  /** A fresh context (its own cookies) with one 1920×1080 page, zh-CN, Beijing time. */
  Page newPage() {
    BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1920, 1080)
        .setLocale("zh-CN").setTimezoneId("Asia/Shanghai"));
    context.setDefaultTimeout(30_000);
    context.route("**/*", route -> {
      String url = route.request().url();
      String host = URI.create(url).getHost();
      if (url.startsWith("data:") || url.startsWith("blob:") || "127.0.0.1".equals(host) || "localhost".equals(host)) {
        route.resume();
      } else {
        outside.add(url);
        route.abort();
      }
    });
    Page page = context.newPage();
    page.onConsoleMessage(m -> {
      if ("error".equals(m.type()) && !m.text().startsWith("Failed to load resource")) {
        problems.add("console: " + m.text());
      }
    });
    page.onPageError(e -> problems.add("page error: " + e));
    return page;
  }

  /** Opens /command/ (and the hash, if any), signs in through the form and waits until the screen is ready. */
  Page signedIn(String username, String hash) {
    Page page = newPage();
    page.navigate(server.uri("/command/" + (hash == null ? "" : hash)).toString());
    page.locator("#login-username").fill(username);
    page.locator("#login-password").fill(TestServer.PASSWORD);
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
