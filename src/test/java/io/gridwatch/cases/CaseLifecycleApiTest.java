package io.gridwatch.cases;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.auth.Role;
import io.gridwatch.auth.User;
import io.gridwatch.testing.NeedsDatabase;
import io.gridwatch.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A case's whole life over HTTP, each step by the role allowed to take it (the walkthrough of
 * docs/api.md): filed, registered, dispatched to two inspectors, accepted, on site,
 * investigated, resolved, sent back by a failed verification, resolved again, verified, closed,
 * followed up with a dissatisfied complainant and reopened; and a wrong dispatch returned.
 */
@NeedsDatabase
class CaseLifecycleApiTest {
  private static TestServer server;
  private static TestServer.Client inspector1;
  private static TestServer.Client inspector2;
  private static User i1;
  private static User i2;

  @BeforeAll
  static void start() {
    server = TestServer.shared();
    i1 = server.createUser("life-i1-" + System.nanoTime() % 1_000_000, Role.INSPECTOR, "510104", TestServer.PASSWORD);
    i2 = server.createUser("life-i2-" + System.nanoTime() % 1_000_000, Role.INSPECTOR, "510104", TestServer.PASSWORD);
    inspector1 = server.withToken(server.newSession(i1));
    inspector2 = server.withToken(server.newSession(i2));
  }

  private static JsonObject step(TestServer.Client who, JsonObject c, String action, JsonObject payload) {
    HttpResponse<String> r = who.postJson("/api/cases/" + c.getLong("caseId") + "/transitions",
        payload.copy().put("action", action).put("expectedVersion", c.getLong("version")).encode());
    assertThat(r.statusCode()).as(action + ": " + r.body()).isEqualTo(200);
    JsonObject next = TestServer.json(r);
    assertThat(next.getLong("version")).as(action).isEqualTo(c.getLong("version") + 1);
    return next;
  }

  private static JsonObject step(TestServer.Client who, JsonObject c, String action) {
    return step(who, c, action, new JsonObject());
  }

  private static JsonObject fileOne() {
    HttpResponse<String> r = CaseApiTest.file(server.as(Role.OPERATOR), UUID.randomUUID().toString(),
        CaseApiTest.complaint().put("attributes", new JsonObject().put("monthsUnpaid", 2)));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return TestServer.json(r);
  }

  @Test
  void a_case_goes_from_intake_to_closing_and_back_for_rework_each_step_by_its_role() {
    TestServer.Client supervisor = server.as(Role.SUPERVISOR);
    TestServer.Client operator = server.as(Role.OPERATOR);
    JsonObject c = fileOne();
    c = step(supervisor, c, "register");
    c = step(operator, c, "dispatch", new JsonObject().put("inspectors", new JsonArray().add(i1.id()).add(i2.id())));
    c = step(inspector1, c, "accept");
    c = step(inspector2, c, "accept");
    assertThat(c.getJsonArray("acceptedBy").stream().map(v -> ((Number) v).longValue()))
        .containsExactlyInAnyOrder(i1.id(), i2.id());
    c = step(inspector1, c, "arrive");
    assertThat(c.getString("status")).isEqualTo("ON_SITE");
    c = step(inspector1, c, "investigate");
    JsonObject outcome = new JsonObject().put("wagesRecovered", "12500.00").put("workersHelped", 12)
        .put("action", "ORDER_TO_RECTIFY");
    c = step(inspector2, c, "resolve", new JsonObject().put("outcome", outcome));
    assertThat(c.getString("status")).isEqualTo("RESOLVED");
    c = step(supervisor, c, "verify", new JsonObject().put("passed", false).put("reason", "工资尚未全部到账"));
    assertThat(c.getString("status")).isEqualTo("INVESTIGATING");
    assertThat(c.getInteger("reworks")).isEqualTo(1);
    c = step(inspector2, c, "resolve", new JsonObject().put("outcome", outcome));
    c = step(supervisor, c, "verify", new JsonObject().put("passed", true));
    c = step(supervisor, c, "close");
    assertThat(c.getString("status")).isEqualTo("CLOSED");
    assertThat(c.getJsonArray("deadlines").stream().map(d -> ((JsonObject) d).getString("status")))
        .allMatch("MET"::equals);
    assertThat(c.getValue("nextDeadline")).isNull();
    c = step(operator, c, "follow-up", new JsonObject().put("satisfaction", "DISSATISFIED").put("note", "只拿到一半"));
    c = step(supervisor, c, "reopen", new JsonObject().put("reason", "回访不满意，返工"));
    assertThat(c.getString("status")).isEqualTo("INVESTIGATING");

    assertThat(c.getJsonArray("events").stream().map(e -> ((JsonObject) e).getString("type"))).containsExactly(
        "received", "registered", "dispatched", "accepted", "accepted", "arrived", "investigation-started", "resolved",
        "verification-failed", "resolved", "verified", "closed", "followed-up", "reopened");
    long id = c.getLong("caseId");
    for (String action : new String[] {"case.register", "case.dispatch", "case.resolve", "case.verify", "case.close",
        "case.reopen"}) {
      assertThat(server.audit(action)).as(action).anyMatch(a -> a.getString("object_id").equals(String.valueOf(id)));
    }
  }

