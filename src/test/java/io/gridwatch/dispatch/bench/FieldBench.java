package io.gridwatch.dispatch.bench;

import io.gridwatch.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The field figures of issue 11 item 9 (docs/performance.md, "Dispatch and the field"), against a
 * real GridWatch started in a JVM of its own ({@code io.gridwatch.Main}, as {@code java -jar}
 * would) on a fresh database of the local PostgreSQL:
 * <ol>
 *   <li><b>positions</b>: {@code --inspectors} inspectors (default 2,000) spread over the 20
 *       districts, each logged in through {@code POST /api/auth/login} with a bearer token of
 *       their own, on duty ({@code POST /api/me/status}), each reporting
 *       {@code POST /api/me/position} every {@code --period} seconds (default 10: 200 a second
 *       for 2,000), open loop (sent on schedule whether or not earlier ones were answered), for
 *       {@code --warmup} + {@code --seconds}. Reports the write latency (send → response) p50,
 *       p95, p99 and max over the measured window, errors (anything but 204, or no answer), how
 *       many were stored, the server JVM's CPU (utime + stime from /proc/&lt;pid&gt;/stat) and the
 *       machine's (from /proc/stat, which includes PostgreSQL), and the load average.</li>
 *   <li><b>dispatch</b>: {@code --phones} inspectors of district 510104 as phones (raw websocket
 *       at {@code /eventbus/websocket}, bearer token, registered on {@code gw.user.<id>}); an
 *       operator files and a supervisor registers {@code --dispatches} cases in 510104001001, then
 *       one after the other the operator dispatches each to two phones
 *       ({@code POST /api/cases/{id}/transitions {"action":"dispatch","inspectors":[a,b]}}). Per
 *       phone and dispatch: time from sending the dispatch request to the {@code case.dispatched}
 *       frame of that case arriving on the phone. With {@code --under-load} the dispatches run
 *       while the position load of step 1 goes on.</li>
 * </ol>
 * The users are inserted into {@code app_user} with the password hash of one user made through
 * {@code POST /api/users} (Argon2 at 50 ms a hash would otherwise take minutes for nothing the
 * figures measure); every session is a real login.
 *
 * <pre>
 * mvn -o -Pbench -Dnpm.skip=true test-compile exec:exec -Dbench.main=io.gridwatch.dispatch.bench.FieldBench \
 *     -Dbench.args="--inspectors 2000 --period 10 --warmup 10 --seconds 60 --phones 100 --dispatches 500"
 * </pre>
 * A benchmark, not a test: it asserts nothing and is never run by the test suite.
 */
public final class FieldBench {
  private static final String ADMIN_PASSWORD = "bench-admin-password-1";
  private static final String USER_PASSWORD = "bench-user-password-1";
  private static final String CASE_CELL = "510104001001";
  private static final String PHONE_DISTRICT = "510104";

  private final int inspectors;
  private final int periodSeconds;
  private final int warmupSeconds;
  private final int seconds;
  private final int phones;
  private final int dispatches;
  private final boolean underLoad;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();
  private int port;
  private Process server;
  private long serverPid;
  private Pool db;
  private Vertx vertx;

  private FieldBench(Map<String, String> o) {
    inspectors = Integer.parseInt(o.getOrDefault("inspectors", "2000"));
    periodSeconds = Integer.parseInt(o.getOrDefault("period", "10"));
    warmupSeconds = Integer.parseInt(o.getOrDefault("warmup", "10"));
    seconds = Integer.parseInt(o.getOrDefault("seconds", "60"));
    phones = Integer.parseInt(o.getOrDefault("phones", "100"));
    dispatches = Integer.parseInt(o.getOrDefault("dispatches", "500"));
    underLoad = Boolean.parseBoolean(o.getOrDefault("under-load", "false"));
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> o = new java.util.HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    FieldBench b = new FieldBench(o);
    try {
      b.run();
    } finally {
      b.close();
    }
    System.exit(0);
  }

  private void close() {
    if (server != null) {
      server.destroy();
    }
    if (vertx != null) {
      vertx.close();
    }
  }

  private record Person(long id, String username, String grid, String token) {}

