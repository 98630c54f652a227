package io.gridwatch.cases.bench;

import io.gridwatch.config.ConfigKeys;
import io.gridwatch.store.DatabaseProvisioner;
import io.gridwatch.store.DatabaseUrl;
import io.gridwatch.testing.ServerProcess;
import io.gridwatch.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Intake throughput and latency of {@code POST /api/complaints}, side by side with pgbench
 * running the same statements ({@code scripts/bench/intake-pgbench.sql}) on the same database in
 * the same run. The server runs as in production, in a child JVM ({@code Main serve}) on a
 * fresh database on the local PostgreSQL; this JVM is the load generator (Vert.x HTTP client,
 * one event loop).
 *
 * <p>Phases: warm-up; then {@code rounds} times: intake at its maximum (closed loop,
 * {@code connections} requests in flight) and pgbench at its maximum ({@code pgbench-clients}
 * connections, the server's pool size); then both open loop at a fixed arrival rate (half the
 * best intake maximum, or {@code --rate}): every request's latency counts from the instant it was
 * due, not from when it was sent, so a stall is charged to every request it delayed (no
 * coordinated omission); pgbench {@code -R} does the same (its per-transaction log adds the
 * schedule lag). Rows added per filing, table by table, are compared between the two, so a
 * pgbench script that no longer does the same inserts as the server shows up in the report.
 *
 * <p>Run: {@code mvn -Pbench test-compile exec:exec@intake} (see docs/performance.md). Options:
 * {@code --warmup S --seconds S --rounds N --connections N --pgbench-clients N --rate R --jfr}.
 */
public final class IntakeBenchmark {
  private static final String ADMIN_PASSWORD = "bench-admin-password-0123";
  private static final String OPERATOR_PASSWORD = "bench-operator-password-0123";
  /** Complaints fall uniformly in this box of central Chengdu (the pgbench script uses the same). */
  private static final double LON_MIN = 104.03;
  private static final double LON_SPAN = 0.08;
  private static final double LAT_MIN = 30.62;
  private static final double LAT_SPAN = 0.07;

  private final Map<String, String> opts;
  private final PrintStream out;
  private final String run = Long.toString(System.currentTimeMillis(), 36);
  private final AtomicLong sequence = new AtomicLong();
  private DatabaseUrl db;
  private ServerProcess server;
  private Vertx vertx;
  private HttpClientAgent client;
  private String token;
  private long userId;
  private String username;

