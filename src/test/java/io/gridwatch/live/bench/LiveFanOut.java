package io.gridwatch.live.bench;

import io.gridwatch.live.OutboxWriter;
import io.gridwatch.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live-events fan-out benchmark (docs/performance.md, "Live events fan-out"): a real
 * GridWatch server in a JVM of its own, N websocket clients speaking the bridge protocol on
 * {@code /eventbus/websocket}, and events committed to the outbox at a fixed rate by a writer
 * that timestamps each commit. Measures, per step (client count), over a fixed window after a
 * warm-up: messages delivered per second, latency from commit to receipt (p50, p99, p99.9,
 * max), the server's CPU (from /proc) and heap (jstat; live after a full GC too), and whether any
 * client missed an event or got a resync.
 *
 * <pre>
 * mvn -o -Pbench test-compile exec:exec -Dbench.main=io.gridwatch.live.bench.LiveFanOut \
 *     -Dbench.args="--clients 1000,2000,5000 --rate 200 --warmup 10 --seconds 30 --mode city,districts"
 * </pre>
 *
 * Modes: {@code city}, every client on {@code gw.city} (every event reaches every client: the
 * worst case); {@code districts}, clients spread over the 20 district addresses
 * {@code gw.cell.<6 digits>} as district walls would be, events spread over the level-3 cells of
 * the demo grid (each event reaches about a twentieth of the clients).
 */
public final class LiveFanOut {
  private static final Pattern CODE = Pattern.compile("\"code\":\"([0-9]{12})\"");
  private static final byte[] SEQ = "\"seq\":".getBytes(StandardCharsets.US_ASCII);
  private static final int MAX_EVENTS = 2_000_000;
  /** Latency histogram: 50 µs buckets up to 20 s. */
  private static final long BUCKET_NANOS = 50_000;
  private static final int BUCKETS = 400_000;

  private final List<Integer> steps;
  private final int rate;
  private final int warmupSeconds;
  private final int seconds;
  private final List<String> modes;
  private final String serverHeap;
  /** Extra JVM options for the server (a profiler, say), split on spaces. */
  private final List<String> serverJvmOptions;
  private final int eventsPerCommit;
  /** Commit through one statement (true) or through the case store's statements (false). */
  private final boolean oneStatement;
  private final AtomicLongArray commitNanos = new AtomicLongArray(MAX_EVENTS);
  private final AtomicLongArray histogram = new AtomicLongArray(BUCKETS);
  private final AtomicLong early = new AtomicLong();
  private volatile long windowFirstSeq = Long.MAX_VALUE;
  private volatile long windowLastSeq = -1;
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong resyncs = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  /** The highest seq whose commit the writer has seen acknowledged. */
  private final AtomicLong committed = new AtomicLong();
  /** Commit latency (issue to acknowledgement) of the writer, same buckets. */
  private final AtomicLongArray commitHistogram = new AtomicLongArray(BUCKETS);

  private Process server;
  private long serverPid;
  private int port;
  private Vertx clientVertx;
  private WebSocketClient wsClient;
  private Vertx writerVertx;
  private Pool writerPool;
  private final List<Client> clients = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();

  private LiveFanOut(List<Integer> steps, int rate, int warmupSeconds, int seconds, List<String> modes, String heap,
      int eventsPerCommit, boolean oneStatement, List<String> serverJvmOptions) {
    this.serverJvmOptions = serverJvmOptions;
    this.eventsPerCommit = eventsPerCommit;
    this.oneStatement = oneStatement;
    this.steps = steps;
    this.rate = rate;
    this.warmupSeconds = warmupSeconds;
    this.seconds = seconds;
    this.modes = modes;
    this.serverHeap = heap;
  }

