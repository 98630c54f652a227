package io.gridwatch.command;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import io.gridwatch.testing.BrowserExtension;
import io.gridwatch.testing.TestServer;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.function.Supplier;

/**
 * The browser of the command screen's tests: {@link BrowserExtension} (Debian's Chromium, the
 * offline guard, console errors, screenshots on failure) with the command screen's pages,
 * 1920×1080, zh-CN and Beijing time, against the server {@code server} supplies. Register it on a
 * static field: {@code @RegisterExtension static final CommandBrowser browser = new
 * CommandBrowser(TestServer::shared);}. Screenshots the tests take go to
 * {@code target/command-screenshots/}.
 */
final class CommandBrowser extends BrowserExtension {
  static final Path SCREENSHOTS = Paths.get("target", "command-screenshots");
  private final Supplier<TestServer> server;

  CommandBrowser(Supplier<TestServer> server) {
    this.server = server;
  }

  /** A fresh context (its own cookies) with one 1920×1080 page, zh-CN, Beijing time. */
  Page newPage() {
    return newPage(new Browser.NewContextOptions().setViewportSize(1920, 1080)
        .setLocale("zh-CN").setTimezoneId("Asia/Shanghai"));
  }

  /** Opens /command/ (and the hash, if any), signs in through the form and waits until the screen is ready. */
  Page signedIn(String username, String hash) {
    Page page = newPage();
    page.navigate(server.get().uri("/command/" + (hash == null ? "" : hash)).toString());
    page.locator("#login-username").fill(username);
    page.locator("#login-password").fill(TestServer.PASSWORD);
    page.locator("#login-submit").click();
    page.waitForSelector("body[data-ready=true]");
    return page;
  }

  /** The requests of the current test that would have left the machine. */
  List<String> outside() {
    return problems.stream().filter(p -> p.startsWith("request off the machine")).toList();
  }

  void screenshot(Page page, String name) {
    screenshot(page, SCREENSHOTS, name, false);
  }
}