  private IntakeBenchmark(Map<String, String> opts, PrintStream out) {
    this.opts = opts;
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument " + args[i]);
      }
      String name = args[i].substring(2);
      if (name.equals("jfr")) {
        opts.put(name, "true");
      } else {
        opts.put(name, args[++i]);
      }
    }
    Path report = Path.of(opts.getOrDefault("out", "target/intake-bench.txt"));
    Files.createDirectories(report.toAbsolutePath().getParent());
    try (PrintStream file = new PrintStream(Files.newOutputStream(report), true, StandardCharsets.UTF_8)) {
      PrintStream both = new PrintStream(new TeeStream(System.out, file), true, StandardCharsets.UTF_8);
      new IntakeBenchmark(opts, both).run();
      both.flush();
    }
    System.out.println("Report: " + report);
    System.exit(0);
  }

  private int intOpt(String name, int fallback) {
    return Integer.parseInt(opts.getOrDefault(name, String.valueOf(fallback)));
  }

  private void run() throws Exception {
    int warmup = intOpt("warmup", 30);
    int seconds = intOpt("seconds", 20);
    int rounds = intOpt("rounds", 2);
    int connections = intOpt("connections", 16);
    int pgClients = intOpt("pgbench-clients", 8);
    String pgbench = pgbenchBinary();
    Path template = Path.of(opts.getOrDefault("pgbench-script", "scripts/bench/intake-pgbench.sql"));
    Path script = Path.of("target", "intake-pgbench.expanded.sql");
    Files.writeString(script, expand(Files.readString(template)));

    out.printf("# Intake benchmark %s%n", OffsetDateTime.now());
    out.printf("machine: %d CPUs (%s), %s; load average before start %s%n",
        Runtime.getRuntime().availableProcessors(), cpuModel(), System.getProperty("java.vm.name") + " "
            + System.getProperty("java.version"), loadAverage());
    db = DatabaseUrl.parse(TestDatabase.create().withCredentials());
    try (Connection c = DatabaseProvisioner.jdbc(db); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT version(), current_setting('synchronous_commit'),"
            + " current_setting('fsync'), current_setting('shared_buffers'), current_setting('wal_sync_method')")) {
      rs.next();
      out.printf("postgres: %s; synchronous_commit=%s fsync=%s shared_buffers=%s wal_sync_method=%s%n",
          rs.getString(1).replaceAll(" on x86_64.*", ""), rs.getString(2), rs.getString(3), rs.getString(4),
          rs.getString(5));
    }
    out.printf("pgbench: %s, script %s (expanded to %s), %d clients%n", pgbench, template, script, pgClients);
    out.printf("server pool size: %s (GRIDWATCH_DB_POOL_SIZE)%n", opts.getOrDefault("pool-size", "default 8"));
    startServer();
    out.printf("server: pid %d, port %d; load generator: Vert.x HTTP client, 1 event loop, %d connections in the"
        + " closed loop%n", server.pid(), server.port(), connections);
    if (opts.containsKey("pool-size") && Integer.parseInt(opts.get("pool-size")) != pgClients) {
      out.println("note: pgbench clients differ from the server's pool size");
    }

    out.printf("%n## warm-up %d s (closed loop, %d in flight), from %s%n", warmup, connections, clock());
    Closed w = closedLoop(connections, warmup);
    out.printf("warm-up: %.0f filings/s%n", w.perSecond());
    String cell = topCell();
    String[] pgVars = pgbenchVariables(cell);

    List<Closed> intakeMax = new ArrayList<>();
    List<PgResult> pgMax = new ArrayList<>();
    Map<String, Double> intakeRows = null;
    Map<String, Double> pgRows = null;
    for (int r = 1; r <= rounds; r++) {
      out.printf("%n## round %d: maximum throughput, %d s each; intake from %s%n", r, seconds, clock());
      Map<String, Long> before = rowCounts();
      long[] cpu0 = cpuSnapshot();
      WaitSampler intakeWaits = new WaitSampler("gridwatch");
      Closed c = closedLoop(connections, seconds);
      intakeWaits.close();
      long[] cpu1 = cpuSnapshot();
      intakeRows = perFiling(before, rowCounts(), c.filed());
      intakeMax.add(c);
      out.printf("intake  (closed loop, %d in flight): %8.1f filings/s; service time p50 %.2f ms, p99 %.2f ms;"
          + " %d errors%n", connections, c.perSecond(), ms(c.hist(), 50), ms(c.hist(), 99), c.errors());
      out.println("        " + cpuReport(cpu0, cpu1, c.filed()));
      out.println("        server's sessions: " + intakeWaits.report());
      before = rowCounts();
      out.printf("pgbench from %s%n", clock());
      WaitSampler pgWaits = new WaitSampler("pgbench");
      PgResult p = pgbench(pgbench, script, pgVars, List.of("-c", String.valueOf(pgClients), "-j",
          String.valueOf(Math.min(2, pgClients)), "-T", String.valueOf(seconds)));
      pgWaits.close();
      pgRows = perFiling(before, rowCounts(), p.transactions());
      pgMax.add(p);
      out.printf("pgbench (%d clients, -M extended):      %8.1f tps; latency average %.2f ms; %d failed%n",
          pgClients, p.tps(), p.latencyAverageMs(), p.failed());
      out.println("        pgbench's sessions: " + pgWaits.report());
    }
    double bestIntake = intakeMax.stream().mapToDouble(Closed::perSecond).max().orElseThrow();
    double bestPg = pgMax.stream().mapToDouble(PgResult::tps).max().orElseThrow();

    out.printf("%n## rows added per filing (intake's last round vs pgbench's last round)%n");
    boolean same = true;
    for (String table : new java.util.TreeSet<>(union(intakeRows.keySet(), pgRows.keySet()))) {
      double a = intakeRows.getOrDefault(table, 0.0);
      double b = pgRows.getOrDefault(table, 0.0);
      if (a == 0 && b == 0) {
        continue;
      }
      boolean eq = Math.abs(a - b) < 0.01;
      same &= eq;
      out.printf("  %-22s intake %.3f   pgbench %.3f%s%n", table, a, b, eq ? "" : "   <-- DIFFERENT");
    }
    out.println(same ? "  the same inserts on both sides"
        : "  NOT THE SAME WORK: re-capture the statements (scripts/bench/capture-intake-sql.sh) and fix the script");

    double rate = opts.containsKey("rate") ? Double.parseDouble(opts.get("rate")) : Math.floor(bestIntake / 2);
    int openSeconds = intOpt("open-seconds", 30);
    out.printf("%n## open loop at %.0f requests/s (half the best intake maximum), %d s each; intake from %s%n", rate,
        openSeconds, clock());
    long[] cpu0 = cpuSnapshot();
    Open o = openLoop(rate, openSeconds);
    long[] cpu1 = cpuSnapshot();
    out.printf("intake : achieved %.1f/s, %d filed, %d errors; latency from due time: %s%n", o.achieved(), o.filed(),
        o.errors(), percentiles(o.hist()));
    out.println("        " + cpuReport(cpu0, cpu1, o.filed()));
    Path logDir = Files.createTempDirectory("intake-pgbench-log");
    PgResult pr = pgbench(pgbench, script, pgVars, List.of("-c", String.valueOf(pgClients), "-j",
        String.valueOf(Math.min(2, pgClients)), "-T", String.valueOf(openSeconds), "-R", String.valueOf((long) rate),
        "-l", "--log-prefix", logDir.resolve("pgbench").toString()));
    Histogram pgHist = pgbenchLatencies(logDir);
    out.printf("pgbench: achieved %.1f tps, %d failed; latency from due time: %s%n", pr.tps(), pr.failed(),
        percentiles(pgHist));

    out.printf("%n## summary%n");
    out.printf("intake max %s filings/s (rounds: %s); pgbench max %s tps (rounds: %s)%n", f1(bestIntake),
        intakeMax.stream().map(c -> f1(c.perSecond())).toList(), f1(bestPg),
        pgMax.stream().map(p -> f1(p.tps())).toList());
    out.printf("target 1, intake >= 1/2 of pgbench: %.2f of pgbench -> %s%n", bestIntake / bestPg,
        bestIntake >= bestPg / 2 ? "MET" : "NOT MET");
    out.printf("target 2, p99 < 25 ms at %.0f/s (half of max): p99 %.2f ms -> %s%n", rate, ms(o.hist(), 99),
        ms(o.hist(), 99) < 25 && o.errors() == 0 ? "MET" : "NOT MET");
    Map<String, Long> sizes = rowCounts();
    out.printf("rows at the end: case_file %d, event_outbox %d, case_deadline %d, audit_log %d%n",
        sizes.get("case_file"), sizes.get("event_outbox"), sizes.getOrDefault("case_deadline", 0L),
        sizes.get("audit_log"));
    out.printf("load average after: %s%n", loadAverage());

    client.close().await();
    vertx.close().await();
    server.close();
  }

  // ---- the server

  private void startServer() throws Exception {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("GRIDWATCH_ADMIN_PASSWORD", ADMIN_PASSWORD);
    if (opts.containsKey("pool-size")) {
      env.put(ConfigKeys.envName(ConfigKeys.DB_POOL_SIZE), opts.get("pool-size"));
    }
    List<String> jvm = new ArrayList<>(List.of("-Xmx1g", "-Xms1g"));
    if (opts.containsKey("jfr")) {
      jvm.add("-XX:StartFlightRecording=filename=target/intake-server.jfr,settings=profile");
      out.println("JFR: target/intake-server.jfr (settings=profile)");
    }
    Path log = Path.of("target", "intake-bench-server.log");
    Files.deleteIfExists(log);
    server = ServerProcess.start(db, ServerProcess.freePort(), env, jvm, log, Duration.ofSeconds(240));
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.port())
        .setKeepAlive(true).setPipelining(false), new PoolOptions().setHttp1MaxSize(1024).setMaxWaitQueueSize(-1));
    String admin = login("admin", ADMIN_PASSWORD);
    username = "bench-operator-" + run;
    JsonObject user = call(HttpMethod.POST, "/api/users", admin, new JsonObject().put("username", username)
        .put("displayName", "Intake benchmark").put("role", "OPERATOR").putNull("gridCode")
        .put("password", OPERATOR_PASSWORD), 201);
    userId = user.getLong("id");
    token = login(username, OPERATOR_PASSWORD);
  }

  private String login(String name, String password) {
    return call(HttpMethod.POST, "/api/auth/login", null, new JsonObject().put("username", name)
        .put("password", password), 200).getString("token");
  }

  private JsonObject call(HttpMethod method, String uri, String bearer, JsonObject body, int expected) {
    RequestOptions o = new RequestOptions().setMethod(method).setURI(uri).putHeader("Content-Type", "application/json");
    if (bearer != null) {
      o.putHeader("Authorization", "Bearer " + bearer);
    }
    return client.request(o).compose(req -> req.send(body.encode())).compose(resp -> resp.body().map(b -> {
      if (resp.statusCode() != expected) {
        throw new IllegalStateException(method + " " + uri + " answered " + resp.statusCode() + ": " + b);
      }
      return new JsonObject(b);
    })).await();
  }

  // ---- one filing

  private Future<Integer> fileOne() {
    long n = sequence.incrementAndGet();
    java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
    double[] p = {Math.round((LON_MIN + random.nextDouble() * LON_SPAN) * 1e6) / 1e6,
        Math.round((LAT_MIN + random.nextDouble() * LAT_SPAN) * 1e6) / 1e6};
    String body = "{\"channel\":\"HOTLINE\",\"category\":\"WAGE_ARREARS\",\"location\":{\"lon\":" + p[0] + ",\"lat\":"
        + p[1] + ",\"crs\":\"WGS84\"},\"employer\":{\"name\":\"成都某建筑劳务有限公司\"},\"workersInvolved\":12,"
        + "\"amountOwed\":\"12500.00\",\"description\":\"三个月工资未发 (benchmark " + n + ")\","
        + "\"complainant\":{\"name\":\"张三丰\",\"phone\":\"13812345678\"}}";
    RequestOptions o = new RequestOptions().setMethod(HttpMethod.POST).setURI("/api/complaints")
        .putHeader("Content-Type", "application/json").putHeader("Authorization", "Bearer " + token)
        .putHeader("Idempotency-Key", "bench-" + run + "-" + n).setTimeout(60_000);
    return client.request(o).compose(req -> req.send(Buffer.buffer(body, "UTF-8")))
        .compose(resp -> resp.body().map(b -> resp.statusCode()));
  }

  /** {@code filed}: every 201; {@code inWindow}: those answered within the measured seconds. */
  record Closed(long filed, long inWindow, long errors, double seconds, Histogram hist) {
    double perSecond() {
      return inWindow / seconds;
    }
  }

  /** {@code inFlight} virtual clients, each sending the next filing when the last is answered. */
  private Closed closedLoop(int inFlight, int seconds) throws InterruptedException {
    ConcurrentHistogram hist = new ConcurrentHistogram(TimeUnit.SECONDS.toNanos(60), 3);
    AtomicLong filed = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    AtomicLong inWindow = new AtomicLong();
    long start = System.nanoTime();
    long end = start + TimeUnit.SECONDS.toNanos(seconds);
    CountDownLatch done = new CountDownLatch(inFlight);
    for (int i = 0; i < inFlight; i++) {
      vertx.runOnContext(v -> loop(end, hist, filed, errors, inWindow, done));
    }
    done.await(seconds + 120L, TimeUnit.SECONDS);
    return new Closed(filed.get(), inWindow.get(), errors.get(), seconds, hist);
  }

  private void loop(long end, ConcurrentHistogram hist, AtomicLong filed, AtomicLong errors, AtomicLong inWindow,
      CountDownLatch done) {
    if (System.nanoTime() >= end) {
      done.countDown();
      return;
    }
    long t0 = System.nanoTime();
    fileOne().onComplete(ar -> {
      long t1 = System.nanoTime();
      if (ar.succeeded() && ar.result() == 201) {
        filed.incrementAndGet();
        if (t1 <= end) {
          inWindow.incrementAndGet();
          hist.recordValue(Math.min(t1 - t0, hist.getHighestTrackableValue()));
        }
      } else {
        errors.incrementAndGet();
      }
      loop(end, hist, filed, errors, inWindow, done);
    });
  }

  record Open(long filed, long errors, double achieved, Histogram hist) {}

  /**
   * Sends filings at {@code rate} per second on a fixed schedule, whatever the answers do; the
   * latency of each is measured from its due time.
   */
  private Open openLoop(double rate, int seconds) throws InterruptedException {
    ConcurrentHistogram hist = new ConcurrentHistogram(TimeUnit.SECONDS.toNanos(60), 3);
    AtomicLong filed = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    long period = (long) (1e9 / rate);
    long total = (long) (rate * seconds);
    CountDownLatch answered = new CountDownLatch((int) total);
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
    for (long i = 0; i < total; i++) {
      long due = start + i * period;
      long wait;
      while ((wait = due - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait);
      }
      fileOne().onComplete(ar -> {
        long latency = System.nanoTime() - due;
        if (ar.succeeded() && ar.result() == 201) {
          filed.incrementAndGet();
          hist.recordValue(Math.min(latency, hist.getHighestTrackableValue()));
        } else {
          errors.incrementAndGet();
        }
        answered.countDown();
      });
    }
    long sent = System.nanoTime();
    answered.await(120, TimeUnit.SECONDS);
    return new Open(filed.get(), errors.get(), total / ((sent - start) / 1e9), hist);
  }

  // ---- pgbench

  record PgResult(double tps, long transactions, long failed, double latencyAverageMs) {}

  private static String pgbenchBinary() throws IOException {
    String configured = System.getenv("PGBENCH");
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    try (var dirs = Files.list(Path.of("/usr/lib/postgresql"))) {
      return dirs.map(d -> d.resolve("bin/pgbench")).filter(Files::isExecutable).sorted().reduce((a, b) -> b)
          .map(Path::toString).orElse("pgbench");
    } catch (IOException e) {
      return "pgbench";
    }
  }

  private static final Pattern TEMPLATE_LINE = Pattern.compile("^--@ ([a-z0-9/_-]+)(.*?)(\\\\gset(?: (\\w+))?)?$");
  private static final Pattern PARAMETER = Pattern.compile("\\$([0-9]+)");

  /**
   * Expands the pgbench template: each {@code --@ NAME ARG | ARG ...} line becomes the server's
   * SQL {@code NAME} with {@code $n} replaced by {@code (ARG n)}, ended by {@code ;} or by the
   * line's {@code \gset}. Fails when a statement's parameters and the line's ARGs do not match.
   */
  static String expand(String template) {
    StringBuilder out = new StringBuilder();
    for (String line : template.split("\n", -1)) {
      Matcher m = TEMPLATE_LINE.matcher(line);
      if (!m.matches()) {
        out.append(line).append('\n');
        continue;
      }
      String sql = io.gridwatch.store.Sql.get(m.group(1));
      String rest = m.group(2).strip();
      List<String> args = rest.isEmpty() ? List.of() : List.of(rest.split(" \\| ", -1));
      java.util.Set<Integer> used = new java.util.TreeSet<>();
      Matcher p = PARAMETER.matcher(sql);
      StringBuilder expanded = new StringBuilder();
      while (p.find()) {
        int n = Integer.parseInt(p.group(1));
        if (n > args.size()) {
          throw new IllegalStateException(m.group(1) + " has parameter $" + n + " but the pgbench template gives "
              + args.size() + " values: update scripts/bench/intake-pgbench.sql");
        }
        used.add(n);
        p.appendReplacement(expanded, Matcher.quoteReplacement("(" + args.get(n - 1).strip() + ")"));
      }
      p.appendTail(expanded);
      if (used.size() != args.size()) {
        throw new IllegalStateException(m.group(1) + " uses parameters " + used + " but the pgbench template gives "
            + args.size() + " values: update scripts/bench/intake-pgbench.sql");
      }
      out.append(expanded);
      out.append(m.group(3) == null ? ";" : "\n" + m.group(3)).append('\n');
    }
    return out.toString();
  }

  /** -D variables for the script: the operator's live session, the operator, the cell. */
  private String[] pgbenchVariables(String cell) throws SQLException {
    try (Connection c = DatabaseProvisioner.jdbc(db); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT '\\x' || encode(id_hash, 'hex') FROM auth_session WHERE user_id = "
            + userId + " AND revoked_at IS NULL ORDER BY last_seen DESC LIMIT 1")) {
      if (!rs.next()) {
        throw new IllegalStateException("no session of the operator");
      }
      return new String[] {"hash=" + rs.getString(1), "user_id=" + userId, "username=" + username, "cell=" + cell};
    }
  }

  private PgResult pgbench(String binary, Path script, String[] vars, List<String> extra) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(binary, "-h", db.host(), "-p", String.valueOf(db.port()), "-U",
        db.user(), "-n", "-M", "extended", "-f", script.toString()));
    for (String v : vars) {
      cmd.add("-D");
      cmd.add(v);
    }
    cmd.addAll(extra);
    cmd.add(db.database());
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    if (!db.password().isEmpty()) {
      pb.environment().put("PGPASSWORD", db.password());
    }
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException("pgbench failed:\n" + output);
    }
    return new PgResult(number(output, "tps = ([0-9.]+) \\(without initial connection time\\)"),
        (long) number(output, "number of transactions actually processed: ([0-9]+)"),
        output.contains("number of failed transactions") ? (long) number(output,
            "number of failed transactions: ([0-9]+)") : 0,
        number(output, "latency average = ([0-9.]+) ms"));
  }

  /** Per transaction: time (µs) plus schedule lag (µs) = latency from the transaction's due time. */
  private static Histogram pgbenchLatencies(Path dir) throws IOException {
    Histogram h = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        for (String line : Files.readAllLines(f)) {
          String[] x = line.trim().split("\\s+");
          if (x.length >= 7 && !x[2].equals("skipped")) {
            long micros = Long.parseLong(x[2]) + Long.parseLong(x[6]);
            h.recordValue(Math.min(TimeUnit.MICROSECONDS.toNanos(micros), h.getHighestTrackableValue()));
          }
        }
        Files.delete(f);
      }
    }
    Files.delete(dir);
    return h;
  }

  private static double number(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    if (!m.find()) {
      throw new IllegalStateException("pgbench output without /" + regex + "/:\n" + text);
    }
    return Double.parseDouble(m.group(1));
  }

  // ---- the database

  private String topCell() throws SQLException {
    try (Connection c = DatabaseProvisioner.jdbc(db); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT cell_code FROM case_file WHERE cell_code IS NOT NULL"
            + " GROUP BY cell_code ORDER BY count(*) DESC LIMIT 1")) {
      if (!rs.next()) {
        throw new IllegalStateException("no case was placed in a cell during the warm-up");
      }
      return rs.getString(1);
    }
  }

  /** Exact row counts of every table of the public schema. */
  private Map<String, Long> rowCounts() throws SQLException {
    Map<String, Long> out = new TreeMap<>();
    try (Connection c = DatabaseProvisioner.jdbc(db); Statement s = c.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rs = s.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
      for (String t : tables) {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM \"" + t + "\"")) {
          rs.next();
          out.put(t, rs.getLong(1));
        }
      }
    }
    return out;
  }

  private static Map<String, Double> perFiling(Map<String, Long> before, Map<String, Long> after, long filings) {
    Map<String, Double> out = new TreeMap<>();
    after.forEach((t, n) -> out.put(t, filings == 0 ? 0 : (n - before.getOrDefault(t, 0L)) / (double) filings));
    return out;
  }

  private static java.util.Set<String> union(java.util.Set<String> a, java.util.Set<String> b) {
    java.util.Set<String> out = new java.util.HashSet<>(a);
    out.addAll(b);
    return out;
  }

  // ---- CPU accounting (Linux /proc): where the CPU goes during a phase

  /** [machine busy ticks, machine total ticks, server JVM ticks, this JVM's CPU ns, postgres ticks]. */
  private long[] cpuSnapshot() {
    long[] out = new long[5];
    try {
      String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < cpu.length; i++) {
        total += Long.parseLong(cpu[i]);
      }
      long idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]);
      out[0] = total - idle;
      out[1] = total;
      out[2] = processTicks(server.pid());
      out[3] = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
          .getProcessCpuTime();
      out[4] = backendTicks();
    } catch (IOException | RuntimeException e) {
      // best effort: the report says n/a
      out[1] = -1;
    }
    return out;
  }

  /** CPU ticks of the PostgreSQL backends serving this database (the server's pool). */
  private long backendTicks() {
    long sum = 0;
    try (Connection c = DatabaseProvisioner.jdbc(db); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
            + " AND application_name = 'gridwatch'")) {
      while (rs.next()) {
        sum += processTicks(rs.getLong(1));
      }
    } catch (SQLException e) {
      return 0;
    }
    return sum;
  }

  private static long processTicks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  private static String cpuReport(long[] a, long[] b, long filed) {
    if (a[1] < 0 || b[1] < 0 || filed == 0) {
      return "cpu: n/a";
    }
    double tickUs = 1e6 / 100; // USER_HZ
    double machine = (b[0] - a[0]) / (double) (b[1] - a[1]);
    return String.format(Locale.ROOT, "cpu: machine %.0f%% busy; per filing: server JVM %.0f µs, its PG backends"
            + " %.0f µs, load generator %.0f µs", 100 * machine, (b[2] - a[2]) * tickUs / filed,
        (b[4] - a[4]) * tickUs / filed, (b[3] - a[3]) / 1e3 / filed);
  }

  // ---- where the database sessions spend their time

  /**
   * Samples pg_stat_activity of the benchmark database every few milliseconds: for each
   * backend of the server ({@code application_name} gridwatch) or of pgbench, its state and wait
   * event. "idle in transaction / Client:ClientRead" is a backend waiting for the client's next
   * statement inside a transaction (holding its locks); "active / Lock:transactionid" is a
   * backend waiting for another transaction's row lock (the event_seq counter); "IO:WALSync" is
   * the commit's flush.
   */
  private final class WaitSampler implements AutoCloseable {
    private final Map<String, Long> counts = new java.util.concurrent.ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private long samples;

    WaitSampler(String application) {
      thread = new Thread(() -> {
        try (Connection c = DatabaseProvisioner.jdbc(db); java.sql.PreparedStatement s = c.prepareStatement(
            "SELECT state, coalesce(wait_event_type || ':' || wait_event, 'CPU') FROM pg_stat_activity"
                + " WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name = ?")) {
          s.setString(1, application);
          while (running) {
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                counts.merge(rs.getString(1) + " / " + rs.getString(2), 1L, Long::sum);
              }
            }
            samples++;
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
          }
        } catch (SQLException e) {
          counts.merge("sampler failed: " + e.getMessage(), 1L, Long::sum);
        }
      }, "wait-sampler");
      thread.setDaemon(true);
      thread.start();
    }

    @Override
    public void close() throws InterruptedException {
      running = false;
      thread.join();
    }

    /** "x% state / wait" for the most frequent ones, as shares of all backend samples. */
    String report() {
      long total = counts.values().stream().mapToLong(Long::longValue).sum();
      if (total == 0) {
        return "(no samples)";
      }
      StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%.1f backends busy on average over %d samples:",
          (double) total / Math.max(1, samples), samples));
      counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(7)
          .forEach(e -> b.append(String.format(Locale.ROOT, "%n          %5.1f%%  %s", 100.0 * e.getValue() / total,
              e.getKey())));
      return b.toString();
    }
  }

  // ---- formatting

  private static double ms(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1e6;
  }

  private static String percentiles(Histogram h) {
    return String.format(Locale.ROOT, "p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms (n=%d)",
        ms(h, 50), ms(h, 90), ms(h, 99), ms(h, 99.9), h.getMaxValue() / 1e6, h.getTotalCount());
  }

  private static String clock() {
    return java.time.LocalTime.now(java.time.ZoneOffset.UTC).withNano(0).toString();
  }

  private static String f1(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "n/a";
    }
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .findFirst().map(l -> l.substring(l.indexOf(':') + 2)).orElse("?");
    } catch (IOException e) {
      return "?";
    }
  }

  /** Writes to two streams. */
  private static final class TeeStream extends java.io.OutputStream {
    private final java.io.OutputStream a;
    private final java.io.OutputStream b;

    TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public void write(int c) throws IOException {
      a.write(c);
      b.write(c);
    }

    @Override
    public void write(byte[] buf, int off, int len) throws IOException {
      a.write(buf, off, len);
      b.write(buf, off, len);
    }

    @Override
    public void flush() throws IOException {
      a.flush();
      b.flush();
    }
  }

}
