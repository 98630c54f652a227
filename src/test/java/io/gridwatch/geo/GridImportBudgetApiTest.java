package io.gridwatch.geo;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.auth.Role;
import io.gridwatch.geo.importing.GridImportPlanner;
import io.gridwatch.geo.importing.HostileGeometries;
import io.gridwatch.testing.CaseFlows;
import io.gridwatch.testing.NeedsDatabase;
import io.gridwatch.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Polygon;

/**
 * The hostile files of issue 10 imported over HTTP by an administrator: the self-intersecting
 * star and the zig-zag comb are refused with a 422 naming the feature and the budget within 30 s,
 * no import work goes on after the answer, the next import is not refused as "in progress", and
 * filing and {@code /health} stay under a second while the star is imported (and keep answering
 * within seconds during the much longer comb).
 *
 * <p>The grid is small and made here: district 510104 and its street 510104001 (104.0–104.2,
 * 30.6–30.7), split into two communities 510104001001 (west) and 510104001002 (east).
 */
@NeedsDatabase
class GridImportBudgetApiTest {
  private static final String STAR_CODE = "510104001001";
  private static final String COMB_CODE = "510104001002";
  private static TestServer server;
  private static TestServer.Client admin;

  @BeforeAll
  static void startWithASmallGrid() {
    server = TestServer.start(false);
    admin = server.as(Role.ADMIN);
    assertThat(importLevel(1, box("510104", "锦江区", 104.0, 30.6, 104.2, 30.7)).statusCode()).isEqualTo(200);
    assertThat(importLevel(2, box("510104001", "测试街道", 104.0, 30.6, 104.2, 30.7)).statusCode()).isEqualTo(200);
    HttpResponse<String> three = importLevel(3, "{\"type\":\"FeatureCollection\",\"features\":["
        + feature(STAR_CODE, "西社区", 104.0, 30.6, 104.1, 30.7) + ","
        + feature(COMB_CODE, "东社区", 104.1, 30.6, 104.2, 30.7) + "]}");
    assertThat(three.statusCode()).as(three.body()).isEqualTo(200);
    assertThat(TestServer.json(three).getInteger("imported")).isEqualTo(2);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String boxGeometry(double x0, double y0, double x1, double y1) {
    return String.format(java.util.Locale.ROOT, "{\"type\":\"Polygon\",\"coordinates\":[[[%s,%s],[%s,%s],[%s,%s],[%s,%s],[%s,%s]]]}",
        x0, y0, x1, y0, x1, y1, x0, y1, x0, y0);
  }

  private static String feature(String code, String name, double x0, double y0, double x1, double y1) {
    return "{\"type\":\"Feature\",\"properties\":{\"code\":\"" + code + "\",\"name\":\"" + name
        + "\"},\"geometry\":" + boxGeometry(x0, y0, x1, y1) + "}";
  }

  private static String box(String code, String name, double x0, double y0, double x1, double y1) {
    return "{\"type\":\"FeatureCollection\",\"features\":[" + feature(code, name, x0, y0, x1, y1) + "]}";
  }

  private static HttpResponse<String> importLevel(int level, String body) {
    return importLevel(level, body.getBytes(StandardCharsets.UTF_8));
  }

  private static HttpResponse<String> importLevel(int level, byte[] body) {
    return admin.post("/api/grid/import?level=" + level, "application/geo+json", body);
  }

  private static HttpResponse<String> file() {
    return server.as(Role.OPERATOR).send(HttpRequest.newBuilder(server.uri("/api/complaints"))
        .header("Content-Type", "application/json")
        .header("Idempotency-Key", UUID.randomUUID().toString())
        .POST(HttpRequest.BodyPublishers.ofString(CaseFlows.complaint(104.05, 30.65, 3).encode())));
  }

  /** CPU time used so far by the threads of the import worker pool, in nanoseconds. */
  private static long importWorkerCpuNanos() {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long sum = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith(GridService.IMPORT_WORKER_POOL)) {
        sum += Math.max(0, mx.getThreadCpuTime(t.getId()));
      }
    }
    return sum;
  }

  /** After a refusal: no plan is computing, the worker pool burns no CPU, the lock is free. */
  private static void assertNothingGoesOnAndTheNextImportRuns(String code, double x0, double x1)
      throws Exception {
    assertThat(GridImportPlanner.plansRunning()).isZero();
    long cpuBefore = importWorkerCpuNanos();
    Thread.sleep(1_000);
    long burnt = importWorkerCpuNanos() - cpuBefore;
    // A repair or overlay still running would burn most of a core for that second.
    assertThat(burnt).as("CPU ns used by the import worker after the answer").isLessThan(100_000_000L);
    HttpResponse<String> valid = importLevel(3, box(code, "重新导入社区", x0, 30.6, x1, 30.7));
    assertThat(valid.statusCode()).as(valid.body()).isEqualTo(200);
  }

  private static void assertRefusedNaming(HttpResponse<String> r, String code, String budget) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
        ct -> assertThat(ct).startsWith("application/problem+json"));
    JsonObject problem = TestServer.json(r);
    assertThat(problem.getString("type")).endsWith("import-budget-exceeded");
    assertThat(problem.getInteger("status")).isEqualTo(422);
    assertThat(problem.getString("title")).isNotBlank();
    assertThat(problem.getString("detail")).contains("Feature 0 (code " + code + ")", budget);
    JsonObject error = problem.getJsonArray("errors").getJsonObject(0);
    assertThat(error.getString("field")).isEqualTo("features[0].geometry");
    assertThat(error.getString("message")).contains(budget);
  }

  /** An import's answer, how long it took, and the probes made while it ran. */
  private record Probed(HttpResponse<String> answer, long millis, List<Long> healthMillis,
      List<Long> filingMillis, List<Integer> statuses) {}

  /**
   * Sends {@code body} as a level-3 import while two clients keep asking {@code /health} and
   * filing complaints, one request after another, from before the import is sent until 300 ms
   * after it is answered.
   */
  private static Probed importWhileProbing(byte[] body) throws Exception {
    // Warm both paths up first: the first filings of a JVM load classes, which is not the point.
    for (int i = 0; i < 3; i++) {
      assertThat(file().statusCode()).isEqualTo(201);
      assertThat(server.get("/health").statusCode()).isEqualTo(200);
    }
    List<Long> healthMillis = Collections.synchronizedList(new ArrayList<>());
    List<Long> filingMillis = Collections.synchronizedList(new ArrayList<>());
    List<Integer> statuses = Collections.synchronizedList(new ArrayList<>());
    AtomicBoolean importing = new AtomicBoolean(true);
    CompletableFuture<Void> health = CompletableFuture.runAsync(() -> probe(importing, healthMillis, statuses,
        () -> server.get("/health")));
    CompletableFuture<Void> filing = CompletableFuture.runAsync(() -> probe(importing, filingMillis, statuses,
        GridImportBudgetApiTest::file));
    Thread.sleep(100);
    long started = System.nanoTime();
    HttpResponse<String> r;
    try {
      r = importLevel(3, body);
    } finally {
      long answered = System.nanoTime();
      Thread.sleep(300); // a few probes after the answer as well
      importing.set(false);
      health.get(60, TimeUnit.SECONDS);
      filing.get(60, TimeUnit.SECONDS);
      started = (answered - started) / 1_000_000;
    }
    return new Probed(r, started, healthMillis, filingMillis, statuses);
  }

  private static void assertFilingAndHealthStayedUnder(long limitMillis, Probed p) {
    assertThat(p.statuses()).isNotEmpty().allSatisfy(s -> assertThat(s).isIn(200, 201));
    assertThat(p.healthMillis()).isNotEmpty().allSatisfy(ms -> assertThat(ms).isLessThan(limitMillis));
    assertThat(p.filingMillis()).isNotEmpty().allSatisfy(ms -> assertThat(ms).isLessThan(limitMillis));
  }

  private static void report(String what, int bytes, Probed p) {
    System.out.printf("%s: %d bytes answered %d in %d ms; /health max %d ms over %d, filing max %d ms"
            + " over %d%n", what, bytes, p.answer().statusCode(), p.millis(), max(p.healthMillis()),
        p.healthMillis().size(), max(p.filingMillis()), p.filingMillis().size());
  }

  @Test
  void theStarIsRefusedNamingItsSelfIntersectionsWhileFilingAndHealthStayUnderASecond()
      throws Exception {
    byte[] star = HostileGeometries.featureCollection(STAR_CODE, "星形社区", HostileGeometries.issueStar());
    assertThat(star.length).isBetween(400_000, 600_000);
    Probed p = importWhileProbing(star);
    report("star", star.length, p);
    assertRefusedNaming(p.answer(), STAR_CODE, "selfIntersectionsPerFeature");
    assertThat(p.millis()).isLessThan(30_000);
    assertFilingAndHealthStayedUnder(1_000, p);

    assertNothingGoesOnAndTheNextImportRuns(STAR_CODE, 104.0, 104.1);
  }

  @Test
  void theCombIsRefusedNamingItsBoundaryIntersectionsWithin30SecondsWhileFilingAndHealthKeepAnswering()
      throws Exception {
    // 99,993 teeth (199,989 vertices) across the street from south to north: each tooth crosses
    // the street's edges, some 400,000 points where the overlays would have to node.
    Polygon comb = HostileGeometries.comb(99_993, 104.1, 104.2, 30.59, 30.71, 0.115);
    byte[] body = HostileGeometries.featureCollection(COMB_CODE, "梳形社区", comb);
    Probed p = importWhileProbing(body);
    report("comb", body.length, p);
    assertRefusedNaming(p.answer(), COMB_CODE, "boundaryIntersectionsPerFeature");
    assertThat(p.answer().body()).contains("its parent 510104001");
    assertThat(p.millis()).isLessThan(30_000);
    // Seconds of parsing and counting 200,000 vertices on one of two cores, shared with other
    // builds: measured at most 0.5 s for /health and 1.1 s for a filing there (docs/geodata.md).
    // Bounded generously here; what the defect did was stall every event loop for 12-26 s.
    assertFilingAndHealthStayedUnder(3_000, p);

    assertNothingGoesOnAndTheNextImportRuns(COMB_CODE, 104.1, 104.2);
  }

  private static void probe(AtomicBoolean running, List<Long> millis, List<Integer> statuses,
      java.util.function.Supplier<HttpResponse<String>> request) {
    while (running.get()) {
      long t0 = System.nanoTime();
      HttpResponse<String> r = request.get();
      millis.add((System.nanoTime() - t0) / 1_000_000);
      statuses.add(r.statusCode());
    }
  }

  private static long max(List<Long> values) {
    synchronized (values) {
      return values.stream().mapToLong(Long::longValue).max().orElse(-1);
    }
  }
}