  private void run() throws Exception {
    String dbUrl = TestDatabase.create().withCredentials();
    port = freePort();
    startServer(dbUrl);
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    db = PgBuilder.pool().with(new PoolOptions().setMaxSize(2))
        .connectingTo(io.gridwatch.store.DatabaseUrl.parse(dbUrl).connectOptions()).using(vertx).build();
    System.out.printf(Locale.ROOT, "server pid %d on port %d; %d CPUs; load %s%n", serverPid, port,
        Runtime.getRuntime().availableProcessors(), loadAverage());

    String admin = login("admin", ADMIN_PASSWORD);
    List<String> districts = districts(admin);
    List<Person> staff = makeInspectors(admin, districts);
    String operator = sessionOf(admin, "bench-operator", "OPERATOR", null);
    String supervisor = sessionOf(admin, "bench-supervisor", "SUPERVISOR", null);

    List<Person> phoneStaff = staff.stream().filter(p -> p.grid().equals(PHONE_DISTRICT)).limit(phones).toList();
    List<JsonObject> cases = prepareCases(operator, supervisor);

    if (underLoad) {
      CompletableFuture<String> load = CompletableFuture.supplyAsync(() -> {
        try {
          return positions(staff);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      Thread.sleep((warmupSeconds + 2) * 1000L);
      String d = dispatch(operator, phoneStaff, cases, "during the position load");
      String p = load.get();
      System.out.println();
      System.out.println(p);
      System.out.println(d);
    } else {
      String p = positions(staff);
      String d = dispatch(operator, phoneStaff, cases, "alone");
      System.out.println();
      System.out.println(p);
      System.out.println(d);
    }
  }

  // ---- set-up

  private void startServer(String dbUrl) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-Xms1g", "-Xmx1g", "-cp",
        System.getProperty("java.class.path"), "io.gridwatch.Main"));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("GRIDWATCH_DB_URL", dbUrl);
    pb.environment().put("GRIDWATCH_HTTP_PORT", String.valueOf(port));
    pb.environment().put("GRIDWATCH_ADMIN_PASSWORD", ADMIN_PASSWORD);
    // 2,000 logins from one address: the per-address login limit is not what is measured.
    pb.environment().put("GRIDWATCH_AUTH_LOGIN_RATE_PER_MINUTE", "100000");
    File log = Files.createTempFile("gridwatch-field-bench", ".log").toFile();
    pb.redirectErrorStream(true).redirectOutput(log);
    server = pb.start();
    serverPid = server.pid();
    System.out.println("server log: " + log);
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (System.nanoTime() < deadline) {
      try {
        if (http.send(HttpRequest.newBuilder(uri("/health")).build(), HttpResponse.BodyHandlers.ofString())
            .statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not up yet
      }
      if (!server.isAlive()) {
        throw new IllegalStateException("the server stopped; see " + log);
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("the server did not start; see " + log);
  }

  private List<String> districts(String admin) throws Exception {
    JsonObject fc = call("GET", "/api/grid/cells?level=1", admin, null);
    List<String> out = new ArrayList<>();
    fc.getJsonArray("features").forEach(f -> out.add(((JsonObject) f).getJsonObject("properties").getString("code")));
    out.sort(null);
    return out;
  }

  /** The inspectors: one made through the API, the rest inserted with its hash; each logs in. */
  private List<Person> makeInspectors(String admin, List<String> districts) throws Exception {
    long t0 = System.nanoTime();
    call("POST", "/api/users", admin, new JsonObject().put("username", "bench-insp-template")
        .put("displayName", "模板").put("role", "INSPECTOR").put("gridCode", PHONE_DISTRICT)
        .put("password", USER_PASSWORD));
    String hash = db.preparedQuery("SELECT password_hash FROM app_user WHERE username = 'bench-insp-template'")
        .execute().await().iterator().next().getString("password_hash");
    String[] grids = new String[inspectors];
    for (int i = 0; i < inspectors; i++) {
      grids[i] = districts.get(i % districts.size());
    }
    db.preparedQuery("INSERT INTO app_user (username, display_name, role, grid_code, password_hash)"
            + " SELECT 'bench-insp-' || lpad(g::text, 5, '0'), '基准监察员' || g, 'INSPECTOR', ($1::text[])[g + 1], $2"
            + " FROM generate_series(0, $3 - 1) g")
        .execute(Tuple.of(grids, hash, inspectors)).await();
    List<Person> out = new ArrayList<>();
    Map<String, Long> ids = new ConcurrentHashMap<>();
    for (Row r : db.preparedQuery("SELECT id, username FROM app_user WHERE username LIKE 'bench-insp-0%'")
        .execute().await()) {
      ids.put(r.getString("username"), r.getLong("id"));
    }
    // Logins four at a time: Argon2 runs on the server's workers, two cores.
    String[] tokens = new String[inspectors];
    Semaphore inFlight = new Semaphore(4);
    CountDownLatch done = new CountDownLatch(inspectors);
    AtomicInteger failed = new AtomicInteger();
    for (int i = 0; i < inspectors; i++) {
      int n = i;
      inFlight.acquire();
      String name = String.format(Locale.ROOT, "bench-insp-%05d", i);
      http.sendAsync(json("POST", "/api/auth/login", null,
              new JsonObject().put("username", name).put("password", USER_PASSWORD)),
          HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
            if (e == null && r.statusCode() == 200) {
              tokens[n] = new JsonObject(r.body()).getString("token");
            } else {
              failed.incrementAndGet();
            }
            inFlight.release();
            done.countDown();
          });
    }
    done.await();
    if (failed.get() > 0) {
      throw new IllegalStateException(failed.get() + " logins failed");
    }
    for (int i = 0; i < inspectors; i++) {
      String name = String.format(Locale.ROOT, "bench-insp-%05d", i);
      out.add(new Person(ids.get(name), name, grids[i], tokens[i]));
    }
    System.out.printf(Locale.ROOT, "%d inspectors made and logged in (%.1f s)%n", inspectors,
        (System.nanoTime() - t0) / 1e9);
    // On duty, a few at a time.
    Semaphore s = new Semaphore(8);
    CountDownLatch onDuty = new CountDownLatch(inspectors);
    for (Person p : out) {
      s.acquire();
      http.sendAsync(json("POST", "/api/me/status", p.token(), new JsonObject().put("status", "AVAILABLE")),
          HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
            if (e != null || r.statusCode() != 200) {
              failed.incrementAndGet();
            }
            s.release();
            onDuty.countDown();
          });
    }
    onDuty.await();
    if (failed.get() > 0) {
      throw new IllegalStateException(failed.get() + " status changes failed");
    }
    return out;
  }

  // ---- positions

  private String positions(List<Person> staff) throws Exception {
    int total = (warmupSeconds + seconds) * staff.size() / periodSeconds;
    double rate = (double) staff.size() / periodSeconds;
    long intervalNanos = Math.round(1e9 / rate);
    long[] latency = new long[total];
    boolean[] measured = new boolean[total];
    AtomicLong errors = new AtomicLong();
    AtomicLong stored = new AtomicLong();
    AtomicLong answered = new AtomicLong();
    CountDownLatch done = new CountDownLatch(total);
    long start = System.nanoTime() + 200_000_000L;
    long windowStart = start + warmupSeconds * 1_000_000_000L;
    long windowEnd = windowStart + seconds * 1_000_000_000L;
    long[] cpu = new long[2];
    long[] machine = new long[4];
    Map<Integer, Long> pgStart = new ConcurrentHashMap<>();
    Map<Integer, Long> pgEnd = new ConcurrentHashMap<>();
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    timer.schedule(() -> {
      cpu[0] = serverCpuTicks();
      pgStart.putAll(postgresTicks());
      long[] m = machineTicks();
      machine[0] = m[0];
      machine[1] = m[1];
    }, windowStart - System.nanoTime(), TimeUnit.NANOSECONDS);
    timer.schedule(() -> {
      cpu[1] = serverCpuTicks();
      pgEnd.putAll(postgresTicks());
      long[] m = machineTicks();
      machine[2] = m[0];
      machine[3] = m[1];
    }, windowEnd - System.nanoTime(), TimeUnit.NANOSECONDS);
    java.util.Random rng = new java.util.Random(11);
    for (int i = 0; i < total; i++) {
      long due = start + i * intervalNanos;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      Person p = staff.get(i % staff.size());
      int n = i;
      double lon = 103.9 + rng.nextDouble() * 0.3;
      double lat = 30.55 + rng.nextDouble() * 0.2;
      long sent = System.nanoTime();
      measured[n] = sent >= windowStart && sent < windowEnd;
      http.sendAsync(json("POST", "/api/me/position", p.token(), new JsonObject().put("lon", lon).put("lat", lat)
              .put("accuracyMeters", 10)), HttpResponse.BodyHandlers.ofString())
          .orTimeout(30, TimeUnit.SECONDS)
          .whenComplete((r, e) -> {
            latency[n] = System.nanoTime() - sent;
            if (e != null || r.statusCode() != 204) {
              errors.incrementAndGet();
            } else {
              answered.incrementAndGet();
              if (r.headers().firstValue("Position-Stored").orElse("").equals("true")) {
                stored.incrementAndGet();
              }
            }
            done.countDown();
          });
    }
    done.await(60, TimeUnit.SECONDS);
    timer.shutdown();
    timer.awaitTermination(seconds + 60, TimeUnit.SECONDS);
    List<Long> window = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      if (measured[i]) {
        window.add(latency[i]);
      }
    }
    long[] w = window.stream().mapToLong(Long::longValue).sorted().toArray();
    double wall = seconds;
    double serverCpu = 100.0 * (cpu[1] - cpu[0]) / 100.0 / wall;
    double machineCpu = 100.0 * (machine[2] - machine[0]) / Math.max(1, machine[3] - machine[1]);
    long pgTicks = 0;
    for (Map.Entry<Integer, Long> e : pgEnd.entrySet()) {
      pgTicks += e.getValue() - pgStart.getOrDefault(e.getKey(), 0L);
    }
    double pgCpu = 100.0 * pgTicks / 100.0 / wall;
    return String.format(Locale.ROOT, "Positions: %d inspectors every %d s (%.0f/s), %d s measured after %d s warm-up;"
            + " %d requests in the window, %d answered 204 overall (%d stored), %d errors%n"
            + "| requests | p50 ms | p95 ms | p99 ms | max ms | errors | server CPU %% (of %d00) | its PostgreSQL"
            + " backends CPU %% | machine CPU %% | load |%n"
            + "| %d | %.1f | %.1f | %.1f | %.1f | %d | %.0f | %.0f | %.0f | %s |",
        staff.size(), periodSeconds, rate, seconds, warmupSeconds, w.length, answered.get(), stored.get(),
        errors.get(), Runtime.getRuntime().availableProcessors(), w.length, ms(pct(w, .5)), ms(pct(w, .95)),
        ms(pct(w, .99)), ms(w.length == 0 ? 0 : w[w.length - 1]), errors.get(), serverCpu, pgCpu, machineCpu,
        loadAverage());
  }

