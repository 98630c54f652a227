package io.gridwatch.wall.bench;

import ch.qos.logback.classic.Level;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/**
 * The wall smoothness benchmark (docs/performance.md, "Wall (browser)"): the real GridWatch on
 * the Chengdu grid with 2,000 open cases, the wall in headless Chromium (1920×1080, WebGL on
 * SwiftShader, as in the browser tests) logged in as a city-wide supervisor, and what the page
 * does while it is idle with countdowns ticking, while an operator pans and zooms through the
 * three grid levels, and while live events arrive at a realistic and at a burst rate.
 *
 * <pre>
 * mvn -Pbench test-compile exec:exec -Dnpm.skip=true -Dbench.main=io.gridwatch.wall.bench.WallSmoothness \
 *     -Dbench.args="--cases 2000 --idle 30 --pan 30 --rates 5,50 --event-seconds 120,60"
 * </pre>
 *
 * Measured in the page by a probe installed before the wall's scripts ({@code wall-bench/probe.js}):
 * time to the first full render (grid, every case on the map, the queue, nothing left to load);
 * requestAnimationFrame intervals per phase (p50, p95, p99, max, share over 50 ms); long tasks
 * (PerformanceObserver); the delay from an event's commit to the wall's handler and the
 * handler's own time. Through the DevTools protocol: main-thread task and script time
 * (Performance.getMetrics), the JS heap after a forced GC and the DOM counters before and after
 * the events (a leak shows as growth). From /proc: CPU of the browser's renderer and GPU
 * processes and of this JVM (the server and the load generator).
 *
 * <p>Options: {@code --cases N} (2000), {@code --idle S} (30), {@code --pan S} (30, whole
 * routes of about 15 s), {@code --rates R,R} (5,50 events/s), {@code --event-seconds S,S}
 * (120,60), {@code --quiet S} (65: after the events, before memory is measured again; new cases
 * pulse for a minute), {@code --escalations N} (12: urgent complaints planted to warn, and as
 * many to go overdue, spread over the run), {@code --label NAME} (the report's name in {@code target/wall-bench/}),
 * {@code --profile} (a CPU profile of the page per phase, its top functions printed and the
 * .cpuprofile kept; it slows the page, so take figures from a run without it), {@code --trace} (a
 * Chrome trace per phase, kept, with the renderer main thread's self time by trace event
 * printed: where the time goes that a JS profile shows only as "(program)"),
 * {@code --screenshot FILE} (after the phases, a calm minute at 1 event/s with a few
 * escalations, then a screenshot of the whole page), {@code --seed N}.
 */
public final class WallSmoothness {
  private static final Path OUT = Paths.get("target", "wall-bench");
  private static final double LONG_FRAME_MS = 50;

  private final int cases;
  private final int idleSeconds;
  private final int panSeconds;
  private final List<Double> rates;
  private final List<Integer> eventSeconds;
  private final int quietSeconds;
  private final int planted;
  private final String label;
  private final boolean profile;
  private final boolean trace;
  private Browser browser;
  private final Path screenshot;
  private final long seed;
  private final List<String> report = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();
  private final CpuMeter cpu = new CpuMeter();

