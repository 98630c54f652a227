package io.gridwatch.cases;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.store.DatabaseProvisioner;
import io.gridwatch.store.DatabaseUrl;
import io.gridwatch.testing.NeedsDatabase;
import io.gridwatch.testing.ServerProcess;
import io.gridwatch.testing.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * "Nothing lost": the real server, in a child JVM, is killed with SIGKILL while 500 complaints
 * are being filed concurrently, then started again on the same database. Every complaint that
 * was answered 201 must be stored exactly once; retrying every complaint with its key and body
 * must give back the same case (200) or file it now (201, only for those never answered); in the
 * end there are exactly 500 cases, each with one {@code received} event, one outbox row under a
 * gapless system-wide seq 1..500, one idempotency key and one {@code case.create} audit line.
 * (synchronous_commit stays on: the server answers only after its commit is durable.)
 */
@NeedsDatabase
class FilingSurvivesKillTest {
  private static final int COMPLAINTS = 500;
  private static final int IN_FLIGHT = 48;
  private static final String ADMIN_PASSWORD = "durability-admin-0123";
  private static final String OPERATOR_PASSWORD = "durability-operator-0123";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final ExecutorService senders = Executors.newFixedThreadPool(IN_FLIGHT);
  private ServerProcess server;

  /** What one send got: an HTTP answer, no answer (the connection died), or not sent at all. */
  record Answer(int status, Long caseId, String body) {
    static final Answer NONE = new Answer(-1, null, "no answer");
    static final Answer NOT_SENT = new Answer(0, null, "not sent");

    boolean filed() {
      return status == 201 || status == 200;
    }
  }

  @AfterEach
  void stop() {
    senders.shutdownNow();
    if (server != null) {
      server.close();
    }
  }