  @Test
  void an_assistant_may_not_resolve_with_enforcement_and_an_inspector_off_the_team_may_not_act() {
    JsonObject c = step(server.as(Role.SUPERVISOR), fileOne(), "register");
    c = step(server.as(Role.OPERATOR), c, "dispatch", new JsonObject().put("inspectors", new JsonArray().add(i1.id()).add(i2.id())));
    User stranger = server.createUser("life-x-" + System.nanoTime() % 1_000_000, Role.INSPECTOR, "510104", TestServer.PASSWORD);
    HttpResponse<String> r = server.withToken(server.newSession(stranger)).postJson("/api/cases/" + c.getLong("caseId")
        + "/transitions", new JsonObject().put("action", "accept").put("expectedVersion", c.getLong("version")).encode());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
    c = step(inspector1, c, "arrive");
    c = step(inspector2, c, "accept"); // both inspectors accept before the investigation
    c = step(inspector1, c, "investigate");
    HttpResponse<String> assistant = server.as(Role.ASSISTANT).postJson("/api/cases/" + c.getLong("caseId")
        + "/transitions", new JsonObject().put("action", "resolve").put("expectedVersion", c.getLong("version"))
        .put("outcome", new JsonObject().put("wagesRecovered", "0").put("workersHelped", 0).put("action", "PENALTY"))
        .encode());
    assertThat(assistant.statusCode()).as(assistant.body()).isEqualTo(403);
  }

  @Test
  void a_wrong_dispatch_is_returned_and_dispatched_again() {
    JsonObject c = step(server.as(Role.SUPERVISOR), fileOne(), "register");
    c = step(server.as(Role.OPERATOR), c, "dispatch", new JsonObject().put("inspectors", new JsonArray().add(i1.id()).add(i2.id())));
    c = step(server.as(Role.OPERATOR), c, "return", new JsonObject().put("reason", "不属本中队辖区"));
    assertThat(c.getString("status")).isEqualTo("REGISTERED");
    // The team hears of its dispatch and of being taken off the case on its own addresses.
    var rows = server.app().pool().preparedQuery("SELECT type, recipients FROM event_outbox WHERE case_id = $1"
        + " ORDER BY seq").execute(io.vertx.sqlclient.Tuple.of(c.getLong("caseId"))).await();
    java.util.Map<String, java.util.List<Long>> to = new java.util.HashMap<>();
    rows.forEach(r -> to.put(r.getString("type"), java.util.Arrays.asList(r.getArrayOfLongs("recipients"))));
    assertThat(to.get("case.received")).isEmpty();
    assertThat(to.get("case.dispatched")).containsExactlyInAnyOrder(i1.id(), i2.id());
    assertThat(to.get("case.returned")).containsExactlyInAnyOrder(i1.id(), i2.id());
    assertThat(c.getJsonArray("assignedInspectors")).isEmpty();
    c = step(server.as(Role.SUPERVISOR), c, "dispatch", new JsonObject().put("inspectors", new JsonArray().add(i2.id()).add(i1.id())));
    assertThat(c.getString("status")).isEqualTo("DISPATCHED");
  }
}
