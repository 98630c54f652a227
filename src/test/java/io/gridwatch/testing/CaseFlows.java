package io.gridwatch.testing;

import io.gridwatch.auth.Role;
import io.gridwatch.auth.User;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

/**
 * Cases made and moved through the HTTP API, as a client would, for tests outside the case
 * package (figures, the wall). Every call checks its status and fails the test with the body.
 */
public final class CaseFlows {
  private final TestServer server;
  private User inspectorA;
  private User inspectorB;

  public CaseFlows(TestServer server) {
    this.server = server;
  }

  /** A complaint body at {@code lon, lat} (WGS84) with {@code workers} workers. */
  public static JsonObject complaint(double lon, double lat, int workers) {
    return new JsonObject()
        .put("channel", "HOTLINE").put("category", "WAGE_ARREARS")
        .put("location", new JsonObject().put("lon", lon).put("lat", lat).put("crs", "WGS84"))
        .put("employer", new JsonObject().put("name", "成都某建筑劳务有限公司"))
        .put("workersInvolved", workers).put("amountOwed", "12500.00")
        .put("description", "三个月工资未发")
        .put("complainant", new JsonObject().put("name", "张三丰").put("phone", "13812345678"));
  }

  /** Files {@code body} as the test operator; the created case. */
  public JsonObject file(JsonObject body) {
    HttpResponse<String> r = server.as(Role.OPERATOR).send(HttpRequest.newBuilder(server.uri("/api/complaints"))
        .header("Content-Type", "application/json").header("Idempotency-Key", UUID.randomUUID().toString())
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())));
    return ok(r, 201);
  }

  /** Takes {@code action} on the case as {@code client}, at the case's current version; the updated case. */
  public JsonObject act(TestServer.Client client, JsonObject c, String action, JsonObject extra) {
    JsonObject body = new JsonObject().put("action", action).put("expectedVersion", c.getLong("version"));
    if (extra != null) {
      body.mergeIn(extra);
    }
    return ok(client.postJson("/api/cases/" + c.getLong("caseId") + "/transitions", body.encode()), 200);
  }

  /** Registers the case (as the test supervisor). */
  public JsonObject register(JsonObject c) {
    return act(server.as(Role.SUPERVISOR), c, "register", null);
  }

  /**
   * Takes a received case through the whole workflow to CLOSED: register, dispatch to two
   * inspectors, both accept, arrive, investigate, resolve with the outcome given, verify, close.
   */
  public JsonObject close(JsonObject c, String wagesRecovered, int workersHelped) {
    TestServer.Client a = server.withToken(server.newSession(inspectorA()));
    TestServer.Client b = server.withToken(server.newSession(inspectorB()));
    JsonObject s = register(c);
    s = act(server.as(Role.OPERATOR), s, "dispatch",
        new JsonObject().put("inspectors", new JsonArray().add(inspectorA().id()).add(inspectorB().id())));
    s = act(a, s, "accept", null);
    s = act(b, s, "accept", null);
    s = act(b, s, "arrive", null);
    s = act(a, s, "investigate", null);
    s = act(a, s, "resolve", new JsonObject().put("outcome", new JsonObject().put("wagesRecovered", wagesRecovered)
        .put("workersHelped", workersHelped).put("action", "ORDER_TO_RECTIFY")));
    s = act(server.as(Role.SUPERVISOR), s, "verify", new JsonObject().put("passed", true));
    return act(server.as(Role.SUPERVISOR), s, "close", null);
  }

  private synchronized User inspectorA() {
    if (inspectorA == null) {
      inspectorA = server.createUser("flow-inspector-a-" + UUID.randomUUID().toString().substring(0, 8),
          Role.INSPECTOR, null, TestServer.PASSWORD);
    }
    return inspectorA;
  }

  private synchronized User inspectorB() {
    if (inspectorB == null) {
      inspectorB = server.createUser("flow-inspector-b-" + UUID.randomUUID().toString().substring(0, 8),
          Role.INSPECTOR, null, TestServer.PASSWORD);
    }
    return inspectorB;
  }

  private static JsonObject ok(HttpResponse<String> r, int status) {
    if (r.statusCode() != status) {
      throw new AssertionError("expected " + status + " but got " + r.statusCode() + ": " + r.body());
    }
    return new JsonObject(r.body());
  }
}
