package io.gridwatch.notifications;

import static io.gridwatch.testing.Problems.assertField;
import static io.gridwatch.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.auth.Role;
import io.gridwatch.auth.User;
import io.gridwatch.testing.MutableClock;
import io.gridwatch.testing.NeedsDatabase;
import io.gridwatch.testing.TestServer;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Notifications end to end on a server of its own (real PostgreSQL, the seed grid, a clock the
 * test moves): events appended to the outbox reach a real HTTP receiver as signed webhooks, for
 * the right people only; quiet hours hold what is not urgent; failures are retried with backoff;
 * what cannot be delivered in time expires; two dispatchers never enqueue anything twice; the
 * rules API validates, keeps its secrets and obeys the access rules. Each scenario works in a
 * grid cell of its own, so the rules of one do not catch the events of another.
 */
@NeedsDatabase
class NotificationsTest {
  private static final String SECRET = "test-webhook-secret-0123456789";
  private static TestServer server;
  private static MutableClock clock;
  private static WebhookReceiver receiver;
  private static User leaderCity;
  private static User sup104;
  private static User sup104Street;
  private static User sup105;
  private static User insp104;
  private static User insp105;

  @BeforeAll
  static void start() {
    clock = MutableClock.startingNow();
    server = TestServer.start(true, Map.of(
        "GRIDWATCH_NOTIFICATIONS_POLL_MILLIS", "100",
        "GRIDWATCH_NOTIFICATIONS_BACKOFF_SECONDS", "10,30,120",
        "GRIDWATCH_NOTIFICATIONS_MAX_ATTEMPTS", "5",
        "GRIDWATCH_NOTIFICATIONS_TIMEOUT_MILLIS", "2000",
        // The scenarios move the clock by hours; the test sessions must outlive that.
        "GRIDWATCH_AUTH_IDLE_TIMEOUT_MINUTES", "1440"), clock);
    receiver = new WebhookReceiver();
    leaderCity = user("n-leader-city", Role.LEADER, null);
    sup104 = user("n-sup-104", Role.SUPERVISOR, "510104");
    sup104Street = user("n-sup-104001", Role.SUPERVISOR, "510104001");
    sup105 = user("n-sup-105", Role.SUPERVISOR, "510105");
    insp104 = user("n-insp-104", Role.INSPECTOR, "510104");
    insp105 = user("n-insp-105", Role.INSPECTOR, "510105");
  }

