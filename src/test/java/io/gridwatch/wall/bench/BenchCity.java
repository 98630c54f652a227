package io.gridwatch.wall.bench;

import io.gridwatch.GridWatchApp;
import io.gridwatch.audit.Actor;
import io.gridwatch.auth.Role;
import io.gridwatch.auth.User;
import io.gridwatch.auth.UserAdmin;
import io.gridwatch.config.ConfigLoader;
import io.gridwatch.config.GridWatchConfig;
import io.gridwatch.testing.TestDatabase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.geojson.GeoJsonReader;

/**
 * The city the wall benchmark looks at: a real GridWatch in this JVM (fresh database on the local
 * PostgreSQL, the Chengdu demo grid), its users, open cases filed and moved through the HTTP API
 * as clients would, and a load generator for live events.
 *
 * <p>The server's clock can be set back ({@link ShiftedClock}): a case filed with the clock an
 * hour back has the deadlines of a case received an hour ago, so the wall shows countdowns that
 * are near or past, as a wall in service does. It is set back only while nothing else files or
 * acts (setting up, and the planted escalations), since every request in flight reads it.
 *
 * <p>Thread-safety: the load generator runs on its own thread and the HTTP client's; the rest is
 * meant to be called from the benchmark's main thread.
 */
final class BenchCity implements AutoCloseable {
  static final String PASSWORD = "bench-password-0123";
  /** Category weights, as the demo's intake desk sees them (DemoComplaints). */
  private static final String[] CATEGORIES = {"WAGE_ARREARS", "LABOUR_CONTRACT", "SOCIAL_INSURANCE", "WORKING_HOURS",
      "CHILD_LABOUR", "AGENCY_FEES", "OTHER"};
  private static final double[] CATEGORY_WEIGHTS = {52, 15, 13, 10, 1, 3, 6};
  private static final String[] CHANNELS = {"HOTLINE", "ONLINE", "HOTLINE_12345", "WINDOW", "PATROL", "LETTER_VISIT"};
  private static final double[] CHANNEL_WEIGHTS = {38, 20, 15, 10, 8, 3};
  private static final String[] PLACES = {"成都", "蜀都", "锦城", "天府", "蓉城", "川西", "青羊", "金牛", "武侯", "成华",
      "龙泉", "新都", "温江", "双流", "郫都", "锦江", "西部", "华西", "东方", "万和"};
  private static final String[] TRADES = {"建筑劳务", "建设工程", "餐饮管理", "物流", "电子科技", "服装", "商贸", "物业服务",
      "家具制造", "汽车配件", "食品", "保安服务", "人力资源", "装饰工程", "机械制造", "酒店管理"};
  private static final String[] SURNAMES = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱",
      "胡", "郭", "何", "林", "罗", "高"};
  private static final String[] GIVEN = {"伟", "芳", "娜", "秀英", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛",
      "明", "超", "秀兰", "霞", "平", "刚", "桂英", "建华", "志强", "红梅"};
  private static final Map<String, String> DESCRIPTIONS = Map.of(
      "WAGE_ARREARS", "拖欠工资%d个月，多次讨要未果",
      "LABOUR_CONTRACT", "入职%d个月未签订书面劳动合同",
      "SOCIAL_INSURANCE", "单位%d个月未缴纳社会保险",
      "WORKING_HOURS", "连续%d周每天工作超过12小时，无加班费",
      "CHILD_LABOUR", "发现疑似未满16周岁人员在车间工作（举报人称约%d人）",
      "AGENCY_FEES", "中介收取介绍费后未安排工作，涉及%d人",
      "OTHER", "用人单位违反劳动保障法律法规（%d项）");

  private final GridWatchApp app;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();
  private final Random rng;
  private final List<Geometry> cells;
  private final GeometryFactory geometry = new GeometryFactory();
  final String wallUser;
  private final String operator;
  private final String supervisor;
  private final JsonArray inspectors = new JsonArray();
  private final List<String> inspectorTokens = new ArrayList<>();
  private final Cases cases = new Cases();

  private BenchCity(GridWatchApp app, long seed) throws IOException {
    this.app = app;
    this.rng = new Random(seed);
    this.cells = level3Cells();
    wallUser = "wall-bench";
    user(wallUser, Role.SUPERVISOR);
    operator = token(user("bench-operator", Role.OPERATOR));
    supervisor = token(user("bench-supervisor", Role.SUPERVISOR));
    for (int i = 1; i <= 2; i++) {
      User inspector = user("bench-inspector-" + i, Role.INSPECTOR);
      inspectors.add(inspector.id());
      inspectorTokens.add(token(inspector));
    }
  }

  /** Starts GridWatch on a new database with the seed grid; blocking (the grid import takes seconds). */
  static BenchCity start(long seed) throws IOException {
    Map<String, String> env = Map.of("GRIDWATCH_ADMIN_PASSWORD", PASSWORD,
        "GRIDWATCH_AUTH_LOGIN_RATE_PER_MINUTE", "100000");
    GridWatchConfig config = ConfigLoader.load(Optional.empty(), env, false)
        .withDbUrl(TestDatabase.create().withCredentials())
        .withHttpPort(0)
        .withSeedOnEmpty(true);
    return new BenchCity(GridWatchApp.start(config, new ShiftedClock()), seed);
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + app.httpPort() + path);
  }

  private User user(String name, Role role) {
    return app.accounts().admin().create(Actor.system(), new UserAdmin.NewUser(name, name, role, null, PASSWORD))
        .await();
  }

  private String token(User u) {
    return app.accounts().auth().openSession(u.id(), "127.0.0.1").await();
  }

  private ShiftedClock clock() {
    return (ShiftedClock) app.clock();
  }

  // ---- the open cases

  /** What the set-up makes of a case: its age when filed and how far it goes (RECEIVED, REGISTERED, DISPATCHED, ON_SITE). */
  private record Planned(JsonObject body, long ageMillis, String until) {}

  /** The outcome of filing the open cases. */
  record Filed(int cases, int requests, double seconds) {}

  /**
   * Files {@code n} open cases spread over the city (a random point in a uniformly chosen
   * level-3 cell, so the dense centre gets most), of mixed age: about a third received in the last
   * hours and not yet registered, most registered (a quarter of those dispatched) up to a week
   * ago (child-labour cases with inspectors on site), a few urgent ones within their one-hour
   * promise, a handful overdue. Oldest first, in
   * batches filed concurrently with the clock set back to the batch's age.
   */
  Filed fileOpenCases(int n) {
    List<Planned> plan = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double u = rng.nextDouble();
      if (u < 0.03) {
        // Urgent, waiting for someone on site: yellow from 48 min, red from 60 (some turn red
        // while the benchmark runs).
        plan.add(new Planned(complaint(true), minutes(rng.nextDouble() * 55), "RECEIVED"));
      } else if (u < 0.031) {
        // Yesterday's, never registered: the same-day registration is missed (red) for wage arrears.
        plan.add(new Planned(complaint(false).put("category", "WAGE_ARREARS"), minutes(26 * 60 + rng.nextDouble() * 600),
            "RECEIVED"));
      } else if (u < 0.33) {
        JsonObject body = complaint(false);
        // Child labour is on the one-hour promise too (see the urgent ones above).
        double age = body.getString("category").equals("CHILD_LABOUR") ? 55 : 240;
        plan.add(new Planned(body, minutes(rng.nextDouble() * age), "RECEIVED"));
      } else {
        // Registered up to seven days ago: wage arrears turn yellow a day before their 7-day close.
        // Child labour carries a one-hour on-site promise: inspectors went, as they do.
        JsonObject body = complaint(false);
        String until = body.getString("category").equals("CHILD_LABOUR") ? "ON_SITE"
            : rng.nextDouble() < 0.25 ? "DISPATCHED" : "REGISTERED";
        plan.add(new Planned(body, minutes(60 * 24 * (0.3 + rng.nextDouble() * 6.6)), until));
      }
    }
    plan.sort(Comparator.comparingLong(Planned::ageMillis).reversed());
    long start = System.nanoTime();
    AtomicInteger requests = new AtomicInteger();
    Semaphore inFlight = new Semaphore(16);
    int batch = 64;
    for (int from = 0; from < plan.size(); from += batch) {
      List<Planned> part = plan.subList(from, Math.min(plan.size(), from + batch));
      clock().setBack(part.get(part.size() / 2).ageMillis());
      List<CompletableFuture<?>> pending = new ArrayList<>();
      for (Planned p : part) {
        inFlight.acquireUninterruptibly();
        pending.add(fileAndMove(p, requests).whenComplete((r, e) -> inFlight.release()));
      }
      CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
    }
    clock().setBack(0);
    return new Filed(plan.size(), requests.get(), (System.nanoTime() - start) / 1e9);
  }

  private CompletableFuture<CaseRef> fileAndMove(Planned p, AtomicInteger requests) {
    requests.incrementAndGet();
    CompletableFuture<CaseRef> filed = file(p.body());
    if (p.until().equals("RECEIVED")) {
      return filed.thenApply(cases::put);
    }
    return filed.thenCompose(c -> {
      requests.incrementAndGet();
      return act(supervisor, c, "register", null);
    }).thenCompose(c -> {
      if (p.until().equals("REGISTERED")) {
        return CompletableFuture.completedFuture(c);
      }
      requests.incrementAndGet();
      return act(operator, c, "dispatch", new JsonObject().put("inspectors", inspectors));
    }).thenCompose(c -> {
      if (!p.until().equals("ON_SITE")) {
        return CompletableFuture.completedFuture(c);
      }
      requests.addAndGet(3);
      return act(inspectorTokens.get(0), c, "accept", null)
          .thenCompose(a -> act(inspectorTokens.get(1), a, "accept", null))
          .thenCompose(a -> act(inspectorTokens.get(1), a, "arrive", null));
    }).thenApply(cases::put);
  }

  /**
   * Urgent complaints whose deadlines fall due while the benchmark runs, so that escalations
   * arrive among the live events as they do in service: {@code count} that warn (at 48 of their
   * 60 minutes) and {@code count} that go overdue, spread evenly over the next {@code seconds}.
   * Filed one at a time, each with the clock set back to its age.
   */
  void plantEscalations(int count, int seconds) {
    for (int i = 0; i < count; i++) {
      long at = Math.round((i + 1) * seconds * 1000.0 / (count + 1));
      fileAged(complaint(true), minutes(48) - at);
      fileAged(complaint(true), minutes(60) - at);
    }
  }

  /** Files one complaint as if received {@code ageMillis} ago; the sweeper takes it from there. */
  CaseRef fileAged(JsonObject body, long ageMillis) {
    clock().setBack(Math.max(0, ageMillis));
    try {
      return cases.put(file(body).join());
    } finally {
      clock().setBack(0);
    }
  }

  /** One sweep of the deadline table now (the server also sweeps every 5 s); the events written. */
  int sweep() {
    return app.sweeper().sweepAll().await();
  }

  int openCases() {
    return cases.size();
  }

  private static long minutes(double m) {
    return Math.round(m * 60_000);
  }

  /** A complaint at a random point of a random level-3 cell. */
  JsonObject complaint(boolean urgent) {
    String category = pick(CATEGORIES, CATEGORY_WEIGHTS);
    int workers = rng.nextDouble() < 0.02 ? 30 + rng.nextInt(120) : 1 + (int) Math.floor(Math.pow(rng.nextDouble(), 2) * 12);
    double[] p = randomPoint();
    String name = SURNAMES[rng.nextInt(SURNAMES.length)] + GIVEN[rng.nextInt(GIVEN.length)];
    JsonObject body = new JsonObject()
        .put("channel", pick(CHANNELS, CHANNEL_WEIGHTS)).put("category", category)
        .put("location", new JsonObject().put("lon", p[0]).put("lat", p[1]).put("crs", "WGS84"))
        .put("employer", new JsonObject().put("name", PLACES[rng.nextInt(PLACES.length)]
            + TRADES[rng.nextInt(TRADES.length)] + (rng.nextBoolean() ? "有限公司" : "有限责任公司")))
        .put("workersInvolved", workers)
        .put("description", String.format(DESCRIPTIONS.get(category), 1 + rng.nextInt(6)))
        .put("complainant", new JsonObject().put("name", name)
            .put("phone", String.format("154%08d", rng.nextInt(100_000_000))));
    if (category.equals("WAGE_ARREARS")) {
      body.put("amountOwed", String.format("%d.00", workers * (3000 + rng.nextInt(9000))));
    }
    if (urgent) {
      body.put("urgency", "URGENT");
    }
    return body;
  }

  private double[] randomPoint() {
    Geometry cell = cells.get(rng.nextInt(cells.size()));
    Envelope e = cell.getEnvelopeInternal();
    for (int i = 0; i < 1000; i++) {
      double lon = e.getMinX() + rng.nextDouble() * e.getWidth();
      double lat = e.getMinY() + rng.nextDouble() * e.getHeight();
      if (cell.contains(geometry.createPoint(new Coordinate(lon, lat)))) {
        return new double[] {lon, lat};
      }
    }
    Coordinate c = cell.getInteriorPoint().getCoordinate();
    return new double[] {c.x, c.y};
  }

  private <T> T pick(T[] values, double[] weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double r = rng.nextDouble() * total;
    for (int i = 0; i < values.length; i++) {
      r -= weights[i];
      if (r < 0) {
        return values[i];
      }
    }
    return values[values.length - 1];
  }

  private static List<Geometry> level3Cells() throws IOException {
    try {
      Geometry all = new GeoJsonReader().read(Files.readString(Path.of("geodata/chengdu/level3.geojson")));
      List<Geometry> out = new ArrayList<>();
      for (int i = 0; i < all.getNumGeometries(); i++) {
        out.add(all.getGeometryN(i));
      }
      return out;
    } catch (ParseException e) {
      throw new IOException("geodata/chengdu/level3.geojson: " + e.getMessage(), e);
    }
  }

  // ---- HTTP

  private CompletableFuture<CaseRef> file(JsonObject body) {
    return send("POST", "/api/complaints", operator, body, 201).thenApply(CaseRef::of);
  }

  private CompletableFuture<CaseRef> act(String token, CaseRef c, String action, JsonObject extra) {
    JsonObject body = new JsonObject().put("action", action).put("expectedVersion", c.version());
    if (extra != null) {
      body.mergeIn(extra);
    }
    return send("POST", "/api/cases/" + c.id() + "/transitions", token, body, 200).thenApply(CaseRef::of);
  }

  private CompletableFuture<CaseRef> get(long id) {
    return send("GET", "/api/cases/" + id, operator, null, 200).thenApply(CaseRef::of);
  }

  private CompletableFuture<JsonObject> send(String method, String path, String token, JsonObject body, int expected) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + token).header("Accept", "application/json");
    if (body != null) {
      b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body.encode()));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    if (path.equals("/api/complaints")) {
      b.header("Idempotency-Key", UUID.randomUUID().toString());
    }
    return http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString()).thenApply(r -> {
      if (r.statusCode() != expected) {
        throw new HttpFailure(r.statusCode(), method + " " + path + " → " + r.statusCode() + " " + r.body());
      }
      return new JsonObject(r.body());
    });
  }

  /** A refused or failed request. */
  static final class HttpFailure extends RuntimeException {
    final int status;

    HttpFailure(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  /** A case as the load generator knows it: id, status and version from the last answer. */
  record CaseRef(long id, String status, long version) {
    static CaseRef of(JsonObject c) {
      return new CaseRef(c.getLong("caseId"), c.getString("status"), c.getLong("version"));
    }
  }

  /**
   * The open cases by status, for the load generator to pick from. A case being acted on is taken
   * out, so no two requests race on one case. Thread-safe (synchronized).
   */
  private static final class Cases {
    private final Map<String, List<Long>> byStatus = new HashMap<>();
    private final Map<Long, CaseRef> all = new HashMap<>();

    synchronized CaseRef put(CaseRef c) {
      if (!isOpen(c.status())) {
        all.remove(c.id());
        return c;
      }
      all.put(c.id(), c);
      byStatus.computeIfAbsent(c.status(), s -> new ArrayList<>()).add(c.id());
      return c;
    }

    /** Takes a random case with one of {@code statuses}, or null. */
    synchronized CaseRef take(Random rng, String... statuses) {
      int total = 0;
      for (String s : statuses) {
        total += byStatus.getOrDefault(s, List.of()).size();
      }
      if (total == 0) {
        return null;
      }
      int k = rng.nextInt(total);
      for (String s : statuses) {
        List<Long> ids = byStatus.getOrDefault(s, List.of());
        if (k < ids.size()) {
          long id = ids.get(k);
          ids.set(k, ids.get(ids.size() - 1));
          ids.remove(ids.size() - 1);
          return all.get(id);
        }
        k -= ids.size();
      }
      return null;
    }

    /** A random open case other than {@code not}, left in place (a merge target), or null. */
    synchronized CaseRef any(Random rng, long not) {
      List<Long> ids = byStatus.getOrDefault("REGISTERED", List.of());
      if (ids.isEmpty()) {
        return null;
      }
      long id = ids.get(rng.nextInt(ids.size()));
      return id == not ? null : all.get(id);
    }

    synchronized void forget(long id) {
      all.remove(id);
    }

    synchronized int size() {
      return all.size();
    }

    private static boolean isOpen(String status) {
      return !(status.equals("CLOSED") || status.equals("DECLINED") || status.equals("MERGED"));
    }
  }

  // ---- live load

  /** What a stretch of live load did. */
  record LoadResult(double seconds, long sent, long ok, long failed, long conflicts, long skipped,
                    Map<String, Long> byAction) {}

  /**
   * Sends {@code perSecond} new complaints and transitions at fixed intervals (open loop: a slow
   * server does not slow the schedule; beyond 64 requests in flight a tick is skipped and
   * counted) for {@code seconds}, blocking meanwhile. The mix keeps the number of open cases
   * about level: 35 % new complaints (4 % of them urgent), 20 % registrations, 10 % dispatches,
   * 15 % declines, 20 % merges into a registered case.
   */
  LoadResult load(double perSecond, double seconds) {
    AtomicLong sent = new AtomicLong();
    AtomicLong ok = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicLong conflicts = new AtomicLong();
    AtomicLong skipped = new AtomicLong();
    Map<String, AtomicLong> byAction = new java.util.concurrent.ConcurrentHashMap<>();
    Semaphore inFlight = new Semaphore(64);
    Random loadRng = new Random(rng.nextLong());
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "wall-bench-load");
      t.setDaemon(true);
      return t;
    });
    long periodNanos = Math.round(1e9 / perSecond);
    long start = System.nanoTime();
    timer.scheduleAtFixedRate(() -> {
      if (!inFlight.tryAcquire()) {
        skipped.incrementAndGet();
        return;
      }
      sent.incrementAndGet();
      String[] action = new String[1];
      CompletableFuture<CaseRef> f = oneAction(loadRng, action);
      byAction.computeIfAbsent(action[0], a -> new AtomicLong()).incrementAndGet();
      f.whenComplete((c, e) -> {
        inFlight.release();
        if (e == null) {
          ok.incrementAndGet();
        } else {
          Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
          if (cause instanceof HttpFailure h && h.status == 409) {
            conflicts.incrementAndGet();
          } else {
            failed.incrementAndGet();
            if (failed.get() <= 3) {
              System.err.println("load: " + cause);
            }
          }
        }
      });
    }, 0, periodNanos, TimeUnit.NANOSECONDS);
    try {
      Thread.sleep(Math.round(seconds * 1000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    timer.shutdownNow();
    double elapsed = (System.nanoTime() - start) / 1e9;
    inFlight.acquireUninterruptibly(64); // let the last requests finish
    inFlight.release(64);
    Map<String, Long> actions = new java.util.TreeMap<>();
    byAction.forEach((k, v) -> actions.put(k, v.get()));
    return new LoadResult(elapsed, sent.get(), ok.get(), failed.get(), conflicts.get(), skipped.get(), actions);
  }

  /** One request of the live mix; its action's name in {@code name[0]}. */
  CompletableFuture<CaseRef> oneAction(Random r, String[] name) {
    double u = r.nextDouble();
    CaseRef c = null;
    if (u < 0.35) {
      c = null;
    } else if (u < 0.55) {
      c = cases.take(r, "RECEIVED");
      if (c != null) {
        name[0] = "register";
        return settle(c, act(supervisor, c, "register", null));
      }
    } else if (u < 0.65) {
      c = cases.take(r, "REGISTERED");
      if (c != null) {
        name[0] = "dispatch";
        return settle(c, act(operator, c, "dispatch", new JsonObject().put("inspectors", inspectors)));
      }
    } else if (u < 0.80) {
      c = cases.take(r, "RECEIVED");
      if (c != null) {
        name[0] = "decline";
        return settle(c, act(supervisor, c, "decline", new JsonObject().put("reason", "不属于劳动保障监察范围")));
      }
    } else {
      c = cases.take(r, "DISPATCHED", "REGISTERED");
      if (c != null) {
        CaseRef into = cases.any(r, c.id());
        if (into != null) {
          name[0] = "merge";
          return settle(c, act(operator, c, "merge", new JsonObject().put("intoCaseId", into.id())
              .put("reason", "同一用人单位同一事项重复投诉")));
        }
        cases.put(c);
      }
    }
    name[0] = "file";
    return file(complaint(r.nextDouble() < 0.04)).thenApply(cases::put);
  }

  /**
   * Puts the case back where the answer says it is; after a refusal (say a merge into it raised
   * its version), reads it again first.
   */
  private CompletableFuture<CaseRef> settle(CaseRef before, CompletableFuture<CaseRef> action) {
    return action.handle((c, e) -> {
      if (e == null) {
        cases.put(c);
        return CompletableFuture.completedFuture(c);
      }
      CompletableFuture<CaseRef> reread = get(before.id()).handle((fresh, e2) -> {
        if (fresh != null) {
          cases.put(fresh);
        } else {
          cases.forget(before.id());
        }
        throw e instanceof java.util.concurrent.CompletionException ce ? ce : new java.util.concurrent.CompletionException(e);
      });
      return reread;
    }).thenCompose(f -> f);
  }

  @Override
  public void close() {
    app.close();
  }

  /**
   * The server's clock: real time, or real time set back by a given amount while cases are filed
   * "in the past". Thread-safe.
   */
  static final class ShiftedClock extends Clock {
    private final AtomicLong backMillis;
    private final ZoneId zone;

    ShiftedClock() {
      this(new AtomicLong(), ZoneOffset.UTC);
    }

    private ShiftedClock(AtomicLong backMillis, ZoneId zone) {
      this.backMillis = backMillis;
      this.zone = zone;
    }

    void setBack(long millis) {
      backMillis.set(millis);
    }

    @Override
    public Instant instant() {
      return Instant.now().minusMillis(backMillis.get());
    }

    @Override
    public ZoneId getZone() {
      return zone;
    }

    /** The same shifted time in another zone (set back together with this one). */
    @Override
    public Clock withZone(ZoneId other) {
      return new ShiftedClock(backMillis, other);
    }
  }
}
