package io.gridwatch.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.auth.Role;
import io.gridwatch.auth.User;
import io.gridwatch.testing.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The roster's events reach the walls over the real event-bus socket: a district wall hears its
 * inspector go on duty and move ({@code staff.status}, {@code staff.position} on the
 * inspector's cell and every cell above it), and a wall of another district hears nothing.
 */
class StaffEventsOnTheWallTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final Duration QUIET = Duration.ofMillis(700);
  private static TestServer server;
  private static Vertx clients;

  @BeforeAll
  static void start() {
    server = TestServer.shared();
    clients = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    clients.close().await();
  }

  private static User user(Role role, String grid) {
    return server.createUser("wall-" + role.name().toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8),
        role, grid, TestServer.PASSWORD);
  }

  private static BridgeClient wall(String grid, String... addresses) {
    BridgeClient c = BridgeClient.connect(clients, server.app().httpPort(), server.newSession(user(Role.SUPERVISOR, grid)));
    for (String a : addresses) {
      c.register(a);
    }
    // A refused registration is answered with an error: once it is, everything before is in place.
    c.register("gw.barrier");
    assertThat(c.next(f -> "err".equals(f.getString("type")), WAIT)).isNotNull();
    return c;
  }

  private static boolean staffEventOf(JsonObject frame, long userId) {
    return BridgeClient.isEvent(frame) && frame.getJsonObject("body").getString("type").startsWith("staff.")
        && frame.getJsonObject("body").getJsonObject("data").getLong("userId") == userId;
  }

  @Test
  void a_district_wall_hears_its_inspector_go_on_duty_and_move_and_another_district_does_not() {
    User inspector = user(Role.INSPECTOR, "510104001001");
    TestServer.Client phone = server.withToken(server.newSession(inspector));
    try (BridgeClient ours = wall("510104", "gw.cell.510104", "gw.cell.510104001001");
        BridgeClient theirs = wall("510105", "gw.cell.510105")) {
      HttpResponse<String> s = phone.postJson("/api/me/status", "{\"status\":\"AVAILABLE\"}");
      assertThat(s.statusCode()).as(s.body()).isEqualTo(200);
      HttpResponse<String> p = phone.postJson("/api/me/position",
          "{\"lon\":104.0805,\"lat\":30.657,\"accuracyMeters\":8}");
      assertThat(p.statusCode()).as(p.body()).isEqualTo(204);

      List<JsonObject> got = new ArrayList<>();
      while (got.stream().noneMatch(f -> staffEventOf(f, inspector.id())
          && "staff.position".equals(f.getJsonObject("body").getString("type"))
          && "gw.cell.510104".equals(f.getString("address")))) {
        JsonObject f = ours.next(BridgeClient::isEvent, WAIT);
        assertThat(f).as("the position reaches the district wall").isNotNull();
        got.add(f);
      }
      got.addAll(ours.drain(QUIET));
      List<JsonObject> mine = got.stream().filter(f -> staffEventOf(f, inspector.id())).toList();
      assertThat(mine.stream().map(f -> f.getJsonObject("body").getString("type") + "@" + f.getString("address")))
          .containsExactlyInAnyOrder("staff.status@gw.cell.510104", "staff.status@gw.cell.510104001001",
              "staff.position@gw.cell.510104", "staff.position@gw.cell.510104001001");
      JsonObject position = mine.stream().map(f -> f.getJsonObject("body"))
          .filter(b -> "staff.position".equals(b.getString("type"))).findFirst().orElseThrow();
      assertThat(position.getString("cellCode")).isEqualTo("510104001001");
      assertThat(position.getJsonObject("data").getJsonObject("position").getDouble("lon")).isEqualTo(104.0805);
      assertThat(position.getLong("seq")).isPositive();

      assertThat(theirs.drain(QUIET)).noneMatch(f -> staffEventOf(f, inspector.id()));
    }
  }
}