  public static void main(String[] args) throws Exception {
    List<Integer> steps = List.of(1000, 2000, 5000);
    int rate = 200;
    int warmup = 10;
    int seconds = 30;
    List<String> modes = List.of("city", "districts");
    String heap = "1g";
    int perCommit = 1;
    boolean oneStatement = true;
    List<String> jvm = List.of();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--clients" -> steps = parseInts(args[++i]);
        case "--rate" -> rate = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        case "--seconds" -> seconds = Integer.parseInt(args[++i]);
        case "--mode" -> modes = List.of(args[++i].split(","));
        case "--server-heap" -> heap = args[++i];
        case "--events-per-commit" -> perCommit = Integer.parseInt(args[++i]);
        case "--server-jvm" -> jvm = List.of(args[++i].split(" "));
        case "--writer" -> oneStatement = switch (args[++i]) {
          case "statement" -> true;
          case "case-store" -> false;
          default -> throw new IllegalArgumentException("--writer statement|case-store");
        };
        default -> throw new IllegalArgumentException("unknown argument " + args[i]
            + " (--clients 1000,2000 --rate 200 --warmup 10 --seconds 30 --mode city,districts --server-heap 1g"
            + " --events-per-commit 1 --writer statement|case-store --server-jvm '-XX:... -XX:...')");
      }
    }
    LiveFanOut bench = new LiveFanOut(steps, rate, warmup, seconds, modes, heap, perCommit, oneStatement, jvm);
    try {
      bench.run();
    } finally {
      bench.shutdown();
    }
    System.exit(0);
  }

  private static List<Integer> parseInts(String s) {
    List<Integer> out = new ArrayList<>();
    for (String p : s.split(",")) {
      out.add(Integer.parseInt(p.strip()));
    }
    return out;
  }

  // ---- set-up ----

  private void run() throws Exception {
    String dbUrl = TestDatabase.create().withCredentials();
    port = freePort();
    startServer(dbUrl);
    writerVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    writerPool = PgBuilder.pool().with(new PoolOptions().setMaxSize(8))
        .connectingTo(io.gridwatch.store.DatabaseUrl.parse(dbUrl).connectOptions()).using(writerVertx).build();
    clientVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));

    String admin = login("admin", "bench-admin-password-1");
    long caseId = fileCase(admin);
    List<String> cells = level3Cells();
    List<String> districts = cells.stream().map(c -> c.substring(0, 6)).distinct().sorted().toList();
    System.out.printf(Locale.ROOT, "server pid %d on port %d; %d level-3 cells in %d districts; %s%n", serverPid, port,
        cells.size(), districts.size(), machine());

    List<String> report = new ArrayList<>();
    report.add(String.format(Locale.ROOT, "| mode | clients | events/s | delivered msg/s | expected msg/s | p50 ms | p99 ms"
        + " | p99.9 ms | max ms | server CPU %% (of 200) | machine CPU %% | heap used MB | heap live MB | missed"
        + " | resyncs |"));
    report.add("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (String mode : modes) {
      List<String> sessions = sessions(admin, mode, districts);
      for (int n : steps) {
        connectUpTo(n, mode, sessions, districts);
        report.add(measure(mode, n, caseId, cells, districts.size()));
      }
      closeClients();
    }
    System.out.println();
    System.out.println("Live events fan-out, " + rate + " events/s (" + eventsPerCommit + " per commit, written by "
        + (oneStatement ? "one statement" : "the case store's statements") + "), " + seconds
        + " s measured after " + warmupSeconds + " s warm-up:");
    report.forEach(System.out::println);
  }

  private static String machine() {
    return Runtime.getRuntime().availableProcessors() + " CPUs, Java " + System.getProperty("java.version");
  }

  private void startServer(String dbUrl) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-Xms" + serverHeap, "-Xmx" + serverHeap));
    command.addAll(serverJvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.gridwatch.Main"));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("GRIDWATCH_DB_URL", dbUrl);
    pb.environment().put("GRIDWATCH_HTTP_PORT", String.valueOf(port));
    pb.environment().put("GRIDWATCH_ADMIN_PASSWORD", "bench-admin-password-1");
    pb.environment().put("GRIDWATCH_AUTH_LOGIN_RATE_PER_MINUTE", "100000");
    File log = Files.createTempFile("gridwatch-bench-server", ".log").toFile();
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

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private JsonObject call(String method, String path, String token, JsonObject body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body.encode()));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (path.equals("/api/complaints")) {
      b.header("Idempotency-Key", "bench-" + System.nanoTime());
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() >= 300) {
      throw new IllegalStateException(method + " " + path + " → " + r.statusCode() + " " + r.body());
    }
    return new JsonObject(r.body());
  }

  private String login(String user, String password) throws Exception {
    return call("POST", "/api/auth/login", null, new JsonObject().put("username", user).put("password", password))
        .getString("token");
  }

  private long fileCase(String admin) throws Exception {
    String operator = sessionOf(admin, "bench-operator", "OPERATOR", null);
    return call("POST", "/api/complaints", operator, new JsonObject()
        .put("channel", "HOTLINE").put("category", "WAGE_ARREARS").put("cellCode", "510104001001")
        .put("employer", new JsonObject().put("name", "基准测试有限公司"))
        .put("workersInvolved", 1).put("description", "benchmark")
        .put("complainant", new JsonObject().put("name", "测试").put("phone", "13800000000"))).getLong("caseId");
  }

  private String sessionOf(String admin, String username, String role, String grid) throws Exception {
    call("POST", "/api/users", admin, new JsonObject().put("username", username).put("displayName", username)
        .put("role", role).put("gridCode", grid).put("password", "bench-user-password-1"));
    return login(username, "bench-user-password-1");
  }

  /** A few logins per mode, shared by the clients (a wall per login would not change the server's work per event). */
  private List<String> sessions(String admin, String mode, List<String> districts) throws Exception {
    List<String> out = new ArrayList<>();
    if (mode.equals("city")) {
      for (int i = 0; i < 20; i++) {
        out.add(sessionOf(admin, "bench-city-" + i, "SUPERVISOR", null));
      }
    } else {
      for (String d : districts) {
        out.add(sessionOf(admin, "bench-" + d, "INSPECTOR", d));
      }
    }
    return out;
  }

  private static List<String> level3Cells() throws IOException {
    String json = Files.readString(Path.of("geodata/chengdu/level3.geojson"));
    List<String> out = new ArrayList<>();
    Matcher m = CODE.matcher(json);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  // ---- clients ----

  private final class Client {
    final WebSocket ws;
    final long pinger;
    long got;

    Client(WebSocket ws) {
      this.ws = ws;
      ws.binaryMessageHandler(this::onFrame);
      ws.textMessageHandler(t -> onFrame(Buffer.buffer(t)));
      pinger = clientVertx.setPeriodic(5_000, id -> ws.writeTextMessage("{\"type\":\"ping\"}"));
    }

    void onFrame(Buffer frame) {
      long now = System.nanoTime();
      long seq = seqOf(frame);
      if (seq < 0) {
        String text = frame.toString();
        if (text.contains("\"resync\"")) {
          resyncs.incrementAndGet();
        } else {
          errors.incrementAndGet();
        }
        return;
      }
      if (seq < windowFirstSeq || seq > windowLastSeq) {
        return;
      }
      got++;
      received.incrementAndGet();
      long committed = commitNanos.get((int) seq);
      if (committed == 0) {
        // Received before the writer saw its commit acknowledged: latency ≤ 0, counted as 0.
        early.incrementAndGet();
        histogram.incrementAndGet(0);
        return;
      }
      histogram.incrementAndGet((int) Math.min(BUCKETS - 1, Math.max(0, now - committed) / BUCKET_NANOS));
    }
  }

  /** The seq in a {@code rec} frame, found without decoding the JSON (the clients share two cores with the server). */
  static long seqOf(Buffer frame) {
    int n = frame.length();
    outer:
    for (int i = 0; i + SEQ.length < n; i++) {
      for (int j = 0; j < SEQ.length; j++) {
        if (frame.getByte(i + j) != SEQ[j]) {
          continue outer;
        }
      }
      int k = i + SEQ.length;
      while (k < n && frame.getByte(k) == ' ') {
        k++;
      }
      long v = 0;
      int digits = 0;
      while (k < n && frame.getByte(k) >= '0' && frame.getByte(k) <= '9') {
        v = v * 10 + (frame.getByte(k) - '0');
        k++;
        digits++;
      }
      return digits == 0 ? -1 : v;
    }
    return -1;
  }

  private void connectUpTo(int n, String mode, List<String> sessions, List<String> districts) throws Exception {
    if (wsClient == null) {
      // One client for every step, held in a field: Vert.x closes a client (and all its
      // sockets) once nothing references it any more.
      wsClient = clientVertx.createWebSocketClient(new WebSocketClientOptions()
          .setMaxConnections(100_000).setConnectTimeout(30_000));
    }
    long start = System.nanoTime();
    int batch = 50;
    while (clients.size() < n) {
      List<Future<WebSocket>> pending = new ArrayList<>();
      int base = clients.size();
      for (int i = base; i < Math.min(n, base + batch); i++) {
        String token = sessions.get(i % sessions.size());
        pending.add(wsClient.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
            .setURI("/eventbus/websocket").putHeader("Authorization", "Bearer " + token).setAllowOriginHeader(false)));
      }
      for (int i = 0; i < pending.size(); i++) {
        WebSocket ws = pending.get(i).await();
        int index = base + i;
        String address = mode.equals("city") ? "gw.city" : "gw.cell." + districts.get(index % districts.size());
        Client c = new Client(ws);
        ws.writeTextMessage(new JsonObject().put("type", "register").put("address", address).encode());
        clients.add(c);
      }
    }
    System.out.printf(Locale.ROOT, "%s: %d clients connected (%.1f s)%n", mode, clients.size(),
        (System.nanoTime() - start) / 1e9);
    Thread.sleep(2_000);
  }

  private void closeClients() {
    for (Client c : clients) {
      clientVertx.cancelTimer(c.pinger);
      c.ws.close();
    }
    clients.clear();
  }

  // ---- one measurement ----

  private String measure(String mode, int n, long caseId, List<String> cells, int districtCount) throws Exception {
    for (int i = 0; i < BUCKETS; i++) {
      histogram.set(i, 0);
      commitHistogram.set(i, 0);
    }
    String loadBefore = loadAverage();
    received.set(0);
    early.set(0);
    long resyncsBefore = resyncs.get();
    clients.forEach(c -> c.got = 0);
    OutboxWriter writer = new OutboxWriter(writerPool);
    Random random = new Random(42);
    AtomicLong failed = new AtomicLong();
    long total = (long) rate * (warmupSeconds + seconds);
    long startNanos = System.nanoTime();
    long measureFrom = startNanos + TimeUnit.SECONDS.toNanos(warmupSeconds);
    long measureTo = measureFrom + TimeUnit.SECONDS.toNanos(seconds);
    AtomicLong issued = new AtomicLong();
    long[] cpuAtStart = new long[2];
    // The writer: every 5 ms, commit the events that are due (one per transaction, as one case
    // change makes one event), timestamping each commit as it is acknowledged.
    long timer = writerVertx.setPeriodic(5, id -> {
      long now = System.nanoTime();
      long due = Math.min(total, (now - startNanos) * rate / 1_000_000_000L + 1);
      while (issued.get() + eventsPerCommit <= due) {
        issued.addAndGet(eventsPerCommit);
        String cell = cells.get(random.nextInt(cells.size()));
        long issuedAt = System.nanoTime();
        (oneStatement ? writer.commitInOneStatement(caseId, cell, eventsPerCommit)
            : writer.commit(caseId, cell, List.of(), eventsPerCommit, 0)).onComplete(ar -> {
          if (ar.failed()) {
            if (failed.getAndIncrement() == 0) {
              System.out.println("a commit failed: " + ar.cause());
            }
            return;
          }
          long at = System.nanoTime();
          for (long seq : ar.result()) {
            commitNanos.set((int) seq, at);
          }
          committed.accumulateAndGet(ar.result().get(ar.result().size() - 1), Math::max);
          commitHistogram.incrementAndGet((int) Math.min(BUCKETS - 1, (at - issuedAt) / BUCKET_NANOS));
        });
      }
    });
    // The window's events are those committed during it: from the first seq after the warm-up
    // to the last one committed before the window closes. Clients count receipts of those only.
    while (System.nanoTime() < measureFrom) {
      Thread.sleep(10);
    }
    long seqAtWindowStart = committed.get();
    windowFirstSeq = seqAtWindowStart + 1;
    windowLastSeq = Long.MAX_VALUE;
    cpuAtStart[0] = serverCpuTicks();
    cpuAtStart[1] = machineBusyTicks()[0];
    long machineTotalStart = machineBusyTicks()[1];
    long wallStart = System.nanoTime();
    while (System.nanoTime() < measureTo) {
      Thread.sleep(10);
    }
    long cpuTicks = serverCpuTicks() - cpuAtStart[0];
    long[] machineNow = machineBusyTicks();
    double wall = (System.nanoTime() - wallStart) / 1e9;
    double machineCpu = 100.0 * (machineNow[0] - cpuAtStart[1]) / Math.max(1, machineNow[1] - machineTotalStart);
    long heapUsed = serverHeapUsedKb();
    writerVertx.cancelTimer(timer);
    Thread.sleep(200);
    long lastInWindow = committed.get();
    windowLastSeq = lastInWindow;
    // Let the tail arrive.
    Thread.sleep(3_000);
    long heapLive = serverHeapLiveKb();

    long events = lastInWindow - seqAtWindowStart;
    double fanOut = mode.equals("city") ? n : (double) n / districtCount;
    long expectedMessages = mode.equals("city") ? events * n : -1;
    long missed = expectedMessages < 0 ? -1 : expectedMessages - received.get();
    double cpuPercent = 100.0 * cpuTicks / 100.0 / wall;
    String row = String.format(Locale.ROOT, "| %s | %d | %.0f | %.0f | %.0f | %.1f | %.1f | %.1f | %.1f | %.0f | %.0f | %d"
            + " | %d | %s | %d |",
        mode, n, events / wall, received.get() / wall, events * fanOut / wall, percentile(0.50), percentile(0.99),
        percentile(0.999), percentile(1.0), cpuPercent, machineCpu, heapUsed / 1024, heapLive / 1024,
        missed < 0 ? "n/a" : String.valueOf(missed), resyncs.get() - resyncsBefore);
    long silent = clients.stream().filter(c -> c.got == 0).count();
    if (silent > 0) {
      System.out.println("   " + silent + " of " + clients.size() + " clients received no event in the window");
    }
    System.out.println(row + (failed.get() > 0 ? " (" + failed.get() + " commits failed)" : "")
        + (early.get() > 0 ? " (" + early.get() + " received before the commit ack)" : ""));
    System.out.printf(Locale.ROOT, "   writer: commit latency p50 %.1f ms, p99 %.1f ms; load average %s before, %s after;"
            + " client errors %d%n", percentile(commitHistogram, 0.5), percentile(commitHistogram, 0.99), loadBefore,
        loadAverage(), errors.get());
    return row;
  }

  private static String loadAverage() throws IOException {
    String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
    return f[0];
  }

  private double percentile(double p) {
    return percentile(histogram, p);
  }

  private static double percentile(AtomicLongArray histogram, double p) {
    long count = 0;
    for (int i = 0; i < BUCKETS; i++) {
      count += histogram.get(i);
    }
    if (count == 0) {
      return Double.NaN;
    }
    long rank = (long) Math.ceil(p * count);
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += histogram.get(i);
      if (seen >= rank && histogram.get(i) > 0) {
        return (i + 1) * BUCKET_NANOS / 1e6;
      }
    }
    return BUCKETS * BUCKET_NANOS / 1e6;
  }

  // ---- server measurements ----

  /** utime + stime of the server process, in clock ticks (USER_HZ, 100 on Linux). */
  private long serverCpuTicks() throws IOException {
    String stat = Files.readString(Path.of("/proc/" + serverPid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  /** The machine's busy and total ticks (all CPUs), from /proc/stat. */
  private static long[] machineBusyTicks() throws IOException {
    String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
    long total = 0;
    for (int i = 1; i < f.length; i++) {
      total += Long.parseLong(f[i]);
    }
    long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
    return new long[] {total - idle, total};
  }

  private long serverHeapUsedKb() throws Exception {
    String[] out = exec("jstat", "-gc", String.valueOf(serverPid)).split("\n");
    String[] head = out[0].trim().split("\\s+");
    String[] val = out[1].trim().split("\\s+");
    double used = 0;
    for (int i = 0; i < head.length; i++) {
      if (List.of("S0U", "S1U", "EU", "OU").contains(head[i])) {
        used += Double.parseDouble(val[i]);
      }
    }
    return (long) used;
  }

  private long serverHeapLiveKb() throws Exception {
    exec("jcmd", String.valueOf(serverPid), "GC.run");
    return serverHeapUsedKb();
  }

  private static String exec(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(30, TimeUnit.SECONDS);
    return out;
  }

  private void shutdown() {
    try {
      if (clientVertx != null) {
        closeClients();
        clientVertx.close().await();
      }
      if (writerVertx != null) {
        writerVertx.close().await();
      }
    } catch (RuntimeException e) {
      System.err.println("closing clients: " + e.getMessage());
    }
    if (server != null) {
      server.destroy();
      try {
        server.waitFor(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      server.destroyForcibly();
    }
  }
}
