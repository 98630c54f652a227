package io.gridwatch.dispatch.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.auth.Role;
import io.gridwatch.auth.User;
import io.gridwatch.testing.NeedsDatabase;
import io.gridwatch.testing.TestServer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An administrator disabling or moving an inspector through {@code PATCH /api/users/{id}} is
 * heard on the walls: {@code staff.status} events on the old cell (and for a move on the new
 * one), written with the change, read back through {@code GET /api/events}; a refused change
 * announces nothing. Real server, real database, bearer tokens.
 */
@NeedsDatabase
class StaffAccountEventsTest {
  private static final String CELL = "510104001001";
  private static final String OTHER_DISTRICT = "510105";
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.shared();
  }

  private record Person(User user, TestServer.Client phone) {}

  /** An inspector of {@link #CELL}, on duty with a position. */
  private static Person onDutyInspector() {
    User u = server.createUser("acct-" + UUID.randomUUID().toString().substring(0, 8), Role.INSPECTOR, CELL,
        TestServer.PASSWORD);
    TestServer.Client phone = server.withToken(server.newSession(u));
    HttpResponse<String> s = phone.postJson("/api/me/status", "{\"status\":\"AVAILABLE\"}");
    assertThat(s.statusCode()).as(s.body()).isEqualTo(200);
    HttpResponse<String> p = phone.postJson("/api/me/position", "{\"lon\":104.0805,\"lat\":30.657,\"accuracyMeters\":9}");
    assertThat(p.statusCode()).as(p.body()).isEqualTo(204);
    return new Person(u, phone);
  }

  private static HttpResponse<String> patch(long userId, JsonObject change) {
    return server.as(Role.ADMIN).patchJson("/api/users/" + userId, change.encode());
  }

  /** The staff events of {@code userId} on {@code cell} (and the cells inside it), in seq order. */
  private static List<JsonObject> staffEvents(String cell, long userId) {
    HttpResponse<String> r = server.as(Role.OPERATOR).get("/api/events?after=0&limit=1000&cell=" + cell);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return TestServer.json(r).getJsonArray("events").stream().map(JsonObject.class::cast)
        .filter(e -> e.getString("type").startsWith("staff."))
        .filter(e -> e.getJsonObject("data").getLong("userId") == userId).toList();
  }

  private static String rosterStatus(long userId) {
    return server.app().pool().preparedQuery("SELECT status FROM staff_roster WHERE user_id = $1")
        .execute(Tuple.of(userId)).await().iterator().next().getString("status");
  }

  private static boolean listed(long userId) {
    HttpResponse<String> r = server.as(Role.OPERATOR).get("/api/dispatch/staff");
    return TestServer.json(r).getJsonArray("items").stream()
        .anyMatch(i -> ((JsonObject) i).getLong("userId") == userId);
  }

  @Test
  void disabling_an_inspector_takes_them_off_duty_and_off_their_cells_wall() {
    Person p = onDutyInspector();
    long id = p.user().id();
    assertThat(staffEvents(CELL, id)).hasSize(2);

    HttpResponse<String> r = patch(id, new JsonObject().put("disabled", true));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);

    List<JsonObject> events = staffEvents(CELL, id);
    assertThat(events).hasSize(3);
    JsonObject last = events.get(2);
    assertThat(last.getString("type")).isEqualTo("staff.status");
    assertThat(last.getString("cellCode")).isEqualTo(CELL);
    JsonObject data = last.getJsonObject("data");
    assertThat(data.getString("status")).isEqualTo("OFF_DUTY");
    assertThat(data.getString("previousStatus")).isEqualTo("AVAILABLE");
    assertThat(data.getBoolean("removed")).isTrue();
    assertThat(data.getString("reason")).isEqualTo("disabled");
    assertThat(data.getString("username")).isEqualTo(p.user().username());
    assertThat(rosterStatus(id)).isEqualTo("OFF_DUTY");
    assertThat(listed(id)).isFalse();
    // Their phone's session ended with the account.
    assertThat(p.phone().postJson("/api/me/status", "{\"status\":\"AVAILABLE\"}").statusCode()).isEqualTo(401);

    // Enabled again: back on the wall, off duty until they go on duty themselves.
    assertThat(patch(id, new JsonObject().put("disabled", false)).statusCode()).isEqualTo(200);
    JsonObject back = staffEvents(CELL, id).get(3).getJsonObject("data");
    assertThat(back.getBoolean("added")).isTrue();
    assertThat(back.getString("status")).isEqualTo("OFF_DUTY");
    assertThat(listed(id)).isTrue();
  }

  @Test
  void moving_an_inspector_is_heard_on_the_old_cell_and_on_the_new_one() {
    Person p = onDutyInspector();
    long id = p.user().id();
    HttpResponse<String> r = patch(id, new JsonObject().put("gridCode", OTHER_DISTRICT));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);

    List<JsonObject> old = staffEvents(CELL, id);
    assertThat(old).hasSize(3);
    JsonObject leaving = old.get(2);
    assertThat(leaving.getString("cellCode")).isEqualTo(CELL);
    assertThat(leaving.getJsonObject("data").getString("status")).isEqualTo("OFF_DUTY");
    assertThat(leaving.getJsonObject("data").getBoolean("removed")).isTrue();
    assertThat(leaving.getJsonObject("data").getString("reason")).isEqualTo("moved");
    assertThat(leaving.getJsonObject("data").getString("movedTo")).isEqualTo(OTHER_DISTRICT);

    List<JsonObject> arrived = staffEvents(OTHER_DISTRICT, id);
    assertThat(arrived).hasSize(1);
    JsonObject arriving = arrived.get(0);
    assertThat(arriving.getString("cellCode")).isEqualTo(OTHER_DISTRICT);
    assertThat(arriving.getLong("seq")).isEqualTo(leaving.getLong("seq") + 1);
    JsonObject data = arriving.getJsonObject("data");
    assertThat(data.getString("status")).isEqualTo("AVAILABLE");
    assertThat(data.getString("gridCode")).isEqualTo(OTHER_DISTRICT);
    assertThat(data.getString("movedFrom")).isEqualTo(CELL);
    assertThat(data.getValue("removed")).isNull();
    assertThat(data.getJsonObject("position").getDouble("lon")).isEqualTo(104.0805);

    // Still on duty, now staff of the other district.
    assertThat(rosterStatus(id)).isEqualTo("AVAILABLE");
    HttpResponse<String> staff = server.as(Role.OPERATOR).get("/api/dispatch/staff?cell=" + OTHER_DISTRICT);
    assertThat(TestServer.json(staff).getJsonArray("items").stream()
        .anyMatch(i -> ((JsonObject) i).getLong("userId") == id)).isTrue();
  }

  @Test
  void a_refused_change_and_a_change_of_name_announce_nothing() {
    Person p = onDutyInspector();
    long id = p.user().id();
    HttpResponse<String> bad = patch(id, new JsonObject().put("gridCode", "999999").put("disabled", true));
    assertThat(bad.statusCode()).as(bad.body()).isEqualTo(422);
    assertThat(bad.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    assertThat(patch(id, new JsonObject().put("displayName", "改名监察员")).statusCode()).isEqualTo(200);
    assertThat(staffEvents(CELL, id)).hasSize(2);
    assertThat(rosterStatus(id)).isEqualTo("AVAILABLE");
    assertThat(listed(id)).isTrue();
  }
}