  // ---- dispatch → phone

  private List<JsonObject> prepareCases(String operator, String supervisor) throws Exception {
    long t0 = System.nanoTime();
    List<JsonObject> out = new ArrayList<>();
    for (int i = 0; i < dispatches; i++) {
      JsonObject filed = call("POST", "/api/complaints", operator, new JsonObject()
          .put("channel", "HOTLINE").put("category", "WAGE_ARREARS").put("cellCode", CASE_CELL)
          .put("employer", new JsonObject().put("name", "基准测试有限公司"))
          .put("workersInvolved", 1).put("description", "benchmark " + i)
          .put("complainant", new JsonObject().put("name", "测试").put("phone", "13800000000")));
      out.add(call("POST", "/api/cases/" + filed.getLong("caseId") + "/transitions", supervisor,
          new JsonObject().put("action", "register").put("expectedVersion", filed.getLong("version"))));
    }
    System.out.printf(Locale.ROOT, "%d cases filed and registered (%.1f s)%n", dispatches, (System.nanoTime() - t0) / 1e9);
    return out;
  }

  private String dispatch(String operator, List<Person> phoneStaff, List<JsonObject> cases, String label)
      throws Exception {
    // caseId → (phone userId → nanoTime the frame arrived)
    Map<Long, Map<Long, Long>> arrivals = new ConcurrentHashMap<>();
    AtomicLong otherFrames = new AtomicLong();
    WebSocketClient ws = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(10_000));
    List<WebSocket> sockets = new ArrayList<>();
    for (Person p : phoneStaff) {
      WebSocket s = ws.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
          .setURI("/eventbus/websocket").putHeader("Authorization", "Bearer " + p.token())
          .setAllowOriginHeader(false)).await();
      java.util.function.Consumer<String> onFrame = text -> {
        long now = System.nanoTime();
        JsonObject f = new JsonObject(text);
        JsonObject body = f.getJsonObject("body");
        if ("rec".equals(f.getString("type")) && body != null && "case.dispatched".equals(body.getString("type"))) {
          arrivals.computeIfAbsent(body.getJsonObject("data").getLong("caseId"), k -> new ConcurrentHashMap<>())
              .putIfAbsent(p.id(), now);
        } else if (!"pong".equals(f.getString("type"))) {
          otherFrames.incrementAndGet();
        }
      };
      // The bridge sends its frames as binary or text messages, depending on the transport.
      s.textMessageHandler(onFrame::accept);
      s.binaryMessageHandler(b -> onFrame.accept(b.toString()));
      s.writeTextMessage(new JsonObject().put("type", "register").put("address", "gw.user." + p.id()).encode());
      sockets.add(s);
    }
    long pinger = vertx.setPeriodic(5_000, id -> sockets.forEach(s -> s.writeTextMessage("{\"type\":\"ping\"}")));
    Thread.sleep(2_000);
    List<Long> latencies = new ArrayList<>();
    int missing = 0;
    long t0 = System.nanoTime();
    for (int i = 0; i < cases.size(); i++) {
      JsonObject c = cases.get(i);
      long caseId = c.getLong("caseId");
      Person a = phoneStaff.get((2 * i) % phoneStaff.size());
      Person b = phoneStaff.get((2 * i + 1) % phoneStaff.size());
      long sent = System.nanoTime();
      call("POST", "/api/cases/" + caseId + "/transitions", operator, new JsonObject().put("action", "dispatch")
          .put("expectedVersion", c.getLong("version")).put("inspectors", new JsonArray().add(a.id()).add(b.id())));
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (System.nanoTime() < deadline) {
        Map<Long, Long> got = arrivals.get(caseId);
        if (got != null && got.containsKey(a.id()) && got.containsKey(b.id())) {
          break;
        }
        Thread.sleep(0, 200_000);
      }
      Map<Long, Long> got = arrivals.getOrDefault(caseId, Map.of());
      for (Person p : List.of(a, b)) {
        Long at = got.get(p.id());
        if (at == null) {
          missing++;
        } else {
          latencies.add(at - sent);
        }
      }
    }
    double took = (System.nanoTime() - t0) / 1e9;
    vertx.cancelTimer(pinger);
    sockets.forEach(WebSocket::close);
    long[] w = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    return String.format(Locale.ROOT, "Dispatch → phone (%s): %d dispatches to two of %d phones, one after the other"
            + " (%.1f s), %d case.dispatched frames measured, %d missing, %d frames of other kinds%n"
            + "| frames | p50 ms | p95 ms | p99 ms | max ms | missing | load |%n"
            + "| %d | %.1f | %.1f | %.1f | %.1f | %d | %s |",
        label, cases.size(), phoneStaff.size(), took, w.length, missing, otherFrames.get(), w.length, ms(pct(w, .5)),
        ms(pct(w, .95)), ms(pct(w, .99)), ms(w.length == 0 ? 0 : w[w.length - 1]), missing, loadAverage());
  }

  // ---- plumbing

  private static long pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)];
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  private long serverCpuTicks() {
    try {
      String stat = Files.readString(Path.of("/proc/" + serverPid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
    } catch (IOException e) {
      return -1;
    }
  }

  /**
   * utime + stime of each PostgreSQL backend serving the bench's database (the server's pool; the
   * bench's own two idle connections add nothing worth counting), by pid.
   */
  private Map<Integer, Long> postgresTicks() {
    Map<Integer, Long> out = new java.util.HashMap<>();
    try {
      for (Row r : db.query("SELECT pid FROM pg_stat_activity WHERE datname = current_database()").execute().await()) {
        int pid = r.getInteger("pid");
        try {
          String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          out.put(pid, Long.parseLong(f[11]) + Long.parseLong(f[12]));
        } catch (IOException e) {
          // gone meanwhile
        }
      }
    } catch (RuntimeException e) {
      // no figure rather than no run
    }
    return out;
  }

  /** Busy and total ticks of the whole machine (all CPUs). */
  private static long[] machineTicks() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < f.length; i++) {
        total += Long.parseLong(f[i]);
      }
      long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
      return new long[] {total - idle, total};
    } catch (IOException e) {
      return new long[] {0, 1};
    }
  }

  private static String loadAverage() {
    try {
      return String.join(" ", Arrays.copyOf(Files.readString(Path.of("/proc/loadavg")).split(" "), 3));
    } catch (IOException e) {
      return "?";
    }
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private HttpRequest json(String method, String path, String token, JsonObject body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body.encode()));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (path.equals("/api/complaints")) {
      b.header("Idempotency-Key", "bench-" + System.nanoTime());
    }
    return b.build();
  }

  private JsonObject call(String method, String path, String token, JsonObject body) throws Exception {
    HttpResponse<String> r = http.send(json(method, path, token, body), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() >= 300) {
      throw new IllegalStateException(method + " " + path + " → " + r.statusCode() + " " + r.body());
    }
    return new JsonObject(r.body());
  }

  private String login(String user, String password) throws Exception {
    return call("POST", "/api/auth/login", null, new JsonObject().put("username", user).put("password", password))
        .getString("token");
  }

  private String sessionOf(String admin, String username, String role, String grid) throws Exception {
    call("POST", "/api/users", admin, new JsonObject().put("username", username).put("displayName", username)
        .put("role", role).put("gridCode", grid).put("password", USER_PASSWORD));
    return login(username, USER_PASSWORD);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