  @Test
  void a_server_killed_mid_intake_loses_nothing_and_duplicates_nothing() throws Exception {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    int killAfter = 120 + random.nextInt(61);
    System.out.printf("FilingSurvivesKillTest: seed %d, SIGKILL after %d answers%n", seed, killAfter);

    DatabaseUrl db = DatabaseUrl.parse(TestDatabase.create().withCredentials());
    int port = ServerProcess.freePort();
    Path log = Path.of("target", "durability-" + run + ".log");
    Map<String, String> env = Map.of("GRIDWATCH_ADMIN_PASSWORD", ADMIN_PASSWORD);
    List<String> jvm = List.of("-Xmx768m");
    server = ServerProcess.start(db, port, env, jvm, log, START_TIMEOUT);

    String operatorToken = operatorToken();
    List<String> keys = new ArrayList<>();
    List<String> bodies = new ArrayList<>();
    for (int i = 0; i < COMPLAINTS; i++) {
      keys.add("kill-" + run + "-" + i);
      bodies.add(complaint(i).encode());
    }

    // Phase 1: file all 500, IN_FLIGHT at a time; SIGKILL after a random number of answers.
    AtomicInteger answered = new AtomicInteger();
    AtomicInteger inFlight = new AtomicInteger();
    AtomicBoolean killed = new AtomicBoolean();
    CountDownLatch killNow = new CountDownLatch(1);
    List<Future<Answer>> first = new ArrayList<>();
    for (int i = 0; i < COMPLAINTS; i++) {
      int n = i;
      first.add(senders.submit(() -> {
        if (killed.get()) {
          return Answer.NOT_SENT;
        }
        inFlight.incrementAndGet();
        try {
          Answer a = file(operatorToken, keys.get(n), bodies.get(n));
          if (a.status() > 0 && answered.incrementAndGet() >= killAfter) {
            killNow.countDown();
          }
          return a;
        } finally {
          inFlight.decrementAndGet();
        }
      }));
    }
    assertThat(killNow.await(120, TimeUnit.SECONDS)).as("%d answers before the kill", killAfter).isTrue();
    int inFlightAtKill = inFlight.get();
    killed.set(true);
    server.kill();
    int answeredAtKill = answered.get();
    System.out.printf("FilingSurvivesKillTest: killed pid %d (exit %d) with %d answered, %d in flight%n",
        server.pid(), server.exitValue(), answeredAtKill, inFlightAtKill);
    List<Answer> before = collect(first);

    List<String> unexpected = new ArrayList<>();
    for (int i = 0; i < COMPLAINTS; i++) {
      Answer a = before.get(i);
      if (a.status() > 0 && a.status() != 201) {
        unexpected.add(i + ": " + a.status() + " " + a.body());
      }
    }
    assertThat(unexpected).as("answers before the kill other than 201").isEmpty();
    long acknowledged = before.stream().filter(Answer::filed).count();
    assertThat(acknowledged).as("the kill came while requests were in flight").isLessThan(COMPLAINTS);
    assertThat(inFlightAtKill).as("requests in flight at the kill").isPositive();

    // Phase 2: the same database, a new server.
    server = ServerProcess.start(db, port, env, jvm, log, START_TIMEOUT);

    // Every answered complaint is stored, exactly once, under its key.
    try (Connection c = DatabaseProvisioner.jdbc(db)) {
      Map<String, Long> stored = casesByKey(c);
      Map<String, Integer> copies = copiesByDescription(c);
      for (int i = 0; i < COMPLAINTS; i++) {
        if (before.get(i).filed()) {
          assertThat(stored.get(keys.get(i))).as("case of answered complaint %d", i).isEqualTo(before.get(i).caseId());
          assertThat(copies.get(description(i))).as("copies of answered complaint %d", i).isEqualTo(1);
        }
      }
    }

    // Phase 3: retry everything with the same keys and bodies (the old session still works).
    List<Answer> retried = sendAll(operatorToken, keys, bodies);
    for (int i = 0; i < COMPLAINTS; i++) {
      Answer b = before.get(i);
      Answer r = retried.get(i);
      if (b.filed()) {
        assertThat(r.status()).as("retry of answered complaint %d: %s", i, r.body()).isEqualTo(200);
        assertThat(r.caseId()).as("retry of answered complaint %d", i).isEqualTo(b.caseId());
      } else {
        // Committed before the kill but never answered (200), or never committed (201).
        assertThat(r.status()).as("retry of unanswered complaint %d: %s", i, r.body()).isIn(200, 201);
      }
    }
    System.out.printf("FilingSurvivesKillTest: %d answered before the kill; on retry %d replayed (200), %d filed now"
        + " (201), of which %d had been committed but not answered%n", acknowledged,
        retried.stream().filter(r -> r.status() == 200).count(), retried.stream().filter(r -> r.status() == 201).count(),
        java.util.stream.IntStream.range(0, COMPLAINTS)
            .filter(i -> !before.get(i).filed() && retried.get(i).status() == 200).count());
    // And once more: now every one of them is a replay of the same case.
    List<Answer> again = sendAll(operatorToken, keys, bodies);
    for (int i = 0; i < COMPLAINTS; i++) {
      assertThat(again.get(i).status()).as("second retry of %d: %s", i, again.get(i).body()).isEqualTo(200);
      assertThat(again.get(i).caseId()).as("second retry of %d", i).isEqualTo(retried.get(i).caseId());
    }

    // Phase 4: exactly 500 cases, no duplicates, each with its event, outbox row, key and audit line.
    try (Connection c = DatabaseProvisioner.jdbc(db)) {
      assertThat(single(c, "SELECT count(*) FROM case_file")).isEqualTo(COMPLAINTS);
      assertThat(single(c, "SELECT count(DISTINCT description) FROM case_file")).isEqualTo(COMPLAINTS);
      assertThat(single(c, "SELECT count(*) FROM idempotency_key")).isEqualTo(COMPLAINTS);
      Map<String, Long> stored = casesByKey(c);
      Map<Long, String> descriptions = descriptionsById(c);
      for (int i = 0; i < COMPLAINTS; i++) {
        Long id = stored.get(keys.get(i));
        assertThat(id).as("case of key %d", i).isEqualTo(again.get(i).caseId());
        assertThat(descriptions.get(id)).as("case %d holds complaint %d", id, i).isEqualTo(description(i));
      }
      // One 'received' event per case, and nothing else.
      assertThat(single(c, "SELECT count(*) FROM case_event")).isEqualTo(COMPLAINTS);
      assertThat(single(c, "SELECT count(*) FROM case_file f WHERE (SELECT count(*) FROM case_event e"
          + " WHERE e.case_id = f.id AND e.type = 'received' AND e.version = 1) = 1")).isEqualTo(COMPLAINTS);
      // The outbox: seq gapless 1..n, one case.received row per case, matching its event.
      assertThat(single(c, "SELECT count(*) FROM event_outbox")).isEqualTo(COMPLAINTS);
      assertThat(single(c, "SELECT min(seq) FROM event_outbox")).isEqualTo(1);
      assertThat(single(c, "SELECT max(seq) FROM event_outbox")).isEqualTo(COMPLAINTS);
      assertThat(single(c, "SELECT count(DISTINCT seq) FROM event_outbox")).isEqualTo(COMPLAINTS);
      assertThat(single(c, "SELECT last FROM event_seq")).isEqualTo(COMPLAINTS);
      assertThat(single(c, "SELECT count(DISTINCT case_id) FROM event_outbox WHERE type = 'case.received'"))
          .isEqualTo(COMPLAINTS);
      assertThat(single(c, "SELECT count(*) FROM event_outbox o JOIN case_file f ON f.id = o.case_id"
          + " WHERE o.cell_code IS NOT DISTINCT FROM f.cell_code AND (o.payload->>'seq')::bigint = o.seq"
          + " AND (o.payload->'data'->>'caseNo') = f.case_no")).isEqualTo(COMPLAINTS);
      // The audit line commits with the case.
      assertThat(single(c, "SELECT count(DISTINCT object_id) FROM audit_log WHERE action = 'case.create'"))
          .isEqualTo(COMPLAINTS);
      assertThat(single(c, "SELECT count(*) FROM audit_log WHERE action = 'case.create'")).isEqualTo(COMPLAINTS);
    }
  }

