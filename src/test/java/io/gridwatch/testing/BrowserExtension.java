package io.gridwatch.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The browser of the browser tests, as one JUnit 5 extension: Debian's Chromium driven by
 * Playwright for Java ({@code PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1}: no browser is downloaded; the
 * executable is {@code /usr/bin/chromium} or {@code GRIDWATCH_TEST_CHROMIUM}), WebGL on
 * SwiftShader so maps render headless without a GPU. Register it on a static field:
 *
 * <pre>{@code @RegisterExtension static final BrowserExtension browser = new BrowserExtension();}</pre>
 *
 * <p>One browser per test class (launched before the first test, closed after the last); every
 * context made through {@link #newContext} during a test is closed after it. For every test:
 *
 * <ul>
 *   <li><b>offline guard</b>: the pages may load nothing from outside the machine. Chromium
 *       resolves no host name but localhost, and any request to another host is a problem;
 *   <li><b>console errors</b> and uncaught page errors are collected ({@link #problems}, but
 *       "Failed to load resource", which the pages expect: a 401 before sign-in, refusals they
 *       show) and the test fails if there are any, unless it called {@link #expectProblems()};
 *   <li><b>screenshots on failure</b> of every page still open go to
 *       {@code target/browser-screenshots/<class>.<test>-<n>.png}.
 * </ul>
 *
 * <p>Not thread-safe (Playwright is not): the browser tests run one at a time.
 */
public class BrowserExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
  public static final Path FAILURE_SCREENSHOTS = Paths.get("target", "browser-screenshots");
  private static final Set<String> LOCAL_HOSTS = Set.of("127.0.0.1", "localhost", "[::1]", "::1");

  private Playwright playwright;
  private Browser browser;
  private final List<BrowserContext> contexts = new ArrayList<>();
  private boolean problemsExpected;
  /** Console errors, page errors and requests off the machine of the current test. */
  public final List<String> problems = new CopyOnWriteArrayList<>();

  /** The Chromium the tests drive. */
  public static Path chromium() {
    return Paths.get(System.getenv().getOrDefault("GRIDWATCH_TEST_CHROMIUM", "/usr/bin/chromium"));
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    Path chromium = chromium();
    assertThat(Files.isExecutable(chromium))
        .as("Chromium is needed for the browser tests: apt-get install -y chromium (scripts/test.sh does it as root)")
        .isTrue();
    playwright = Playwright.create(new Playwright.CreateOptions()
        .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
        .setExecutablePath(chromium)
        .setHeadless(true)
        .setArgs(List.of("--no-sandbox", "--use-gl=swiftshader", "--enable-unsafe-swiftshader", "--ignore-gpu-blocklist",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
            "--disable-quic",
            // The offline guard's first half: no name but localhost resolves (IP addresses need none).
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1")));
  }

  @Override
  public void afterAll(ExtensionContext context) {
    closeContexts();
    if (browser != null) {
      browser.close();
    }
    if (playwright != null) {
      playwright.close();
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    problems.clear();
    problemsExpected = false;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    try {
      if (context.getExecutionException().isPresent()) {
        screenshotOpenPages(context);
      } else if (!problemsExpected) {
        assertThat(problems).as("console errors, page errors and requests off the machine").isEmpty();
      }
    } finally {
      closeContexts();
    }
  }

  /** The current test expects console errors: they are collected but do not fail it. */
  public void expectProblems() {
    problemsExpected = true;
  }

  /** The launched browser (for options this class does not cover). */
  public Browser browser() {
    return browser;
  }

  /**
   * A new browser context (its own cookies and storage) with {@code options}, a 30 s default
   * timeout, and the guard and listeners described above; closed after the test.
   */
  public BrowserContext newContext(Browser.NewContextOptions options) {
    BrowserContext context = browser.newContext(options);
    context.setDefaultTimeout(30_000);
    context.onRequest(request -> {
      if (!isLocal(request.url())) {
        problems.add("request off the machine: " + request.url());
      }
    });
    context.onPage(this::watch);
    contexts.add(context);
    return context;
  }

  /** A new page in a new context with {@code options}. */
  public Page newPage(Browser.NewContextOptions options) {
    return newContext(options).newPage();
  }

  private void watch(Page page) {
    page.onConsoleMessage(m -> {
      if ("error".equals(m.type()) && !m.text().startsWith("Failed to load resource")) {
        problems.add("console: " + m.text());
      }
    });
    page.onPageError(e -> problems.add("page error: " + e));
  }

  private static boolean isLocal(String url) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      return false;
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!Set.of("http", "https", "ws", "wss").contains(scheme)) {
      return true; // data:, blob:, about: stay in the browser
    }
    return uri.getHost() != null && LOCAL_HOSTS.contains(uri.getHost().toLowerCase(Locale.ROOT));
  }

  /** Saves a screenshot of page as {@code dir/name.png}. */
  public static void screenshot(Page page, Path dir, String name, boolean fullPage) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    page.screenshot(new Page.ScreenshotOptions().setPath(dir.resolve(name + ".png")).setFullPage(fullPage));
  }

  private void screenshotOpenPages(ExtensionContext context) {
    String name = context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName();
    int n = 0;
    for (BrowserContext c : contexts) {
      for (Page page : c.pages()) {
        try {
          screenshot(page, FAILURE_SCREENSHOTS, name + "-" + (++n), true);
        } catch (RuntimeException e) {
          // a closed or crashed page: nothing to show
        }
      }
    }
  }

  private void closeContexts() {
    for (BrowserContext c : contexts) {
      try {
        c.close();
      } catch (RuntimeException e) {
        // closed by the test already
      }
    }
    contexts.clear();
  }

  /**
   * Waits until {@code predicate} (a JavaScript function of one argument, which may be async and
   * return a promise, e.g. one reading a MapLibre source's data) gives a truthy value in page,
   * checking every 50 ms in the page itself for at most timeoutMs; fails the test with
   * {@code what} otherwise. A wait on a condition, never on the clock alone.
   */
  public static void waitUntil(Page page, String what, String predicate, Object arg, double timeoutMs) {
    String poll = "async ([arg, ms]) => { const p = (" + predicate + "); const until = performance.now() + ms;"
        + " for (;;) { try { if (await p(arg)) return true; } catch (e) { /* not there yet */ }"
        + " if (performance.now() > until) return false; await new Promise(r => setTimeout(r, 50)); } }";
    Object ok = page.evaluate(poll, List.of(arg == null ? "" : arg, timeoutMs));
    assertThat(ok).as("waited %.0f ms for %s", timeoutMs, what).isEqualTo(Boolean.TRUE);
  }
}
