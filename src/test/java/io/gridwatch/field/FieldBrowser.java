package io.gridwatch.field;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.Geolocation;
import com.microsoft.playwright.options.ServiceWorkerPolicy;
import io.gridwatch.testing.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Debian's Chromium driven by Playwright for Java as a phone against a real GridWatch serving the
 * field app at {@code /field/} from the classpath (as {@code io.gridwatch.wall.WallBrowser} does
 * for the wall: no browser download, {@code /usr/bin/chromium} or {@code GRIDWATCH_TEST_CHROMIUM},
 * WebGL on SwiftShader). Phones get a touch screen, zh-CN, Beijing time, the geolocation and
 * notification permissions and a position. Screenshots go to {@code target/field-screenshots/}.
 * One per test class; not thread-safe.
 */
final class FieldBrowser implements AutoCloseable {
  static final Path SCREENSHOTS = Paths.get("target", "field-screenshots");
  private final Playwright playwright;
  private final Browser browser;
  private final TestServer server;
  /** Console errors (but failed requests: the page expects 401 before sign-in and refusals it shows) and page errors. */
  final List<String> problems = new ArrayList<>();

  FieldBrowser(TestServer server) {
    this.server = server;
    Path chromium = Paths.get(System.getenv().getOrDefault("GRIDWATCH_TEST_CHROMIUM", "/usr/bin/chromium"));
    assertThat(Files.isExecutable(chromium))
        .as("Chromium is needed for the field app's browser tests: apt-get install -y chromium")
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

  /**
   * A new phone (its own cookies, storage and service workers) of {@code width x height} CSS
   * pixels, at {@code lon, lat}, with the geolocation and notification permissions granted. {@code serviceWorkers}
   * false blocks them (the offline tests: Playwright's offline mode is then certain to cover
   * every request of the page).
   */
  Page phone(int width, int height, double lon, double lat, boolean serviceWorkers) {
    BrowserContext context = browser.newContext(new Browser.NewContextOptions()
        .setViewportSize(width, height).setDeviceScaleFactor(2).setIsMobile(true).setHasTouch(true)
        .setLocale("zh-CN").setTimezoneId("Asia/Shanghai")
        .setGeolocation(new Geolocation(lat, lon).setAccuracy(8))
        .setPermissions(List.of("geolocation", "notifications"))
        .setServiceWorkers(serviceWorkers ? ServiceWorkerPolicy.ALLOW : ServiceWorkerPolicy.BLOCK));
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

  /** Opens /field/ on page, signs in through the form and waits until the app has loaded. */
  Page signIn(Page page, String username, String password) {
    page.navigate(server.uri("/field/").toString());
    page.locator("#login-username").fill(username);
    page.locator("#login-password").fill(password);
    page.locator("#login-submit").click();
    page.waitForSelector("body[data-ready=true]");
    return page;
  }

  void screenshot(Page page, String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(true));
  }

  @Override
  public void close() {
    browser.close();
    playwright.close();
  }
}