  /** Logs in as admin, creates a city-wide OPERATOR through the admin API, logs in as it. */
  private String operatorToken() throws IOException, InterruptedException {
    String admin = server.login("admin", ADMIN_PASSWORD);
    HttpResponse<String> created = http.send(HttpRequest.newBuilder(server.uri("/api/users"))
        .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("username", "operator-" + run)
            .put("displayName", "Durability operator").put("role", "OPERATOR").putNull("gridCode")
            .put("password", OPERATOR_PASSWORD).encode()))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return server.login("operator-" + run, OPERATOR_PASSWORD);
  }

  private String description(int i) {
    return "Durability run " + run + ", complaint " + i + ": wages unpaid for three months";
  }

  /** Complaint {@code i}: a point in central Chengdu, moved a little per complaint. */
  private JsonObject complaint(int i) {
    return new JsonObject()
        .put("channel", "HOTLINE").put("category", "WAGE_ARREARS")
        .put("location", new JsonObject().put("lon", 104.0805 + (i % 20) * 0.0004).put("lat", 30.6570 + (i / 20) * 0.0002)
            .put("crs", "WGS84"))
        .put("employer", new JsonObject().put("name", "成都某建筑劳务有限公司"))
        .put("workersInvolved", 1 + i % 40).put("amountOwed", (1000 + i) + ".00")
        .put("description", description(i))
        .put("complainant", new JsonObject().put("name", "张三丰").put("phone", "138" + String.format("%08d", i)));
  }

  private Answer file(String token, String key, String body) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.uri("/api/complaints"))
          .timeout(Duration.ofSeconds(60))
          .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
          .header("Idempotency-Key", key)
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
      Long caseId = r.statusCode() == 200 || r.statusCode() == 201 ? new JsonObject(r.body()).getLong("caseId") : null;
      return new Answer(r.statusCode(), caseId, r.body());
    } catch (IOException e) {
      return Answer.NONE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Answer.NONE;
    }
  }

  private List<Answer> sendAll(String token, List<String> keys, List<String> bodies) throws Exception {
    List<Future<Answer>> sent = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      int n = i;
      sent.add(senders.submit(() -> file(token, keys.get(n), bodies.get(n))));
    }
    return collect(sent);
  }

  private static List<Answer> collect(List<Future<Answer>> futures) throws Exception {
    List<Answer> out = new ArrayList<>();
    for (Future<Answer> f : futures) {
      out.add(f.get(180, TimeUnit.SECONDS));
    }
    return out;
  }

  private static Map<String, Long> casesByKey(Connection c) throws SQLException {
    Map<String, Long> out = new HashMap<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT key, case_id FROM idempotency_key")) {
      while (rs.next()) {
        assertThat(out.put(rs.getString(1), rs.getLong(2))).as("key %s stored twice", rs.getString(1)).isNull();
      }
    }
    return out;
  }

  private static Map<String, Integer> copiesByDescription(Connection c) throws SQLException {
    Map<String, Integer> out = new HashMap<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
        "SELECT description, count(*) FROM case_file GROUP BY description")) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getInt(2));
      }
    }
    return out;
  }

  private static Map<Long, String> descriptionsById(Connection c) throws SQLException {
    Map<Long, String> out = new HashMap<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, description FROM case_file")) {
      while (rs.next()) {
        out.put(rs.getLong(1), rs.getString(2));
      }
    }
    return out;
  }

  private static long single(Connection c, String sql) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
      assertThat(rs.next()).as(sql).isTrue();
      return rs.getLong(1);
    }
  }
}
