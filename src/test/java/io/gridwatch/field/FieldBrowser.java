package io.gridwatch.field;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.Geolocation;
import com.microsoft.playwright.options.ServiceWorkerPolicy;
import io.gridwatch.testing.BrowserExtension;
import io.gridwatch.testing.TestServer;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.function.Supplier;

/**
 * The browser of the field app's tests: {@link BrowserExtension} (Chromium, the offline guard,
 * console errors, screenshots on failure) as a phone against the server {@code server} supplies,
 * serving the field app at {@code /field/}. Phones get a touch screen, zh-CN, Beijing time, the
 * geolocation and notification permissions and a position. Screenshots the tests take go to
 * {@code target/field-screenshots/}.
 */
final class FieldBrowser extends BrowserExtension {
  static final Path SCREENSHOTS = Paths.get("target", "field-screenshots");
  private final Supplier<TestServer> server;

  FieldBrowser(Supplier<TestServer> server) {
    this.server = server;
  }

  /**
   * A new phone (its own cookies, storage and service workers) of {@code width x height} CSS
   * pixels, at {@code lon, lat}, with the geolocation and notification permissions granted. {@code serviceWorkers}
   * false blocks them (the offline tests: Playwright's offline mode is then certain to cover
   * every request of the page).
   */
  Page phone(int width, int height, double lon, double lat, boolean serviceWorkers) {
    return newPage(new Browser.NewContextOptions()
        .setViewportSize(width, height).setDeviceScaleFactor(2).setIsMobile(true).setHasTouch(true)
        .setLocale("zh-CN").setTimezoneId("Asia/Shanghai")
        .setGeolocation(new Geolocation(lat, lon).setAccuracy(8))
        .setPermissions(List.of("geolocation", "notifications"))
        .setServiceWorkers(serviceWorkers ? ServiceWorkerPolicy.ALLOW : ServiceWorkerPolicy.BLOCK));
  }

  /** Opens /field/ on page, signs in through the form and waits until the app has loaded. */
  Page signIn(Page page, String username, String password) {
    page.navigate(server.get().uri("/field/").toString());
    page.locator("#login-username").fill(username);
    page.locator("#login-password").fill(password);
    page.locator("#login-submit").click();
    page.waitForSelector("body[data-ready=true]");
    return page;
  }

  void screenshot(Page page, String name) {
    screenshot(page, SCREENSHOTS, name, true);
  }
}
