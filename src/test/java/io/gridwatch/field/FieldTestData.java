package io.gridwatch.field;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.auth.Role;
import io.gridwatch.auth.User;
import io.gridwatch.testing.CaseFlows;
import io.gridwatch.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * Places, people and cases for the field app's tests, through the HTTP API as the operator's
 * console would. Each scenario gets a level-3 cell of its own (outside 彭州市, where the wall's
 * tests count their queue), so scenarios do not see each other's cases.
 */
final class FieldTestData {
  private final TestServer server;
  private final CaseFlows flows;
  private final List<String> cells = new ArrayList<>();
  private int next;

  /** A place inside a level-3 cell: the cell and a point in it. */
  record Place(String cell, double lon, double lat) {
    /** A point {@code metres} north of this place. */
    double[] north(double metres) {
      return new double[] {lon, lat + metres / 111_195.0};
    }
  }

  /** A user and a client with a session of its own. */
  record Person(User user, String username, TestServer.Client client) {
    long id() {
      return user.id();
    }
  }

  FieldTestData(TestServer server) {
    this.server = server;
    this.flows = new CaseFlows(server);
    HttpResponse<String> r = server.as(Role.OPERATOR).get("/api/grid/cells?level=3");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    TestServer.json(r).getJsonArray("features").forEach(f -> {
      String code = ((JsonObject) f).getJsonObject("properties").getString("code");
      if (!code.startsWith("510182") && !code.startsWith("510104")) {
        cells.add(code);
      }
    });
    assertThat(cells).hasSizeGreaterThan(20);
  }

  synchronized Place freshPlace() {
    var resolver = server.app().grid().snapshot().resolver();
    while (true) {
      String code = cells.get((next++ * 11 + 3) % cells.size());
      var point = resolver.cell(code).orElseThrow().geometry().getInteriorPoint();
      var r = resolver.resolve(point.getX(), point.getY());
      if (r.isPresent() && r.get().deepest().code().equals(code)) {
        return new Place(code, point.getX(), point.getY());
      }
    }
  }

  Person person(Role role, String grid) {
    String name = "field-" + role.name().toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8);
    User u = server.createUser(name, role, grid, TestServer.PASSWORD);
    return new Person(u, name, server.withToken(server.newSession(u)));
  }

  /** A complaint filed at place and registered: a case ready to be dispatched. */
  JsonObject registeredCase(Place place) {
    JsonObject c = flows.file(CaseFlows.complaint(place.lon(), place.lat(), 14));
    assertThat(c.getString("cellCode")).isEqualTo(place.cell());
    return flows.register(c);
  }

  /** POST transitions as the test operator; the HTTP response. */
  HttpResponse<String> operatorAct(JsonObject c, String action, JsonObject extra) {
    JsonObject body = new JsonObject().put("action", action).put("expectedVersion", c.getLong("version"));
    if (extra != null) {
      body.mergeIn(extra);
    }
    return server.as(Role.OPERATOR).postJson("/api/cases/" + c.getLong("caseId") + "/transitions", body.encode());
  }

  /** The operator dispatches c to the people given; the dispatched case. */
  JsonObject dispatch(JsonObject c, Person... team) {
    JsonArray ids = new JsonArray();
    for (Person p : team) {
      ids.add(p.id());
    }
    HttpResponse<String> r = operatorAct(c, "dispatch", new JsonObject().put("inspectors", ids));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body());
  }

  /** The case as the supervisor sees it now (with events, arrivals, acceptedBy). */
  JsonObject load(long caseId) {
    HttpResponse<String> r = server.as(Role.SUPERVISOR).get("/api/cases/" + caseId);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body());
  }

  /** The roster entry of person as the operator's staff list shows it, or null. */
  JsonObject staff(Place place, Person person) {
    HttpResponse<String> r = server.as(Role.OPERATOR).get("/api/dispatch/staff?cell=" + place.cell());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return TestServer.json(r).getJsonArray("items").stream().map(o -> (JsonObject) o)
        .filter(o -> o.getLong("userId") == person.id()).findFirst().orElse(null);
  }

  /** The events of case c of type {@code type} made by person, in the case's order. */
  static List<JsonObject> eventsBy(JsonObject c, String type, Person person) {
    List<JsonObject> out = new ArrayList<>();
    c.getJsonArray("events").forEach(o -> {
      JsonObject e = (JsonObject) o;
      Long actor = e.getJsonObject("actor").getLong("userId");
      if (type.equals(e.getString("type")) && actor != null && actor == person.id()) {
        out.add(e);
      }
    });
    return out;
  }

  /** Waits up to ms for condition, polling every 100 ms; fails with message. */
  static void await(String message, long ms, BooleanSupplier condition) {
    long end = System.nanoTime() + ms * 1_000_000;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out after " + ms + " ms: " + message);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