  private WallSmoothness(Map<String, String> o) {
    cases = Integer.parseInt(o.getOrDefault("cases", "2000"));
    idleSeconds = Integer.parseInt(o.getOrDefault("idle", "30"));
    panSeconds = Integer.parseInt(o.getOrDefault("pan", "30"));
    rates = Arrays.stream(o.getOrDefault("rates", "5,50").split(",")).filter(s -> !s.isBlank())
        .map(Double::parseDouble).toList();
    List<Integer> secs = Arrays.stream(o.getOrDefault("event-seconds", "120,60").split(","))
        .map(Integer::parseInt).toList();
    eventSeconds = new ArrayList<>();
    for (int i = 0; i < rates.size(); i++) {
      eventSeconds.add(secs.get(Math.min(i, secs.size() - 1)));
    }
    quietSeconds = Integer.parseInt(o.getOrDefault("quiet", "65"));
    planted = Integer.parseInt(o.getOrDefault("escalations", "12"));
    label = o.getOrDefault("label", "wall");
    profile = o.containsKey("profile");
    trace = o.containsKey("trace");
    screenshot = o.containsKey("screenshot") ? Paths.get(o.get("screenshot")) : null;
    seed = Long.parseLong(o.getOrDefault("seed", "42"));
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--")) {
        throw new IllegalArgumentException("unexpected " + a + " (see the class's Javadoc for the options)");
      }
      String name = a.substring(2);
      if (name.equals("profile") || name.equals("trace")) {
        options.put(name, "true");
      } else if (i + 1 < args.length) {
        options.put(name, args[++i]);
      } else {
        throw new IllegalArgumentException(a + " needs a value");
      }
    }
    // The server runs in this JVM: its INFO lines (and logback's own status lines) would bury the report.
    System.setProperty("logback.statusListenerClass", "ch.qos.logback.core.status.NopStatusListener");
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
    int status = 0;
    try {
      new WallSmoothness(options).run();
    } catch (Exception e) {
      e.printStackTrace();
      status = 1;
    }
    System.exit(status);
  }

  private void run() throws Exception {
    Files.createDirectories(OUT);
    long t = System.nanoTime();
    System.out.println("Starting GridWatch on the Chengdu grid…");
    try (BenchCity city = BenchCity.start(seed)) {
      System.out.printf(Locale.ROOT, "server up in %.1f s; filing %d open cases…%n", (System.nanoTime() - t) / 1e9, cases);
      BenchCity.Filed filed = city.fileOpenCases(cases);
      System.out.printf(Locale.ROOT, "%d cases (%d requests) in %.1f s%n", filed.cases(), filed.requests(),
          filed.seconds());
      int runSeconds = 90 + idleSeconds + panSeconds + quietSeconds + eventSeconds.stream().mapToInt(Integer::intValue).sum();
      city.plantEscalations(planted, runSeconds);
      System.out.printf(Locale.ROOT, "deadline sweep at start: %d escalations%n", city.sweep());
      int expected = city.openCases();
      try (Playwright playwright = Playwright.create(new Playwright.CreateOptions()
          .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")))) {
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
            .setExecutablePath(Paths.get(System.getenv().getOrDefault("GRIDWATCH_TEST_CHROMIUM", "/usr/bin/chromium")))
            .setHeadless(true)
            // The browser tests' flags (WallBrowser): WebGL on SwiftShader, nothing from the network.
            .setArgs(List.of("--no-sandbox", "--use-gl=swiftshader", "--enable-unsafe-swiftshader",
                "--ignore-gpu-blocklist", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic")));
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1920, 1080)
            .setLocale("zh-CN").setTimezoneId("Asia/Shanghai"));
        context.setDefaultTimeout(300_000);
        context.addInitScript(resource("/wall-bench/probe.js"));
        Page page = context.newPage();
        page.onPageError(e -> problems.add("page error: " + e));
        page.onConsoleMessage(m -> {
          if ("error".equals(m.type()) && !m.text().startsWith("Failed to load resource")) {
            problems.add("console: " + m.text());
          }
        });
        CDPSession cdp = context.newCDPSession(page);
        cdp.send("Performance.enable");
        measure(city, page, cdp, expected);
        browser.close();
      }
    }
    Path file = OUT.resolve(label + ".md");
    Files.write(file, report, StandardCharsets.UTF_8);
    System.out.println();
    report.forEach(System.out::println);
    System.out.println();
    System.out.println("(also in " + file + ")");
    if (!problems.isEmpty()) {
      System.out.println("Page problems: " + problems.stream().limit(20).collect(Collectors.joining("\n  ", "\n  ", "")));
    }
  }

  private void measure(BenchCity city, Page page, CDPSession cdp, int expected) throws Exception {
    // Cold: a fresh browser, the login form, then everything (shaders are compiled on this one).
    page.navigate(city.uri("/").toString());
    page.locator("#login-username").fill(city.wallUser);
    page.locator("#login-password").fill(BenchCity.PASSWORD);
    double clicked = num(page.evaluate("() => __bench.now()"));
    page.locator("#login-submit").click();
    double cold = num(page.evaluate("n => __bench.whenFullyRendered(n, 280000)", expected)) - clicked;
    // Warm: the same browser loads the page again (session cookie, cached scripts).
    page.reload();
    double warm = num(page.evaluate("n => __bench.whenFullyRendered(n, 280000)", expected));
    page.evaluate("() => __bench.watchEvents()");
    page.waitForTimeout(5000);
    Memory before = memory(page, cdp);
    System.out.printf(Locale.ROOT, "first full render: %.0f ms from login, %.0f ms on reload; %s%n", cold, warm, before);

    List<Phase> phases = new ArrayList<>();
    if (idleSeconds > 0) {
      phases.add(phase("idle (countdowns ticking)", page, cdp, () -> page.waitForTimeout(idleSeconds * 1000.0)));
    }
    if (panSeconds > 0) {
      int loops = Math.max(1, (int) Math.round(panSeconds / 15.0));
      phases.add(phase("pan and zoom through the levels", page, cdp,
          () -> page.evaluate("n => __bench.route(n)", loops)));
    }
    for (int i = 0; i < rates.size(); i++) {
      double rate = rates.get(i);
      int secs = eventSeconds.get(i);
      BenchCity.LoadResult[] load = new BenchCity.LoadResult[1];
      Phase p = phase(String.format(Locale.ROOT, "live events %s/s", fmt(rate)), page, cdp,
          () -> load[0] = city.load(rate, secs));
      p.load = load[0];
      p.memoryAfter = memory(page, cdp);
      phases.add(p);
    }
    // New cases pulse for a minute: memory is compared once that is over.
    page.waitForTimeout(quietSeconds * 1000.0);
    Memory after = memory(page, cdp);
    int shown = num(page.evaluate("() => gw.state.cases.size")).intValue();
    System.out.printf(Locale.ROOT, "after the events: %s; %d cases on the wall, %d open%n", after, shown,
        city.openCases());

    if (screenshot != null) {
      showcase(city, page);
    }
    report(phases, cold, warm, before, after, shown, expected);
  }

  /**
   * A calm stretch as on the demo wall, for the screenshot: one event a second, and every five
   * seconds an urgent complaint filed late (the operator typed up a call taken 50 minutes ago, twice
   * 65), which the next sweep escalates: yellow warnings and red overdue lines in the feed.
   */
  private void showcase(BenchCity city, Page page) throws Exception {
    Random r = new Random(seed + 1);
    for (int i = 0; i < 40; i++) {
      String[] name = new String[1];
      city.oneAction(r, name).exceptionally(e -> null).join();
      if (i % 5 == 2) {
        city.fileAged(city.complaint(true), (i == 27 || i == 37 ? 65 : 50) * 60_000L);
        city.sweep();
      }
      page.waitForTimeout(1000);
    }
    page.waitForTimeout(3000);
    Files.createDirectories(screenshot.toAbsolutePath().getParent());
    page.screenshot(new Page.ScreenshotOptions().setPath(screenshot));
    System.out.println("screenshot: " + screenshot + " (" + Files.size(screenshot) / 1024 + " KB)");
  }

  // ---- phases

  /** What one phase measured. */
  private static final class Phase {
    String name;
    double seconds;
    double[] frames;
    int mapFrames;
    List<double[]> longTasks;
    List<double[]> events;
    Map<String, Double> metrics;
    Map<String, Double> cpuShare;
    BenchCity.LoadResult load;
    /** After an events phase: memory after a forced GC (the next phase starts after it). */
    Memory memoryAfter;
  }

  private Phase phase(String name, Page page, CDPSession cdp, Runnable during) throws IOException {
    System.out.println("phase: " + name + "…");
    if (profile) {
      cdp.send("Profiler.enable");
      JsonObject interval = new JsonObject();
      interval.addProperty("interval", 500);
      cdp.send("Profiler.setSamplingInterval", interval);
      cdp.send("Profiler.start");
    }
    if (trace) {
      browser.startTracing(page, new Browser.StartTracingOptions().setScreenshots(false)
          .setCategories(List.of("devtools.timeline", "toplevel", "v8", "blink", "gpu", "cc", "viz")));
    }
    Map<String, Double> m0 = metrics(cdp);
    Map<String, Long> c0 = cpu.sample();
    double t0 = num(page.evaluate("() => __bench.now()"));
    during.run();
    double t1 = num(page.evaluate("() => __bench.now()"));
    Map<String, Long> c1 = cpu.sample();
    Map<String, Double> m1 = metrics(cdp);
    if (trace) {
      byte[] json = browser.stopTracing();
      String file = label + "-" + name.replaceAll("[^A-Za-z0-9]+", "-") + ".trace.json";
      Files.write(OUT.resolve(file), json);
      System.out.println(TraceSummary.mainThread(json, 20));
      System.out.println(TraceSummary.thread(json, "CrGpuMain", 12));
      System.out.println(TraceSummary.thread(json, "VizCompositorThread", 8));
      System.out.println("  (trace: " + OUT.resolve(file) + ", open in chrome://tracing or the Performance panel)");
    }
    Phase p = new Phase();
    p.name = name;
    p.seconds = (t1 - t0) / 1000;
    p.frames = doubles(page.evaluate("([a, b]) => __bench.frameIntervals(a, b)", List.of(t0, t1)));
    p.mapFrames = num(page.evaluate("([a, b]) => __bench.mapFrames(a, b)", List.of(t0, t1))).intValue();
    p.longTasks = pairs(page.evaluate("([a, b]) => __bench.longTasks(a, b)", List.of(t0, t1)));
    p.events = pairs(page.evaluate("([a, b]) => __bench.events(a, b)", List.of(t0, t1)));
    p.metrics = new LinkedHashMap<>();
    for (String k : List.of("TaskDuration", "ScriptDuration", "LayoutDuration", "RecalcStyleDuration")) {
      p.metrics.put(k, (m1.getOrDefault(k, 0.0) - m0.getOrDefault(k, 0.0)) * 1000 / p.seconds);
    }
    p.cpuShare = cpu.share(c0, c1);
    if (profile) {
      JsonObject result = cdp.send("Profiler.stop");
      String file = label + "-" + name.replaceAll("[^A-Za-z0-9]+", "-") + ".cpuprofile";
      Files.writeString(OUT.resolve(file), result.get("profile").toString());
      System.out.println(topFunctions(result.getAsJsonObject("profile"), 15));
      System.out.println("  (profile: " + OUT.resolve(file) + ")");
    }
    System.out.printf(Locale.ROOT, "  %d frames (%d drawn by the map) in %.1f s, p50 %.1f ms, p99 %.1f ms%n",
        p.frames.length, p.mapFrames, p.seconds, percentile(p.frames, 50), percentile(p.frames, 99));
    return p;
  }

  private static Map<String, Double> metrics(CDPSession cdp) {
    Map<String, Double> out = new HashMap<>();
    JsonArray list = cdp.send("Performance.getMetrics").getAsJsonArray("metrics");
    for (JsonElement e : list) {
      JsonObject o = e.getAsJsonObject();
      out.put(o.get("name").getAsString(), o.get("value").getAsDouble());
    }
    return out;
  }

  /**
   * JS heap after a forced garbage collection, the DOM counters, and the size of the open cases
   * as the wall holds them (JSON): heap growth that this explains is data, not a leak.
   */
  private record Memory(double heapMb, int nodes, int listeners, double casesMb) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "heap %.1f MB (cases as JSON %.1f MB), %d DOM nodes, %d listeners", heapMb,
          casesMb, nodes, listeners);
    }
  }

  private static Memory memory(Page page, CDPSession cdp) {
    double casesMb = num(page.evaluate("() => JSON.stringify([...gw.state.cases.values()]).length")) / 1048576;
    cdp.send("HeapProfiler.enable");
    cdp.send("HeapProfiler.collectGarbage");
    JsonObject heap = cdp.send("Runtime.getHeapUsage");
    JsonObject dom = cdp.send("Memory.getDOMCounters");
    return new Memory(heap.get("usedSize").getAsDouble() / 1048576, dom.get("nodes").getAsInt(),
        dom.get("jsEventListeners").getAsInt(), casesMb);
  }

  /** Self time by function over a CPU profile, the top {@code n}. */
  private static String topFunctions(JsonObject profile, int n) {
    Map<Integer, String> names = new HashMap<>();
    for (JsonElement e : profile.getAsJsonArray("nodes")) {
      JsonObject node = e.getAsJsonObject();
      JsonObject f = node.getAsJsonObject("callFrame");
      String url = f.get("url").getAsString();
      String where = url.isEmpty() ? "" : " " + url.substring(url.lastIndexOf('/') + 1) + ":" + (f.get("lineNumber").getAsInt() + 1);
      String fn = f.get("functionName").getAsString();
      names.put(node.get("id").getAsInt(), (fn.isEmpty() ? "(anonymous)" : fn) + where);
    }
    JsonArray samples = profile.getAsJsonArray("samples");
    JsonArray deltas = profile.getAsJsonArray("timeDeltas");
    Map<String, Double> self = new HashMap<>();
    double total = 0;
    for (int i = 0; i < samples.size(); i++) {
      double ms = i + 1 < deltas.size() ? deltas.get(i + 1).getAsDouble() / 1000 : 0;
      self.merge(names.get(samples.get(i).getAsInt()), ms, Double::sum);
      total += ms;
    }
    double sum = total;
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "  top self time of %.0f ms sampled:%n", total));
    self.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(n)
        .forEach(e -> sb.append(String.format(Locale.ROOT, "    %8.0f ms %5.1f %%  %s%n", e.getValue(),
            100 * e.getValue() / sum, e.getKey())));
    return sb.toString();
  }

  // ---- the report

  private void report(List<Phase> phases, double cold, double warm, Memory before, Memory after, int shown,
      int expected) {
    report.add("### " + label + ": " + expected + " open cases, 1920×1080, headless Chromium, SwiftShader WebGL, "
        + Runtime.getRuntime().availableProcessors() + " CPUs");
    report.add("");
    report.add(String.format(Locale.ROOT, "First full render (grid, %d cases on the map, queue, nothing left to load):"
        + " **%.1f s** from the login click in a fresh browser, **%.1f s** on reload.", expected, cold / 1000,
        warm / 1000));
    report.add("");
    report.add("| phase | s | frames/s (map) | p50 ms | p95 ms | p99 ms | max ms | frames > 50 ms | long tasks (n, ms/s, max ms)"
        + " | main thread busy ms/s (script) | renderer / GPU / server CPU % | events/s (page) | commit → handler p50 / p95 ms"
        + " | commit → feed row p50 / p95 ms | handler p95 / max ms |");
    report.add("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (Phase p : phases) {
      double[] f = p.frames;
      long over = Arrays.stream(f).filter(x -> x > LONG_FRAME_MS).count();
      double ltTotal = p.longTasks.stream().mapToDouble(x -> x[1]).sum();
      double ltMax = p.longTasks.stream().mapToDouble(x -> x[1]).max().orElse(0);
      double[] lag = p.events.stream().mapToDouble(x -> x[1]).filter(x -> !Double.isNaN(x)).toArray();
      double[] handler = p.events.stream().mapToDouble(x -> x[2]).toArray();
      double[] toFeed = p.events.stream().mapToDouble(x -> x[1] + x[3]).filter(x -> !Double.isNaN(x)).toArray();
      boolean events = p.load != null;
      report.add(String.format(Locale.ROOT, "| %s | %.0f | %.1f (%.1f) | %.1f | %.1f | %.1f | %.0f | %.1f %% | %d, %.0f, %.0f | %.0f (%.0f)"
              + " | %.0f / %.0f / %.0f | %s | %s | %s | %s |",
          p.name, p.seconds, f.length / p.seconds, p.mapFrames / p.seconds, percentile(f, 50), percentile(f, 95), percentile(f, 99),
          Arrays.stream(f).max().orElse(0), f.length == 0 ? 0 : 100.0 * over / f.length, p.longTasks.size(),
          ltTotal / p.seconds, ltMax, p.metrics.get("TaskDuration"), p.metrics.get("ScriptDuration"),
          p.cpuShare.getOrDefault("renderer", 0.0), p.cpuShare.getOrDefault("gpu", 0.0),
          p.cpuShare.getOrDefault("jvm", 0.0),
          events ? String.format(Locale.ROOT, "%.1f", p.events.size() / p.seconds) : "—",
          events && lag.length > 0 ? String.format(Locale.ROOT, "%.0f / %.0f", percentile(lag, 50), percentile(lag, 95)) : "—",
          events && toFeed.length > 0 ? String.format(Locale.ROOT, "%.0f / %.0f", percentile(toFeed, 50),
              percentile(toFeed, 95)) : "—",
          events && handler.length > 0 ? String.format(Locale.ROOT, "%.1f / %.1f", percentile(handler, 95),
              Arrays.stream(handler).max().orElse(0)) : "—"));
    }
    report.add("");
    for (Phase p : phases) {
      if (p.load != null) {
        BenchCity.LoadResult l = p.load;
        report.add(String.format(Locale.ROOT, "- %s: %d requests sent in %.0f s (%.1f/s), %d ok, %d conflicts, %d failed,"
                + " %d ticks skipped (64 in flight); %s; then %s", p.name, l.sent(), l.seconds(), l.sent() / l.seconds(),
            l.ok(), l.conflicts(), l.failed(), l.skipped(), l.byAction(), p.memoryAfter));
      }
    }
    report.add(String.format(Locale.ROOT, "- Memory after a forced GC: before the events %s; after them and %d s of quiet %s"
        + " (%+.1f MB). Cases on the wall at the end: %d.", before, quietSeconds, after, after.heapMb() - before.heapMb(),
        shown));
    report.add(String.format(Locale.ROOT, "- Machine: %s; load average at the end %s.", machine(), loadAverage()));
  }

  private static String machine() {
    return Runtime.getRuntime().availableProcessors() + " CPUs, Java " + System.getProperty("java.version");
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "?";
    }
  }

  static double percentile(double[] values, double p) {
    if (values.length == 0) {
      return 0;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int i = (int) Math.ceil(p / 100 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  private static String fmt(double rate) {
    return rate == Math.rint(rate) ? String.valueOf((long) rate) : String.valueOf(rate);
  }

  private static Double num(Object o) {
    return ((Number) o).doubleValue();
  }

  private static double[] doubles(Object o) {
    return ((List<?>) o).stream().mapToDouble(x -> ((Number) x).doubleValue()).toArray();
  }

  private static List<double[]> pairs(Object o) {
    List<double[]> out = new ArrayList<>();
    for (Object row : (List<?>) o) {
      out.add(doubles(row));
    }
    return out;
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = WallSmoothness.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("missing resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /**
   * CPU time from /proc: this JVM (the server and the load generator), and the Chromium processes
   * this JVM started (through Playwright's driver), by type: the renderer (the page's main thread
   * and MapLibre's worker) and the GPU process (SwiftShader). Linux only.
   */
  private static final class CpuMeter {
    private static final double TICKS_PER_SECOND = 100;
    Map<String, Long> sample() {
      Map<String, Long> out = new HashMap<>();
      out.put("jvm", ticks(ProcessHandle.current().pid()));
      ProcessHandle.current().descendants().forEach(h -> {
        String cmd = cmdline(h.pid());
        if (!cmd.contains("chrom")) {
          return;
        }
        String type = cmd.contains("--type=renderer") ? "renderer" : cmd.contains("--type=gpu-process") ? "gpu" : "browser";
        out.merge(type, ticks(h.pid()), Long::sum);
      });
      out.put("at", System.nanoTime());
      return out;
    }

    Map<String, Double> share(Map<String, Long> a, Map<String, Long> b) {
      double seconds = (b.get("at") - a.get("at")) / 1e9;
      Map<String, Double> out = new HashMap<>();
      for (String k : b.keySet()) {
        if (!k.equals("at")) {
          out.put(k, 100 * (b.get(k) - a.getOrDefault(k, 0L)) / TICKS_PER_SECOND / seconds);
        }
      }
      return out;
    }

    private static long ticks(long pid) {
      try {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
      } catch (IOException | RuntimeException e) {
        return 0;
      }
    }

    private static String cmdline(long pid) {
      try {
        return new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")), StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "";
      }
    }
  }
}