  @AfterAll
  static void stop() {
    if (receiver != null) {
      receiver.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private static User user(String name, Role role, String grid) {
    return server.createUser(name, role, grid, TestServer.PASSWORD);
  }

  // ---- scenarios

  @Test
  void an_incident_reaches_the_receiver_as_a_webhook_signed_with_the_rules_secret() throws Exception {
    long ruleId = createRule(rule("群体性事件 锦江区", "incident.*", "510104", "/hook/basic")
        .put("userIds", new JsonArray().add(insp104.id())));
    JsonObject data = new JsonObject().put("incidentNo", "GW-I-20261203-0001").put("grade", "I").put("workers", 45)
        .put("employer", new JsonObject().put("name", "成都某建筑劳务有限公司"));
    long seq = append("incident.opened", "510104001", data);

    waitFor(() -> receiver.at("/hook/basic").size() == 1, "the webhook arrives");
    WebhookReceiver.Received got = receiver.at("/hook/basic").get(0);
    // An independent HMAC-SHA256 over the exact bytes received.
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    assertThat(got.headers().get("x-gridwatch-signature")).isEqualTo("sha256=" + HexFormat.of().formatHex(mac.doFinal(got.body())));
    JsonObject body = got.json();
    assertThat(got.headers().get("x-gridwatch-delivery")).isEqualTo(String.valueOf(body.getLong("id")));
    assertThat(got.headers().get("content-type")).startsWith("application/json");
    JsonObject event = body.getJsonObject("event");
    assertThat(event.getLong("seq")).isEqualTo(seq);
    assertThat(event.getString("type")).isEqualTo("incident.opened");
    assertThat(event.getString("cellCode")).isEqualTo("510104001");
    assertThat(event.getJsonObject("data").getString("incidentNo")).isEqualTo("GW-I-20261203-0001");
    assertThat(body.getJsonObject("recipient").getLong("userId")).isEqualTo(insp104.id());
    assertThat(body.getJsonObject("recipient").getString("role")).isEqualTo("INSPECTOR");
    assertThat(body.getJsonObject("rule").getLong("id")).isEqualTo(ruleId);
    assertThat(body.getJsonObject("rule").getString("name")).isEqualTo("群体性事件 锦江区");
    assertThat(body.getString("text")).startsWith("【群体性事件】I级 成都某建筑劳务有限公司 45人").contains("GW-I-20261203-0001");
    assertThat(body.getString("text").codePointCount(0, body.getString("text").length())).isLessThanOrEqualTo(70);
    assertThat(new String(got.body(), StandardCharsets.UTF_8)).doesNotContain(SECRET);

    waitFor(() -> "SENT".equals(delivery(ruleId).getString("status")), "the delivery is recorded as SENT");
    JsonObject d = delivery(ruleId);
    assertThat(d.getInteger("attempts")).isEqualTo(1);
    assertThat(d.getString("deliveredAt")).isNotNull();
    assertThat(d.getLong("eventSeq")).isEqualTo(seq);
    assertThat(d.getString("channel")).isEqualTo("webhook");
    Row attempt = server.app().pool().preparedQuery("SELECT * FROM notification_attempt WHERE notification_id = $1")
        .execute(Tuple.of(d.getLong("id"))).await().iterator().next();
    assertThat(attempt.getString("outcome")).isEqualTo("DELIVERED");
    assertThat(attempt.getInteger("http_status")).isEqualTo(200);
    assertThat(attempt.getLong("latency_ms")).isNotNull().isGreaterThanOrEqualTo(0);
  }

  @Test
  void roles_reach_the_users_whose_grid_contains_the_event_and_nobody_of_another_grid() {
    long ruleId = createRule(rule("督办 锦江区", "test.recipients", "510104", "/hook/recipients")
        .put("roles", new JsonArray().add("SUPERVISOR").add("LEADER"))
        .put("userIds", new JsonArray().add(insp104.id()).add(insp105.id())));
    append("test.recipients", "510104001", new JsonObject());

    waitFor(() -> deliveries("ruleId=" + ruleId).size() >= 4, "the messages are enqueued");
    Set<Long> to = deliveries("ruleId=" + ruleId).stream().map(d -> d.getJsonObject("recipient").getLong("userId"))
        .collect(Collectors.toSet());
    // The grid chain 510104001 → 510104 → city: the street's and the district's supervisors,
    // the city's leader, and the inspector named who works in 锦江区.
    assertThat(to).contains(leaderCity.id(), sup104.id(), sup104Street.id(), insp104.id());
    // 青羊区's supervisor holds the role but not the place; its inspector is named but works elsewhere.
    assertThat(to).doesNotContain(sup105.id(), insp105.id());
    for (Long id : to) {
      Row u = server.app().pool().preparedQuery("SELECT role, grid_code FROM app_user WHERE id = $1")
          .execute(Tuple.of(id)).await().iterator().next();
      assertThat(u.getString("grid_code") == null || "510104001".startsWith(u.getString("grid_code")))
          .as("user %d's grid %s contains the event", id, u.getString("grid_code")).isTrue();
    }
    waitFor(() -> receiver.at("/hook/recipients").size() == to.size(), "one webhook per recipient");
    assertThat(receiver.at("/hook/recipients").stream().map(r -> r.json().getJsonObject("recipient").getLong("userId")))
        .containsExactlyInAnyOrderElementsOf(to);
  }

  @Test
  void quiet_hours_hold_a_deadline_until_they_end_while_an_incident_goes_at_once() {
    // A quiet window around the present moment, in Beijing time.
    LocalTime local = clock.instant().atZone(QuietHours.ZONE).toLocalTime().truncatedTo(ChronoUnit.MINUTES);
    DateTimeFormatter hhmm = DateTimeFormatter.ofPattern("HH:mm");
    QuietHours quiet = new QuietHours(local.minusHours(1), local.plusHours(1));
    assertThat(quiet.contains(clock.instant())).isTrue();
    long ruleId = createRule(rule("夜间静默 青羊区", "deadline.overdue", "510105", "/hook/quiet")
        .put("events", new JsonArray().add("deadline.overdue").add("incident.*"))
        .put("userIds", new JsonArray().add(leaderCity.id()))
        .put("quietStart", hhmm.format(quiet.start())).put("quietEnd", hhmm.format(quiet.end())));
    long overdue = append("deadline.overdue", "510105001", new JsonObject().put("caseNo", "GW-20261203-000001")
        .put("kind", "SERVICE_CLOSE").put("workersInvolved", 3));
    long incident = append("incident.opened", "510105001", new JsonObject().put("grade", "II").put("workers", 12));

    waitFor(() -> receiver.at("/hook/quiet").size() == 1, "the incident's webhook arrives in quiet hours");
    assertThat(receiver.at("/hook/quiet").get(0).json().getJsonObject("event").getLong("seq")).isEqualTo(incident);
    JsonObject held = deliveries("ruleId=" + ruleId).stream().filter(d -> d.getLong("eventSeq") == overdue)
        .findFirst().orElseThrow();
    assertThat(held.getString("status")).isEqualTo("HELD_QUIET");
    assertThat(time(held.getString("dueAt")))
        .isEqualTo(quiet.release(clock.instant()));
    // A round of the sender now changes nothing: the held message is not due.
    server.app().notifications().sender().sendAll().await();
    assertThat(receiver.at("/hook/quiet")).hasSize(1);

    clock.advance(Duration.between(clock.instant(), quiet.release(clock.instant())).plusSeconds(1));
    waitFor(() -> receiver.at("/hook/quiet").size() == 2, "the deadline's webhook arrives when quiet hours end");
    assertThat(receiver.at("/hook/quiet").get(1).json().getJsonObject("event").getLong("seq")).isEqualTo(overdue);
    assertThat(receiver.at("/hook/quiet").get(1).json().getString("text")).startsWith("【超期】GW-20261203-000001");
    waitFor(() -> deliveries("ruleId=" + ruleId + "&status=SENT").size() == 2, "both are SENT");
  }

  @Test
  void a_message_claimed_by_a_node_that_died_before_sending_goes_out_once_its_lease_runs_out() {
    // Held by quiet hours first, so that the test can play the node that claims it at release.
    LocalTime local = clock.instant().atZone(QuietHours.ZONE).toLocalTime().truncatedTo(ChronoUnit.MINUTES);
    QuietHours quiet = new QuietHours(local.minusHours(1), local.plusHours(1));
    DateTimeFormatter hhmm = DateTimeFormatter.ofPattern("HH:mm");
    long ruleId = createRule(rule("租约 青白江区", "test.lease", "510113", "/hook/lease")
        .put("userIds", new JsonArray().add(leaderCity.id()))
        .put("quietStart", hhmm.format(quiet.start())).put("quietEnd", hhmm.format(quiet.end())));
    append("test.lease", "510113001", new JsonObject());
    waitFor(() -> deliveries("ruleId=" + ruleId).size() == 1, "the message is enqueued");
    JsonObject held = delivery(ruleId);
    assertThat(held.getString("status")).isEqualTo("HELD_QUIET");
    Instant release = time(held.getString("dueAt"));
    // Another node claims it as it falls due (what claim-due.sql does to each row it takes), with
    // the default 60 s lease, and dies before it sends or records anything.
    int claimed = server.app().pool().preparedQuery("UPDATE notification SET lease_until = $2, lease_token = $3"
            + " WHERE id = $1 AND lease_token IS NULL")
        .execute(Tuple.of(held.getLong("id"), OffsetDateTime.ofInstant(release.plusSeconds(60), ZoneOffset.UTC),
            UUID.randomUUID())).await().rowCount();
    assertThat(claimed).isEqualTo(1);

    clock.advance(Duration.between(clock.instant(), release).plusSeconds(1));
    server.app().notifications().sender().sendAll().await();
    assertThat(receiver.at("/hook/lease")).as("not while the dead node's lease runs").isEmpty();
    clock.advance(Duration.ofSeconds(60));
    waitFor(() -> "SENT".equals(delivery(ruleId).getString("status")), "another claim sends it after the lease");
    assertThat(receiver.at("/hook/lease")).hasSize(1);
    assertThat(delivery(ruleId).getInteger("attempts")).isEqualTo(1);
  }

  @Test
  void a_receiver_answering_500_is_retried_with_backoff_until_it_recovers() {
    receiver.answer("/hook/retry", 500);
    long ruleId = createRule(rule("重试 金牛区", "test.retry", "510106", "/hook/retry")
        .put("userIds", new JsonArray().add(leaderCity.id())));
    append("test.retry", "510106001", new JsonObject());

    waitFor(() -> retrying(ruleId, 1), "the first attempt fails and waits");
    JsonObject first = delivery(ruleId);
    assertThat(first.getString("lastError")).isEqualTo("HTTP 500");
    assertThat(time(first.getString("dueAt"))).isEqualTo(time(first.getString("lastAttemptAt")).plusSeconds(10));
    // Not before the backoff has passed.
    server.app().notifications().sender().sendAll().await();
    assertThat(receiver.at("/hook/retry")).hasSize(1);

    clock.advance(Duration.ofSeconds(10));
    waitFor(() -> retrying(ruleId, 2), "the second attempt fails and waits longer");
    JsonObject second = delivery(ruleId);
    assertThat(time(second.getString("dueAt"))).isEqualTo(time(second.getString("lastAttemptAt")).plusSeconds(30));

    receiver.answer("/hook/retry", 204);
    clock.advance(Duration.ofSeconds(30));
    waitFor(() -> "SENT".equals(delivery(ruleId).getString("status")), "the third attempt is delivered");
    JsonObject sent = delivery(ruleId);
    assertThat(sent.getInteger("attempts")).isEqualTo(3);
    assertThat(receiver.at("/hook/retry")).hasSize(3);
    // The same delivery id every time, so that the receiver can drop a repeat.
    assertThat(receiver.at("/hook/retry").stream().map(r -> r.headers().get("x-gridwatch-delivery")).distinct())
        .containsExactly(String.valueOf(sent.getLong("id")));
    List<String> log = new ArrayList<>();
    server.app().pool().preparedQuery("SELECT attempt_no, outcome, http_status FROM notification_attempt"
            + " WHERE notification_id = $1 ORDER BY attempt_no").execute(Tuple.of(sent.getLong("id"))).await()
        .forEach(r -> log.add(r.getInteger("attempt_no") + " " + r.getString("outcome") + " " + r.getInteger("http_status")));
    assertThat(log).containsExactly("1 FAILED 500", "2 FAILED 500", "3 DELIVERED 204");
  }

  @Test
  void a_message_the_receiver_is_down_for_past_its_expiry_is_expired_not_sent_late() throws Exception {
    // A port nobody listens on any more.
    var closed = server.app().vertx().createHttpServer().requestHandler(r -> r.response().end())
        .listen(0, "127.0.0.1").await();
    int port = closed.actualPort();
    closed.close().await();
    long ruleId = createRule(rule("过期 武侯区", "test.expiry", "510107", "/unused")
        .put("target", "http://127.0.0.1:" + port + "/hook/expiry").put("expireMinutes", 5)
        .put("userIds", new JsonArray().add(leaderCity.id())));
    append("test.expiry", "510107001", new JsonObject());

    waitFor(() -> retrying(ruleId, 1), "the first attempt fails");
    assertThat(delivery(ruleId).getString("lastError")).startsWith("connection failed");
    clock.advance(Duration.ofMinutes(6));
    waitFor(() -> "EXPIRED".equals(delivery(ruleId).getString("status")), "the message expires");
    JsonObject expired = delivery(ruleId);
    assertThat(expired.getInteger("attempts")).isEqualTo(1);
    assertThat(expired.getString("lastError")).startsWith("expired");
    assertThat(expired.getString("deliveredAt")).isNull();
    // Nothing is claimed for it any more.
    server.app().notifications().sender().sendAll().await();
    assertThat(delivery(ruleId).getInteger("attempts")).isEqualTo(1);
  }

  @Test
  void two_dispatchers_on_one_database_never_enqueue_one_event_rule_and_recipient_twice() throws Exception {
    long ruleId = createRule(rule("并发 成华区", "test.race", "510108", "/hook/race")
        .put("userIds", new JsonArray().add(leaderCity.id()).add(sup104.id()).add(insp104.id()))
        .put("roles", new JsonArray().add("LEADER")));
    // leaderCity (named and by role: one message), plus any other city-wide leader; sup104 and
    // insp104 work in 锦江区 and get nothing from 成华区.
    var pool = server.app().pool();
    var a = new NotificationDispatcher(pool, clock, 1000, c -> null);
    var b = new NotificationDispatcher(pool, clock, 1000, c -> null);
    int events = 150;
    List<Long> seqs = new java.util.concurrent.CopyOnWriteArrayList<>();
    Thread writer = new Thread(() -> {
      for (int i = 0; i < events; i++) {
        seqs.add(append("test.race", "510108001", new JsonObject().put("i", i)));
      }
    });
    java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
    Callable<Integer> loopA = () -> loop(a, done);
    Callable<Integer> loopB = () -> loop(b, done);
    var pool2 = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      var fa = pool2.submit(loopA);
      var fb = pool2.submit(loopB);
      writer.start();
      writer.join();
      done.set(true);
      int readByA = fa.get();
      int readByB = fb.get();
      assertThat(readByA + readByB).as("events read by the two test dispatchers").isGreaterThan(0);
    } finally {
      pool2.shutdownNow();
    }
    long last = seqs.stream().mapToLong(Long::longValue).max().orElseThrow();
    waitFor(() -> pool.query("SELECT last_seq FROM notification_cursor").execute().await().iterator().next()
        .getLong("last_seq") >= last, "the cursor passes the last event");
    long leaders = pool.preparedQuery("SELECT count(*) AS n FROM app_user WHERE role = 'LEADER' AND grid_code IS NULL"
        + " AND NOT disabled").execute().await().iterator().next().getLong("n");
    Row counts = pool.preparedQuery("SELECT count(*) AS n, count(DISTINCT (event_seq, recipient_id)) AS d,"
        + " count(DISTINCT event_seq) AS e FROM notification WHERE rule_id = $1").execute(Tuple.of(ruleId)).await()
        .iterator().next();
    assertThat(counts.getLong("e")).isEqualTo(events);
    assertThat(counts.getLong("n")).isEqualTo(counts.getLong("d")).isEqualTo(events * leaders);
  }

  private static int loop(NotificationDispatcher d, java.util.concurrent.atomic.AtomicBoolean done) {
    int read = 0;
    boolean last = false;
    while (!last) {
      last = done.get();
      read += d.dispatchAll().await();
    }
    return read;
  }

  @Test
  void the_default_rule_exists_disabled_without_a_configured_webhook_and_secrets_are_never_shown() {
    JsonArray rules = TestServer.json(server.as(Role.ADMIN).get("/api/notifications/rules")).getJsonArray("items");
    JsonObject def = rules.stream().map(JsonObject.class::cast).filter(r -> "incident-default".equals(r.getString("builtin")))
        .findFirst().orElseThrow();
    assertThat(def.getString("name")).isEqualTo("群体性事件 → 监察大队和领导");
    assertThat(def.getBoolean("enabled")).isFalse();
    assertThat(def.getString("target")).isNull();
    assertThat(def.getJsonArray("events")).containsExactly("incident.*");
    assertThat(def.getJsonArray("roles")).containsExactlyInAnyOrder("LEADER", "SUPERVISOR");
    assertThat(def.getInteger("upToLevel")).isEqualTo(1);

    long id = createRule(rule("带令牌", "test.token", "510104", "/hook/token")
        .put("target", receiver.url("/hook/token") + "?access_token=zzTOKEN123&x=1")
        .put("userIds", new JsonArray().add(insp104.id())));
    HttpResponse<String> one = server.as(Role.ADMIN).get("/api/notifications/rules/" + id);
    assertThat(one.statusCode()).isEqualTo(200);
    assertThat(one.body()).doesNotContain(SECRET).doesNotContain("zzTOKEN123");
    assertThat(TestServer.json(one).getString("target")).endsWith("/hook/token?access_token=***&x=***");
    assertThat(TestServer.json(one).getBoolean("secretSet")).isTrue();
    assertThat(server.as(Role.ADMIN).get("/api/notifications/rules").body()).doesNotContain(SECRET)
        .doesNotContain("zzTOKEN123");
  }

  @Test
  void bad_rules_are_refused_with_every_problem_listed_and_nothing_saved() {
    long before = ruleCount();
    TestServer.Client admin = server.as(Role.ADMIN);
    // Passes the contract, breaks the domain rules.
    JsonObject bad = new JsonObject().put("name", "坏规则").put("events", new JsonArray().add("incident.*"))
        .put("cellCode", "999999").put("roles", new JsonArray()).put("userIds", new JsonArray())
        .put("channel", "sms").put("target", "ftp://example.org/hook").put("secret", SECRET).put("quietStart", "22:00");
    HttpResponse<String> r = admin.postJson("/api/notifications/rules", bad.encode());
    assertProblem(r, 400);
    List<String> fields = new ArrayList<>();
    TestServer.json(r).getJsonArray("errors").forEach(e -> fields.add(((JsonObject) e).getString("field")));
    assertThat(fields).contains("cellCode", "roles", "channel", "target", "quietEnd");
    // Credentials in a URL are refused, and not echoed.
    HttpResponse<String> creds = admin.postJson("/api/notifications/rules", rule("x", "test.x", "510104", "/h")
        .put("userIds", new JsonArray().add(insp104.id()))
        .put("target", "https://bob:zzPASSWORD@example.org/hook").encode());
    assertField(creds, "target");
    assertThat(creds.body()).doesNotContain("zzPASSWORD");
    // An enabled rule needs a secret.
    JsonObject noSecret = rule("x", "test.x", "510104", "/h").put("userIds", new JsonArray().add(insp104.id()));
    noSecret.remove("secret");
    assertField(admin.postJson("/api/notifications/rules", noSecret.encode()), "secret");
    // A user that does not exist: checked in the transaction, which then stores nothing.
    assertField(admin.postJson("/api/notifications/rules", rule("x", "test.x", "510104", "/h")
        .put("userIds", new JsonArray().add(insp104.id()).add(987654321L)).encode()), "userIds[1]");
    // The contract's own refusals.
    assertField(admin.postJson("/api/notifications/rules", rule("x", "test.x", "510104", "/h")
        .put("userIds", new JsonArray().add(insp104.id())).put("quietStart", "25:00").put("quietEnd", "07:00").encode()),
        "quietStart");
    assertField(admin.postJson("/api/notifications/rules", rule("x", "Incident.**", "510104", "/h")
        .put("userIds", new JsonArray().add(insp104.id())).encode()), "events");
    assertThat(ruleCount()).isEqualTo(before);

    // A PUT with bad fields changes nothing either.
    long id = createRule(rule("好规则", "test.put", "510104", "/hook/put").put("userIds", new JsonArray().add(insp104.id())));
    String stored = admin.get("/api/notifications/rules/" + id).body();
    assertField(admin.send(HttpRequest.newBuilder(server.uri("/api/notifications/rules/" + id))
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(rule("改", "test.put", "510104", "/h")
            .put("userIds", new JsonArray().add(987654321L)).encode()))), "userIds[0]");
    assertThat(admin.get("/api/notifications/rules/" + id).body()).isEqualTo(stored);
  }

