package io.gridwatch.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.auth.Role;
import io.gridwatch.auth.User;
import io.gridwatch.testing.NeedsDatabase;
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
@NeedsDatabase
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

  @Test
  void moving_an_inspector_to_another_district_drops_them_from_the_old_wall_and_shows_them_on_the_new_one() {
    User inspector = user(Role.INSPECTOR, "510104001001");
    TestServer.Client phone = server.withToken(server.newSession(inspector));
    HttpResponse<String> s = phone.postJson("/api/me/status", "{\"status\":\"EN_ROUTE\"}");
    assertThat(s.statusCode()).as(s.body()).isEqualTo(200);
    try (BridgeClient old = wall("510104", "gw.cell.510104");
        BridgeClient next = wall("510105", "gw.cell.510105");
        BridgeClient city = wall(null, "gw.city")) {
      HttpResponse<String> moved = server.as(Role.ADMIN).patchJson("/api/users/" + inspector.id(),
          "{\"gridCode\":\"510105\"}");
      assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);

      JsonObject gone = old.next(f -> staffEventOf(f, inspector.id()), WAIT);
      assertThat(gone).as("the old district's wall hears the inspector leave").isNotNull();
      JsonObject goneData = gone.getJsonObject("body").getJsonObject("data");
      assertThat(gone.getJsonObject("body").getString("type")).isEqualTo("staff.status");
      assertThat(goneData.getBoolean("removed")).isTrue();
      assertThat(goneData.getString("movedTo")).isEqualTo("510105");

      JsonObject came = next.next(f -> staffEventOf(f, inspector.id()), WAIT);
      assertThat(came).as("the new district's wall hears the inspector arrive").isNotNull();
      JsonObject cameData = came.getJsonObject("body").getJsonObject("data");
      assertThat(cameData.getValue("removed")).isNull();
      assertThat(cameData.getString("status")).isEqualTo("EN_ROUTE");
      assertThat(cameData.getString("gridCode")).isEqualTo("510105");

      // A wall above both hears both, leaving first: it ends with the person in the new district.
      JsonObject first = city.next(f -> staffEventOf(f, inspector.id()), WAIT);
      JsonObject second = city.next(f -> staffEventOf(f, inspector.id()), WAIT);
      assertThat(first).isNotNull();
      assertThat(second).isNotNull();
      assertThat(first.getJsonObject("body").getString("cellCode")).isEqualTo("510104001001");
      assertThat(second.getJsonObject("body").getString("cellCode")).isEqualTo("510105");
      assertThat(second.getJsonObject("body").getLong("seq")).isGreaterThan(first.getJsonObject("body").getLong("seq"));
      // Each district wall heard only its own half.
      assertThat(old.drain(QUIET)).noneMatch(f -> staffEventOf(f, inspector.id()));
      assertThat(next.drain(QUIET)).noneMatch(f -> staffEventOf(f, inspector.id()));
    }
  }
}
