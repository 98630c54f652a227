package io.gridwatch.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.auth.Role;
import io.gridwatch.auth.User;
import io.gridwatch.testing.NeedsDatabase;
import io.gridwatch.testing.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Live events end to end: real commits (filed complaints, or outbox rows written the way the case
 * store writes them), the real relay, real websockets speaking the bridge protocol on
 * {@code /eventbus/websocket}, and the replay API. One server of its own, with a session check
 * every second, a small per-socket backlog (32) and one extra allowed origin.
 */
@NeedsDatabase
class LiveEventsTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final Duration QUIET = Duration.ofMillis(700);
  private static final String WALL_ORIGIN = "https://wall.example.org";
  private static final int MAX_QUEUED = 32;
  private static TestServer server;
  private static Vertx clients;
  private static int port;

  @BeforeAll
  static void start() {
    server = TestServer.start(true, Map.of(
        "GRIDWATCH_LIVE_SESSION_CHECK_SECONDS", "1",
        "GRIDWATCH_LIVE_MAX_QUEUED_PER_SOCKET", String.valueOf(MAX_QUEUED),
        "GRIDWATCH_LIVE_ALLOWED_ORIGINS", WALL_ORIGIN), Clock.systemUTC());
    port = server.app().httpPort();
    clients = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    clients.close().await();
    server.close();
  }

  // ---- helpers ----

  private record Login(User user, String token) {}

  private static Login login(Role role, String grid) {
    User u = server.createUser(role.name().toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8), role,
        grid, TestServer.PASSWORD);
    return new Login(u, server.newSession(u));
  }

  private static String token(Role role, String grid) {
    return login(role, grid).token();
  }

  /** Files a complaint placed in {@code cell} (city-wide operator); answers the case id. */
  private static long file(String cell) {
    JsonObject body = new JsonObject()
        .put("channel", "HOTLINE").put("category", "WAGE_ARREARS").put("cellCode", cell)
        .put("employer", new JsonObject().put("name", "成都某建筑劳务有限公司"))
        .put("workersInvolved", 3).put("amountOwed", "9000.00").put("description", "两个月工资未发")
        .put("complainant", new JsonObject().put("name", "王小明").put("phone", "13900001111"));
    HttpResponse<String> r = server.as(Role.OPERATOR).send(HttpRequest.newBuilder(server.uri("/api/complaints"))
        .header("Content-Type", "application/json").header("Idempotency-Key", UUID.randomUUID().toString())
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return TestServer.json(r).getLong("caseId");
  }

  /** The seqs of a case's outbox rows, oldest first. */
  private static List<Long> seqsOf(long caseId) {
    List<Long> out = new ArrayList<>();
    server.app().pool().preparedQuery("SELECT seq FROM event_outbox WHERE case_id = $1 ORDER BY seq")
        .execute(io.vertx.sqlclient.Tuple.of(caseId)).await().forEach(r -> out.add(r.getLong("seq")));
    return out;
  }

  private static BridgeClient connect(String token) {
    return BridgeClient.connect(clients, port, token);
  }

  /** Registers, then waits for the bridge's answer to a refused registration: everything before it is in place. */
  private static void registerAll(BridgeClient c, String... addresses) {
    for (String a : addresses) {
      c.register(a);
    }
    c.register("gw.barrier");
    JsonObject err = c.next(f -> "err".equals(f.getString("type")), WAIT);
    assertThat(err).as("the barrier registration is answered").isNotNull();
  }

  private static boolean eventOf(JsonObject frame, long caseId) {
    return BridgeClient.isEvent(frame)
        && frame.getJsonObject("body").getJsonObject("data").getLong("caseId") == caseId;
  }

  // ---- scope ----

  @Test
  void a_wall_hears_its_cell_and_every_cell_inside_it_but_not_another_district() {
    try (BridgeClient wall = connect(token(Role.INSPECTOR, "510104"))) {
      registerAll(wall, "gw.cell.510104", "gw.cell.510104001", "gw.cell.510104001001");
      long elsewhere = file("510105001001");
      long here = file("510104001001");
      long here2 = file("510104001002");

      List<JsonObject> got = new ArrayList<>();
      while (got.stream().noneMatch(f -> eventOf(f, here2))) {
        JsonObject f = wall.next(BridgeClient::isEvent, WAIT);
        assertThat(f).as("events keep coming until the last filed one").isNotNull();
        got.add(f);
      }
      got.addAll(wall.drain(QUIET));
      assertThat(got).noneMatch(f -> eventOf(f, elsewhere));
      // The community's event on the district, the street and the community; its neighbour's on
      // the district and the street only.
      assertThat(got.stream().filter(f -> eventOf(f, here)).map(f -> f.getString("address")))
          .containsExactlyInAnyOrder("gw.cell.510104", "gw.cell.510104001", "gw.cell.510104001001");
      assertThat(got.stream().filter(f -> eventOf(f, here2)).map(f -> f.getString("address")))
          .containsExactlyInAnyOrder("gw.cell.510104", "gw.cell.510104001");

      JsonObject event = got.stream().filter(f -> eventOf(f, here)).findFirst().orElseThrow().getJsonObject("body");
      assertThat(event.getLong("seq")).isEqualTo(seqsOf(here).get(0));
      assertThat(event.getString("type")).isEqualTo("case.received");
      assertThat(event.getString("cellCode")).isEqualTo("510104001001");
      assertThat(event.getString("at")).isNotBlank();
      // Masked data only: nothing of the complainant travels.
      assertThat(event.encode()).doesNotContain("13900001111").doesNotContain("王小明");
    }
  }

  @Test
  void sockets_on_every_event_loop_hear_each_event_once_per_address_and_leave_no_consumer_behind() {
    String supervisor = token(Role.SUPERVISOR, null);
    int loops = server.app().config().effectiveHttpInstances();
    awaitNoConsumers();
    List<BridgeClient> walls = new ArrayList<>();
    try {
      // Connections go round-robin over the HTTP server instances, one event loop each.
      for (int i = 0; i < 2 * loops; i++) {
        BridgeClient wall = connect(supervisor);
        registerAll(wall, "gw.city", "gw.cell.510104");
        walls.add(wall);
      }
      LiveBridge.Stats stats = server.app().live().bridge().stats();
      assertThat(stats.eventLoops()).as("sockets on every HTTP event loop").isEqualTo(loops);
      assertThat(stats.busConsumers()).as("one consumer per loop and address, not per socket").isEqualTo(2 * loops);
      assertThat(stats.coalescedSockets()).as("websocket flushes coalesced").isEqualTo(2 * loops);

      long id = file("510104001001");
      long seq = seqsOf(id).get(0);
      for (BridgeClient wall : walls) {
        List<JsonObject> got = new ArrayList<>();
        JsonObject first = wall.next(f -> eventOf(f, id), WAIT);
        assertThat(first).as("every socket hears the event").isNotNull();
        got.add(first);
        got.addAll(wall.drain(QUIET).stream().filter(f -> eventOf(f, id)).toList());
        assertThat(got).allMatch(f -> f.getJsonObject("body").getLong("seq") == seq);
        assertThat(got.stream().map(f -> f.getString("address")))
            .as("once on each address it listens on").containsExactlyInAnyOrder("gw.city", "gw.cell.510104");
      }

      // Unregistering one address stops that address only.
      BridgeClient first = walls.get(0);
      first.send(new JsonObject().put("type", "unregister").put("address", "gw.city"));
      first.drain(QUIET);
      long id2 = file("510104001002");
      assertThat(first.next(f -> eventOf(f, id2), WAIT).getString("address")).isEqualTo("gw.cell.510104");
      assertThat(first.drain(QUIET)).noneMatch(f -> eventOf(f, id2));
    } finally {
      walls.forEach(BridgeClient::close);
    }
    awaitNoConsumers();
    assertThat(server.app().live().bridge().stats().busConsumers()).as("closed sockets leave no consumer").isZero();
    assertThat(server.app().live().bridge().stats().eventLoops()).isZero();
  }

  @Test
  void a_sockjs_streaming_session_with_sends_on_other_connections_hears_its_events_and_is_cleaned_up()
      throws Exception {
    String token = token(Role.SUPERVISOR, null);
    awaitNoConsumers(WAIT.multipliedBy(2));
    String session = LiveBridge.PATH + "/000/" + UUID.randomUUID().toString().replace("-", "");
    HttpResponse<java.util.stream.Stream<String>> stream = freshHttp().send(sockJs(session + "/xhr_streaming", token, ""),
        HttpResponse.BodyHandlers.ofLines());
    assertThat(stream.statusCode()).isEqualTo(200);
    java.util.concurrent.BlockingQueue<String> lines = new java.util.concurrent.LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> stream.body().forEach(lines::add), "xhr-streaming-reader");
    reader.setDaemon(true);
    reader.start();
    assertThat(nextLine(lines, l -> l.equals("o"))).as("the SockJS open frame").isNotNull();
    // Each send on a connection of its own, as browsers do: connections go round-robin over the
    // HTTP instances, so the sends may reach another instance's router than the stream's.
    for (String address : List.of("gw.city", "gw.cell.510104")) {
      String frame = new JsonObject().put("type", "register").put("address", address).encode();
      HttpResponse<String> sent = freshHttp().send(sockJs(session + "/xhr_send", token,
          new JsonArray().add(frame).encode()), HttpResponse.BodyHandlers.ofString());
      assertThat(sent.statusCode()).as(sent.body()).isEqualTo(204);
    }
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (server.app().live().bridge().stats().busConsumers() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }

    long id = file("510104001001");
    List<String> addresses = new ArrayList<>();
    while (addresses.size() < 2) {
      String line = nextLine(lines, l -> l.startsWith("a["));
      assertThat(line).as("the event on each registered address").isNotNull();
      for (Object message : new JsonArray(line.substring(1))) {
        JsonObject frame = new JsonObject((String) message);
        if (eventOf(frame, id)) {
          addresses.add(frame.getString("address"));
        }
      }
    }
    assertThat(addresses).containsExactlyInAnyOrder("gw.city", "gw.cell.510104");

    // The client goes away; the bridge closes the session (no ping), and its consumers retire.
    stream.body().close();
    awaitNoConsumers(Duration.ofSeconds(45));
    assertThat(server.app().live().bridge().stats().busConsumers()).as("no consumer left behind").isZero();
    assertThat(server.app().live().bridge().stats().sockets()).isZero();
  }

  private static java.net.http.HttpClient freshHttp() {
    return java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();
  }

  private static HttpRequest sockJs(String path, String token, String body) {
    return HttpRequest.newBuilder(server.uri(path)).header("Authorization", "Bearer " + token)
        .header("Content-Type", "text/plain;charset=UTF-8").POST(HttpRequest.BodyPublishers.ofString(body)).build();
  }

  private static String nextLine(java.util.concurrent.BlockingQueue<String> lines,
      java.util.function.Predicate<String> wanted) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    for (String l = lines.poll(WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS); l != null;
        l = lines.poll(Math.max(0, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS)) {
      if (wanted.test(l)) {
        return l;
      }
    }
    return null;
  }

  /** Sockets close asynchronously: waits (bounded) until those of earlier tests are gone. */
  private static void awaitNoConsumers() {
    awaitNoConsumers(WAIT);
  }

  private static void awaitNoConsumers(Duration atMost) {
    long deadline = System.nanoTime() + atMost.toNanos();
    while (server.app().live().bridge().stats().busConsumers() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Test
  void listening_outside_ones_scope_is_refused_and_hears_nothing() {
    String token = token(Role.INSPECTOR, "510104");
    try (BridgeClient wall = connect(token)) {
      for (String address : List.of("gw.cell.510105", "gw.cell.510105001001", "gw.city", "gw.user.1", "gw.cell.51010",
          "gw.cell.510104x", "vertx.anything", "gw.cell.5101")) {
        wall.register(address);
        JsonObject answer = wall.next(f -> true, WAIT);
        assertThat(answer).as(address).isEqualTo(new JsonObject().put("type", "err").put("body", "rejected"));
      }
      registerAll(wall, "gw.cell.510104");
      long outside = file("510105001001");
      long inside = file("510104001001");
      List<JsonObject> got = new ArrayList<>();
      JsonObject f;
      while ((f = wall.next(x -> true, WAIT)) != null) {
        got.add(f);
        if (eventOf(f, inside)) {
          break;
        }
      }
      assertThat(got).anyMatch(x -> eventOf(x, inside)).noneMatch(x -> eventOf(x, outside));
    }
  }

  @Test
  void a_user_hears_what_is_addressed_to_them_on_their_own_address_only() {
    Login meLogin = login(Role.INSPECTOR, "510104");
    Login otherLogin = login(Role.INSPECTOR, "510104");
    String token = meLogin.token();
    String otherToken = otherLogin.token();
    User me = meLogin.user();
    User other = otherLogin.user();
    long caseId = file("510105001001");
    try (BridgeClient mine = connect(token); BridgeClient theirs = connect(otherToken)) {
      mine.register(LiveAddresses.user(other.id()));
      assertThat(mine.next(x -> true, WAIT)).isEqualTo(new JsonObject().put("type", "err").put("body", "rejected"));
      registerAll(mine, LiveAddresses.user(me.id()));
      registerAll(theirs, LiveAddresses.user(other.id()));
      // Outside the inspector's district, but addressed to them (say, dispatched to them).
      long seq = new OutboxWriter(server.app().pool()).commit(caseId, "510105001001", List.of(me.id()), 1, 0)
          .await().get(0);
      JsonObject f = mine.next(BridgeClient::isEvent, WAIT);
      assertThat(f).isNotNull();
      assertThat(f.getString("address")).isEqualTo(LiveAddresses.user(me.id()));
      assertThat(f.getJsonObject("body").getLong("seq")).isEqualTo(seq);
      // The replay without a cell includes it too: it is addressed to the caller.
      JsonArray replay = TestServer.json(server.withToken(token).get("/api/events?after=" + (seq - 1)))
          .getJsonArray("events");
      assertThat(replay.stream().map(e -> ((JsonObject) e).getLong("seq"))).containsExactly(seq);
      assertThat(theirs.drain(QUIET)).noneMatch(BridgeClient::isEvent);
    }
  }

  // ---- admission ----

  @Test
  void an_unauthenticated_socket_is_refused_at_the_upgrade_and_gets_nothing() {
    assertThat(BridgeClient.upgradeStatus(clients, BridgeClient.options(port, null))).isEqualTo(401);
    assertThat(BridgeClient.upgradeStatus(clients, BridgeClient.options(port, "not-a-token"))).isEqualTo(401);
    assertThat(BridgeClient.upgradeStatus(clients, BridgeClient.options(port, null)
        .putHeader("Cookie", "GW_SESSION=forged"))).isEqualTo(401);
    HttpResponse<String> info = server.get(LiveBridge.PATH + "/info");
    assertThat(info.statusCode()).isEqualTo(401);
    assertThat(info.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    // The SockJS transports too.
    assertThat(server.get(LiveBridge.PATH + "/123/abcdef/xhr").statusCode()).isEqualTo(401);
    // A logged-in role that may not read cases (administrators) gets no socket either.
    assertThat(BridgeClient.upgradeStatus(clients, BridgeClient.options(port, token(Role.ADMIN, null))))
        .isEqualTo(403);
    // The cookie works like the bearer token (it is what browsers send).
    String token = token(Role.SUPERVISOR, null);
    assertThat(BridgeClient.upgradeStatus(clients, BridgeClient.options(port, null)
        .putHeader("Cookie", "GW_SESSION=" + token))).isEqualTo(101);
    assertThat(server.withToken(token).get(LiveBridge.PATH + "/info").statusCode()).isEqualTo(200);
  }

  @Test
  void a_page_from_another_origin_is_refused_and_the_own_or_a_configured_origin_is_let_in() {
    String token = token(Role.SUPERVISOR, null);
    WebSocketConnectOptions evil = BridgeClient.options(port, token).putHeader("Origin", "https://evil.example");
    assertThat(BridgeClient.upgradeStatus(clients, evil)).isEqualTo(403);
    WebSocketConnectOptions otherPort = BridgeClient.options(port, token)
        .putHeader("Origin", "http://127.0.0.1:" + (port + 1));
    assertThat(BridgeClient.upgradeStatus(clients, otherPort)).isEqualTo(403);
    assertThat(BridgeClient.upgradeStatus(clients, BridgeClient.options(port, token).putHeader("Origin", "null")))
        .isEqualTo(403);
    // Refused before the session is even looked at: the cookie of a cross-site page gains nothing.
    assertThat(BridgeClient.upgradeStatus(clients, BridgeClient.options(port, null)
        .putHeader("Origin", "https://evil.example"))).isEqualTo(403);

    WebSocketConnectOptions own = BridgeClient.options(port, token).putHeader("Origin", "http://127.0.0.1:" + port);
    assertThat(BridgeClient.upgradeStatus(clients, own)).isEqualTo(101);
    WebSocketConnectOptions configured = BridgeClient.options(port, token).putHeader("Origin", WALL_ORIGIN);
    assertThat(BridgeClient.upgradeStatus(clients, configured)).isEqualTo(101);
    // Non-browser clients send no Origin.
    WebSocketConnectOptions none = BridgeClient.options(port, token).setAllowOriginHeader(false);
    assertThat(BridgeClient.upgradeStatus(clients, none)).isEqualTo(101);
  }

  @Test
  void inbound_send_and_publish_are_refused_and_reach_no_one() {
    AtomicInteger reached = new AtomicInteger();
    var spy = server.app().vertx().eventBus().consumer("gw.cell.510104", m -> reached.incrementAndGet());
    var spy2 = server.app().vertx().eventBus().consumer("anything", m -> reached.incrementAndGet());
    spy.completion().await();
    spy2.completion().await();
    try (BridgeClient c = connect(token(Role.SUPERVISOR, null))) {
      for (JsonObject frame : List.of(
          new JsonObject().put("type", "send").put("address", "gw.cell.510104").put("body", new JsonObject()),
          new JsonObject().put("type", "publish").put("address", "gw.cell.510104").put("body", new JsonObject()),
          new JsonObject().put("type", "send").put("address", "anything").put("body", "hello")
              .put("replyAddress", "r1"),
          new JsonObject().put("type", "publish").put("address", "anything").put("body", "hello"))) {
        c.send(frame);
        assertThat(c.next(x -> true, WAIT)).as(frame.encode())
            .isEqualTo(new JsonObject().put("type", "err").put("body", "rejected"));
      }
      assertThat(reached.get()).isZero();
    } finally {
      spy.unregister().await();
      spy2.unregister().await();
    }
  }

  // ---- replay and relay ----

  @Test
  void the_replay_after_a_gap_returns_exactly_the_missed_events() {
    String wallToken = token(Role.SUPERVISOR, null);
    long seen;
    try (BridgeClient wall = connect(wallToken)) {
      registerAll(wall, "gw.cell.510104");
      long a = file("510104001001");
      JsonObject f = wall.next(x -> eventOf(x, a), WAIT);
      assertThat(f).isNotNull();
      seen = f.getJsonObject("body").getLong("seq");
    }
    // While the wall is away:
    long b = file("510104001001");
    long elsewhere = file("510105001001");
    long c = file("510104001002");
    List<Long> missed = new ArrayList<>(seqsOf(b));
    missed.addAll(seqsOf(c));

    JsonObject page = TestServer.json(server.withToken(wallToken).get("/api/events?after=" + seen + "&cell=510104"));
    assertThat(page.getJsonArray("events").stream().map(e -> ((JsonObject) e).getLong("seq"))).containsExactlyElementsOf(missed);
    assertThat(page.getBoolean("more")).isFalse();
    JsonObject first = page.getJsonArray("events").getJsonObject(0);
    assertThat(first.getString("type")).isEqualTo("case.received");
    assertThat(first.getJsonObject("data").getLong("caseId")).isEqualTo(b);
    assertThat(first.encode()).doesNotContain("13900001111");

    // Paged.
    JsonObject one = TestServer.json(server.withToken(wallToken).get("/api/events?after=" + seen + "&cell=510104&limit=1"));
    assertThat(one.getJsonArray("events").stream().map(e -> ((JsonObject) e).getLong("seq"))).containsExactly(missed.get(0));
    assertThat(one.getBoolean("more")).isTrue();
    // City-wide without a cell: everything, the other district included.
    List<Long> all = new ArrayList<>(missed);
    all.addAll(seqsOf(elsewhere));
    JsonObject city = TestServer.json(server.withToken(wallToken).get("/api/events?after=" + seen + "&limit=1000"));
    assertThat(city.getJsonArray("events").stream().map(e -> ((JsonObject) e).getLong("seq"))).containsAll(all);
    // A district inspector without a cell: their district only.
    String inspector = token(Role.INSPECTOR, "510104");
    JsonObject scoped = TestServer.json(server.withToken(inspector).get("/api/events?after=" + seen + "&limit=1000"));
    assertThat(scoped.getJsonArray("events").stream().map(e -> ((JsonObject) e).getString("cellCode")))
        .allMatch(code -> code.startsWith("510104"));
    assertThat(scoped.getJsonArray("events").stream().map(e -> ((JsonObject) e).getLong("seq"))).containsAll(missed)
        .doesNotContainAnyElementsOf(seqsOf(elsewhere));
    // Outside the scope: refused, not silently empty.
    HttpResponse<String> outside = server.withToken(inspector).get("/api/events?after=0&cell=510105");
    assertThat(outside.statusCode()).isEqualTo(403);
    assertThat(TestServer.json(outside).getString("type")).endsWith("outside-scope");
    HttpResponse<String> bad = server.withToken(inspector).get("/api/events?after=-1&cell=51&limit=0");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(TestServer.json(bad).getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field")))
        .containsExactlyInAnyOrder("after", "cell", "limit");
    assertThat(server.get("/api/events?after=0").statusCode()).isEqualTo(401);
    assertThat(server.withToken(token(Role.ADMIN, null)).get("/api/events?after=0").statusCode()).isEqualTo(403);
  }

  @Test
  void a_restarted_relay_resumes_where_it_stopped_without_loss_or_duplicates() {
    try (BridgeClient wall = connect(token(Role.SUPERVISOR, null))) {
      registerAll(wall, LiveAddresses.CITY);
      long stoppedAt = server.app().live().stopRelay().await();
      // Committed while no relay runs: the outbox keeps them.
      long a = file("510104001001");
      long b = file("510105001001");
      long c = file("510106001001");
      server.app().live().startRelayAfter(stoppedAt).await();
      long d = file("510104001002");

      List<Long> received = new ArrayList<>();
      JsonObject f;
      while ((f = wall.next(BridgeClient::isEvent, WAIT)) != null) {
        received.add(f.getJsonObject("body").getLong("seq"));
        if (eventOf(f, d)) {
          break;
        }
      }
      received.addAll(wall.drain(QUIET).stream().filter(BridgeClient::isEvent)
          .map(x -> x.getJsonObject("body").getLong("seq")).toList());
      List<Long> expected = new ArrayList<>();
      for (long id : List.of(a, b, c, d)) {
        expected.addAll(seqsOf(id));
      }
      assertThat(received).containsExactlyElementsOf(expected);
      assertThat(expected.get(0)).isEqualTo(stoppedAt + 1);
    }
  }

  @Test
  void an_event_whose_notification_is_lost_is_still_delivered_by_polling() {
    var pool = server.app().pool();
    try (BridgeClient wall = connect(token(Role.SUPERVISOR, null))) {
      registerAll(wall, LiveAddresses.CITY);
      pool.query("ALTER TABLE event_outbox DISABLE TRIGGER event_outbox_notify").execute().await();
      long quiet = file("510104001001");
      assertThat(wall.next(f -> eventOf(f, quiet), WAIT)).isNotNull();
    } finally {
      pool.query("ALTER TABLE event_outbox ENABLE TRIGGER event_outbox_notify").execute().await();
    }
  }

  // ---- slow and ended clients ----

  @Test
  void a_slow_client_gets_a_resync_instead_of_its_backlog_and_the_backlog_stays_bounded() {
    long caseId = file("510104001001");
    int events = 3000;
    String token = token(Role.SUPERVISOR, null);
    // A small receive buffer, so that the kernel does not absorb the backlog on the client's side.
    WebSocketConnectOptions options = BridgeClient.options(port, token);
    Vertx slowVertx = Vertx.vertx();
    try {
      BridgeClient slow = BridgeClient.connect(slowVertx, new WebSocketClientOptions().setReceiveBufferSize(4096),
          options);
      registerAll(slow, LiveAddresses.CITY);
      long resyncsBefore = server.app().live().bridge().stats().resyncs();
      slow.pause();
      List<Long> seqs = new OutboxWriter(server.app().pool()).commit(caseId, "510104001001", List.of(), events, 4096)
          .await();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (server.app().live().bridge().stats().resyncs() == resyncsBefore && System.nanoTime() < deadline) {
        BridgeClient.sleep(Duration.ofMillis(100));
      }
      LiveBridge.Stats stats = server.app().live().bridge().stats();
      assertThat(stats.resyncs()).isGreaterThan(resyncsBefore);
      // Never more than the limit (plus the resync frame itself) waiting on the server.
      assertThat(stats.maxQueued()).isLessThanOrEqualTo(MAX_QUEUED + 1);

      slow.resume();
      List<JsonObject> got = slow.drain(Duration.ofSeconds(3));
      assertThat(got).contains(new JsonObject().put("type", "resync"));
      // No silent loss: events arrive in order, and every gap is announced by one resync (never
      // two in a row: after a resync the socket stays silent until its backlog has drained).
      List<Long> delivered = new ArrayList<>();
      long last = seqs.get(0) - 1;
      boolean announced = false;
      long lastBeforeFirstResync = -1;
      for (JsonObject f : got) {
        if ("resync".equals(f.getString("type"))) {
          assertThat(announced).as("two resyncs without an event between them").isFalse();
          announced = true;
          if (lastBeforeFirstResync < 0) {
            lastBeforeFirstResync = last;
          }
          continue;
        }
        long seq = f.getJsonObject("body").getLong("seq");
        if (!seqs.contains(seq)) {
          continue;
        }
        assertThat(seq == last + 1 || announced).as("event " + seq + " after " + last + " without a resync").isTrue();
        announced = false;
        delivered.add(seq);
        last = seq;
      }
      assertThat(delivered).hasSizeLessThan(events);

      // Its backlog gone, the client hears new events again ...
      long later = file("510104001002");
      assertThat(slow.next(f -> eventOf(f, later), WAIT)).isNotNull();
      // ... and replays what it missed.
      long after = lastBeforeFirstResync;
      List<Long> replayed = new ArrayList<>();
      boolean more = true;
      while (more) {
        JsonObject page = TestServer.json(server.withToken(token).get("/api/events?after=" + after + "&limit=1000"));
        for (Object e : page.getJsonArray("events")) {
          long seq = ((JsonObject) e).getLong("seq");
          if (seqs.contains(seq)) {
            replayed.add(seq);
          }
          after = seq;
        }
        more = page.getBoolean("more");
      }
      assertThat(replayed).containsExactlyElementsOf(seqs.subList((int) (lastBeforeFirstResync - seqs.get(0) + 1),
          events));
      slow.close();
    } finally {
      slowVertx.close().await();
    }
  }

  @Test
  void sockets_reset_by_the_network_leave_nothing_behind() throws Exception {
    String token = token(Role.SUPERVISOR, null);
    awaitNoConsumers();
    int before = server.app().live().bridge().stats().sockets();
    for (int i = 0; i < 10; i++) {
      try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
        s.setSoTimeout(10_000);
        java.io.OutputStream out = s.getOutputStream();
        out.write(("GET " + LiveBridge.PATH + "/websocket HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
            + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nAuthorization: Bearer " + token + "\r\n\r\n")
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        java.io.InputStream in = s.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
          head.append((char) in.read());
        }
        assertThat(head.toString()).startsWith("HTTP/1.1 101");
        // A masked register frame for the city, so that the socket holds a consumer.
        byte[] payload = new JsonObject().put("type", "register").put("address", LiveAddresses.CITY).encode()
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] frame = new byte[6 + payload.length];
        frame[0] = (byte) 0x81;
        frame[1] = (byte) (0x80 | payload.length);
        System.arraycopy(payload, 0, frame, 6, payload.length);
        out.write(frame);
        out.flush();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (server.app().live().bridge().stats().busConsumers() == 0 && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
        assertThat(server.app().live().bridge().stats().busConsumers()).as("the registration took").isPositive();
        // Half a frame, then a TCP reset.
        out.write(new byte[] {(byte) 0x81, (byte) 0xfe, 0x01});
        out.flush();
        s.setSoLinger(true, 0);
      }
    }
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (server.app().live().bridge().stats().sockets() > before && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(server.app().live().bridge().stats().sockets()).as("reset sockets leave the registry").isEqualTo(before);
    awaitNoConsumers(Duration.ofSeconds(30));
    assertThat(server.app().live().bridge().stats().busConsumers()).as("and their consumers retire").isZero();
  }

  @Test
  void logging_out_closes_the_socket() {
    String token = token(Role.SUPERVISOR, null);
    try (BridgeClient wall = connect(token)) {
      registerAll(wall, LiveAddresses.CITY);
      HttpResponse<String> out = server.withToken(token).postJson("/api/auth/logout", "{}");
      assertThat(out.statusCode()).isIn(200, 204);
      JsonObject why = wall.next(f -> "err".equals(f.getString("type")), WAIT);
      assertThat(why).isEqualTo(new JsonObject().put("type", "err").put("body", "session_ended"));
      assertThat(wall.awaitClosed(WAIT)).isTrue();
    }
    assertThat(BridgeClient.upgradeStatus(clients, BridgeClient.options(port, token))).isEqualTo(401);
  }

  @Test
  void moving_a_user_to_another_grid_closes_their_socket() {
    Login login = login(Role.INSPECTOR, "510104");
    String token = login.token();
    User me = login.user();
    try (BridgeClient wall = connect(token)) {
      registerAll(wall, "gw.cell.510104");
      HttpResponse<String> r = server.as(Role.ADMIN).patchJson("/api/users/" + me.id(),
          new JsonObject().put("gridCode", "510105").encode());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      JsonObject why = wall.next(f -> "err".equals(f.getString("type")), WAIT);
      assertThat(why).isNotNull();
      assertThat(why.getString("body")).isIn("session_changed", "session_ended");
      assertThat(wall.awaitClosed(WAIT)).isTrue();
    }
  }
}