  @Test
  void admins_and_leaders_manage_rules_supervisors_read_them_in_their_grid_and_others_are_refused() {
    long id = createRule(rule("锦江区规则", "test.perm", "510104", "/hook/perm").put("userIds", new JsonArray().add(insp104.id())));
    TestServer.Client leader105 = server.withToken(server.newSession(user("n-leader-105", Role.LEADER, "510105")));
    TestServer.Client supervisor105 = server.withToken(server.newSession(sup105));
    TestServer.Client supervisor104 = server.withToken(server.newSession(sup104));
    TestServer.Client inspector = server.withToken(server.newSession(insp104));
    JsonObject body = rule("青羊区规则", "test.perm", "510105", "/hook/perm").put("userIds", new JsonArray().add(insp105.id()));

    assertProblem(supervisor105.postJson("/api/notifications/rules", body.encode()), 403);
    assertProblem(inspector.get("/api/notifications/rules"), 403);
    assertProblem(inspector.get("/api/notifications/deliveries"), 403);
    assertProblem(server.as(Role.OPERATOR).get("/api/notifications/rules"), 403);
    // A leader of 青羊区 makes rules for 青羊区, not for 锦江区 and not for the whole city.
    HttpResponse<String> own = leader105.postJson("/api/notifications/rules", body.encode());
    assertThat(own.statusCode()).as(own.body()).isEqualTo(201);
    assertField(leader105.postJson("/api/notifications/rules", body.copy().put("cellCode", "510104").encode()), "cellCode");
    assertField(leader105.postJson("/api/notifications/rules", body.copy().putNull("cellCode").encode()), "cellCode");
    assertProblem(leader105.get("/api/notifications/rules/" + id), 404);
    assertProblem(leader105.send(HttpRequest.newBuilder(server.uri("/api/notifications/rules/" + id)).DELETE()), 404);
    // Supervisors read the rules of their grid (and the city-wide ones), not the others.
    List<Long> seen104 = ids(supervisor104.get("/api/notifications/rules"));
    assertThat(seen104).contains(id).doesNotContain(TestServer.json(own).getLong("id"));
    assertThat(ids(supervisor105.get("/api/notifications/rules"))).contains(TestServer.json(own).getLong("id"))
        .doesNotContain(id);
    // Disabling by PUT, deleting by DELETE (ADMIN).
    JsonObject disabled = rule("锦江区规则", "test.perm", "510104", "/hook/perm")
        .put("userIds", new JsonArray().add(insp104.id())).put("enabled", false);
    disabled.remove("secret");
    HttpResponse<String> put = server.as(Role.ADMIN).send(HttpRequest.newBuilder(server.uri("/api/notifications/rules/" + id))
        .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(disabled.encode())));
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    assertThat(TestServer.json(put).getBoolean("enabled")).isFalse();
    assertThat(TestServer.json(put).getBoolean("secretSet")).isTrue();
    assertThat(server.as(Role.ADMIN).send(HttpRequest.newBuilder(server.uri("/api/notifications/rules/" + id)).DELETE())
        .statusCode()).isEqualTo(204);
    assertProblem(server.as(Role.ADMIN).get("/api/notifications/rules/" + id), 404);
    assertThat(server.audit("notification.rule.delete")).anySatisfy(a -> assertThat(a.getString("object_id"))
        .isEqualTo(String.valueOf(id)));
  }

  @Test
  void deliveries_are_listed_by_status_and_rule_and_a_supervisor_sees_only_those_of_their_grid() {
    long ruleId = createRule(rule("列表 锦江区", "test.list", "510104", "/hook/list")
        .put("userIds", new JsonArray().add(insp104.id())));
    append("test.list", "510104003", new JsonObject());
    waitFor(() -> deliveries("ruleId=" + ruleId + "&status=sent").size() == 1, "the message is sent");
    TestServer.Client supervisor104 = server.withToken(server.newSession(sup104));
    TestServer.Client supervisor105 = server.withToken(server.newSession(sup105));
    HttpResponse<String> mine = supervisor104.get("/api/notifications/deliveries?ruleId=" + ruleId);
    assertThat(mine.statusCode()).isEqualTo(200);
    JsonObject item = TestServer.json(mine).getJsonArray("items").getJsonObject(0);
    assertThat(item.getString("status")).isEqualTo("SENT");
    assertThat(item.getString("eventType")).isEqualTo("test.list");
    assertThat(item.getJsonObject("recipient").getString("name")).isEqualTo("n-insp-104");
    assertThat(item.getInteger("attempts")).isEqualTo(1);
    assertThat(item.getString("lastAttemptAt")).isNotNull();
    assertThat(TestServer.json(supervisor105.get("/api/notifications/deliveries?ruleId=" + ruleId)).getJsonArray("items"))
        .isEmpty();
    // Paging with after.
    long itemId = item.getLong("id");
    assertThat(TestServer.json(server.as(Role.ADMIN).get("/api/notifications/deliveries?ruleId=" + ruleId + "&after="
        + itemId)).getJsonArray("items")).isEmpty();
    assertField(server.as(Role.ADMIN).get("/api/notifications/deliveries?status=LOST"), "status");
  }

  // ---- helpers

  private static JsonObject rule(String name, String event, String cell, String path) {
    return new JsonObject().put("name", name).put("events", new JsonArray().add(event)).put("cellCode", cell)
        .put("channel", "webhook").put("target", receiver.url(path)).put("secret", SECRET);
  }

  private static long createRule(JsonObject body) {
    HttpResponse<String> r = server.as(Role.ADMIN).postJson("/api/notifications/rules", body.encode());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    assertThat(r.body()).doesNotContain(SECRET);
    return TestServer.json(r).getLong("id");
  }

  /** Appends one event to the outbox in a transaction of its own, as a writer does; its seq. */
  private static long append(String type, String cell, JsonObject data) {
    OffsetDateTime at = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    JsonObject payload = new JsonObject().put("type", type).put("at", at.toString()).put("cellCode", cell)
        .put("data", data);
    return server.app().pool().withTransaction(conn -> conn.preparedQuery(
            "WITH s AS (UPDATE event_seq SET last = last + 1 RETURNING last)"
                + " INSERT INTO event_outbox (seq, event_id, case_id, cell_code, type, at, payload)"
                + " SELECT s.last, $1, NULL, $2, $3, $4, $5::jsonb || jsonb_build_object('seq', s.last) FROM s"
                + " RETURNING seq")
            .execute(Tuple.of(UUID.randomUUID(), cell, type, at, payload)))
        .map(rows -> rows.iterator().next().getLong("seq")).await();
  }

  private static List<JsonObject> deliveries(String query) {
    HttpResponse<String> r = server.as(Role.ADMIN).get("/api/notifications/deliveries?" + query);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    List<JsonObject> out = new ArrayList<>();
    TestServer.json(r).getJsonArray("items").forEach(i -> out.add((JsonObject) i));
    return out;
  }

  private static JsonObject delivery(long ruleId) {
    List<JsonObject> all = deliveries("ruleId=" + ruleId);
    assertThat(all).hasSize(1);
    return all.get(0);
  }

  private static boolean retrying(long ruleId, int attempts) {
    List<JsonObject> all = deliveries("ruleId=" + ruleId);
    return all.size() == 1 && "RETRYING".equals(all.get(0).getString("status"))
        && all.get(0).getInteger("attempts") == attempts;
  }

  private static Instant time(String iso) {
    return OffsetDateTime.parse(iso).toInstant();
  }

  private static long ruleCount() {
    return server.app().pool().query("SELECT count(*) AS n FROM notification_rule").execute().await().iterator().next()
        .getLong("n");
  }

  private static List<Long> ids(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    List<Long> out = new ArrayList<>();
    TestServer.json(r).getJsonArray("items").forEach(i -> out.add(((JsonObject) i).getLong("id")));
    return out;
  }

  private static void waitFor(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  @SuppressWarnings("unused")
  private static <T> T await(Future<T> f) {
    return f.await();
  }
}
