package io.gridwatch.cases;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.auth.Role;
import io.gridwatch.auth.User;
import io.gridwatch.testing.NeedsDatabase;
import io.gridwatch.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The complaint and case API on the shared server with the demo grid. */
@NeedsDatabase
class CaseApiTest {
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.shared();
  }

  static JsonObject complaint() {
    return new JsonObject()
        .put("channel", "HOTLINE").put("category", "WAGE_ARREARS")
        .put("location", new JsonObject().put("lon", 104.0805).put("lat", 30.6570).put("crs", "WGS84"))
        .put("employer", new JsonObject().put("name", "成都某建筑劳务有限公司"))
        .put("workersInvolved", 12).put("amountOwed", "12500.00")
        .put("description", "三个月工资未发")
        .put("complainant", new JsonObject().put("name", "张三丰").put("phone", "13812345678")
            .put("idNumber", "510104199001011234"));
  }

  static HttpResponse<String> file(TestServer.Client client, String key, JsonObject body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(TestServer.shared().uri("/api/complaints"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode()));
    if (key != null) {
      b.header("Idempotency-Key", key);
    }
    return client.send(b);
  }

  private static String key() {
    return UUID.randomUUID().toString();
  }

  private static TestServer.Client scoped(Role role, String grid) {
    User u = server.createUser(role.name().toLowerCase() + "-" + grid + "-" + (System.nanoTime() % 1_000_000), role,
        grid, TestServer.PASSWORD);
    return server.withToken(server.newSession(u));
  }

  @Test
  void filing_with_a_location_resolves_the_deepest_cell_and_the_filer_sees_the_complainant() {
    HttpResponse<String> r = file(server.as(Role.OPERATOR), key(), complaint());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonObject c = TestServer.json(r);
    assertThat(c.getLong("caseId")).isPositive();
    assertThat(c.getString("caseNo")).matches("GW-[0-9]{8}-[0-9]{6}");
    assertThat(c.getString("status")).isEqualTo("RECEIVED");
    assertThat(c.getLong("version")).isEqualTo(1);
    assertThat(c.getString("cellCode")).startsWith("510104").hasSizeGreaterThan(6);
    assertThat(c.getLong("cellVersionId")).isNotNull();
    assertThat(c.getString("amountOwed")).isEqualTo("12500.00");
    assertThat(c.getJsonObject("complainant").getString("phone")).isEqualTo("13812345678");
    assertThat(c.getJsonObject("complainant").getBoolean("masked")).isFalse();
    assertThat(c.getJsonArray("events")).hasSize(1);
    assertThat(c.getJsonArray("events").getJsonObject(0).getString("type")).isEqualTo("received");
    assertThat(server.audit("case.create")).anyMatch(a -> a.getString("object_id").equals(String.valueOf(c.getLong("caseId"))));
  }

  @Test
  void outside_coverage_goes_to_the_unassigned_queue() {
    JsonObject body = complaint().put("location", new JsonObject().put("lon", 116.39).put("lat", 39.91));
    HttpResponse<String> r = file(server.as(Role.OPERATOR), key(), body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonObject c = TestServer.json(r);
    assertThat(c.getString("cellCode")).isNull();
    assertThat(c.getString("unassignedReason")).isEqualTo("outside-coverage");
    JsonObject list = TestServer.json(server.as(Role.SUPERVISOR).get("/api/cases?unassigned=true&limit=500"));
    assertThat(list.getJsonArray("items").stream().map(o -> ((JsonObject) o).getLong("caseId")))
        .contains(c.getLong("caseId"));
    // A scoped user never sees it.
    assertThat(scoped(Role.INSPECTOR, "510104").get("/api/cases/" + c.getLong("caseId")).statusCode()).isEqualTo(404);
  }

  @Test
  void a_retry_with_the_same_key_gives_the_same_case_and_a_different_body_is_422() {
    String key = key();
    HttpResponse<String> first = file(server.as(Role.OPERATOR), key, complaint());
    HttpResponse<String> again = file(server.as(Role.OPERATOR), key, complaint());
    assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
    assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
    assertThat(TestServer.json(again).getLong("caseId")).isEqualTo(TestServer.json(first).getLong("caseId"));
    assertThat(TestServer.json(again).getString("caseNo")).isEqualTo(TestServer.json(first).getString("caseNo"));
    HttpResponse<String> other = file(server.as(Role.OPERATOR), key, complaint().put("workersInvolved", 13));
    assertThat(other.statusCode()).as(other.body()).isEqualTo(422);
    assertThat(TestServer.json(other).getString("type")).endsWith("idempotency-key-reused");
    assertThat(file(server.as(Role.OPERATOR), null, complaint()).statusCode()).isEqualTo(400);
  }

  @Test
  void validation_names_every_bad_field() {
    JsonObject body = complaint().put("channel", "FAX").put("category", "NOPE")
        .put("location", new JsonObject().put("lon", 200).put("lat", 30.6).put("crs", "MARS"))
        .put("employer", new JsonObject().put("name", "某公司").put("creditCode", "91510100MA61234567"))
        .put("workersInvolved", 0).put("amountOwed", "12,500")
        .put("complainant", new JsonObject().put("name", "李四").put("phone", "call me"));
    HttpResponse<String> r = file(server.as(Role.OPERATOR), key(), body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    List<String> fields = new ArrayList<>();
    TestServer.json(r).getJsonArray("errors").forEach(e -> fields.add(((JsonObject) e).getString("field")));
    assertThat(fields).contains("channel", "category", "location.lon", "location.crs",
        "workersInvolved", "amountOwed", "complainant.phone");
    assertThat(r.body()).doesNotContain("call me");
    // The credit code's check character is a domain rule the contract cannot state: the handler
    // checks it once the request fits the contract.
    HttpResponse<String> credit = file(server.as(Role.OPERATOR), key(), complaint()
        .put("employer", new JsonObject().put("name", "某公司").put("creditCode", "91510100MA61234567")));
    assertThat(credit.statusCode()).as(credit.body()).isEqualTo(400);
    assertThat(credit.body()).contains("\"field\":\"employer.creditCode\"");
  }

  @Test
  void another_operator_sees_the_complainant_masked_and_a_clear_read_is_audited() {
    long id = TestServer.json(file(server.as(Role.OPERATOR), key(), complaint())).getLong("caseId");
    TestServer.Client other = scoped(Role.OPERATOR, "510104");
    JsonObject c = TestServer.json(other.get("/api/cases/" + id));
    assertThat(c.getJsonObject("complainant").getString("phone")).isEqualTo("138****5678");
    assertThat(c.getJsonObject("complainant").getString("name")).isEqualTo("张*丰");
    assertThat(c.getJsonObject("complainant").getString("idNumber")).isEqualTo("510104********1234");
    assertThat(c.getJsonObject("complainant").getBoolean("masked")).isTrue();
    JsonObject mine = TestServer.json(server.as(Role.OPERATOR).get("/api/cases/" + id));
    assertThat(mine.getJsonObject("complainant").getString("phone")).isEqualTo("13812345678");
    List<JsonObject> reads = server.audit("case.read-unmasked").stream()
        .filter(a -> a.getString("object_id").equals(String.valueOf(id))).toList();
    assertThat(reads).isNotEmpty();
    assertThat(reads.get(0).encode()).doesNotContain("13812345678");
    // Lists are always masked.
    JsonObject list = TestServer.json(server.as(Role.OPERATOR).get("/api/cases?limit=500"));
    assertThat(list.encode()).doesNotContain("13812345678");
  }

  @Test
  void a_case_outside_the_callers_scope_is_404_and_never_listed_or_counted() {
    long id = TestServer.json(file(server.as(Role.OPERATOR), key(), complaint().putNull("location")
        .put("cellCode", "510105"))).getLong("caseId");
    TestServer.Client jinjiang = scoped(Role.SUPERVISOR, "510104");
    HttpResponse<String> r = jinjiang.get("/api/cases/" + id);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(404);
    HttpResponse<String> missing = jinjiang.get("/api/cases/999999999");
    assertThat(TestServer.json(r).getString("type")).isEqualTo(TestServer.json(missing).getString("type"));
    JsonObject list = TestServer.json(jinjiang.get("/api/cases?limit=500"));
    assertThat(list.getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("cellCode")))
        .allMatch(code -> code != null && code.startsWith("510104"));
    long inScope = server.app().pool().preparedQuery("SELECT count(*) AS n FROM case_file WHERE cell_code LIKE '510104%'")
        .execute().await().iterator().next().getLong("n");
    assertThat(list.getLong("total")).isEqualTo(inScope);
    JsonObject transition = new JsonObject().put("action", "register").put("expectedVersion", 1);
    assertThat(jinjiang.postJson("/api/cases/" + id + "/transitions", transition.encode()).statusCode()).isEqualTo(404);
    // Filing outside one's scope is refused.
    HttpResponse<String> outside = file(scoped(Role.OPERATOR, "510104"), key(),
        complaint().putNull("location").put("cellCode", "510105"));
    assertThat(outside.statusCode()).as(outside.body()).isEqualTo(403);
  }

  @Test
  void register_then_dispatch_to_two_inspectors_and_a_stale_version_is_409() {
    long id = TestServer.json(file(server.as(Role.OPERATOR), key(), complaint())).getLong("caseId");
    long seqBefore = maxSeq();
    HttpResponse<String> reg = server.as(Role.SUPERVISOR).postJson("/api/cases/" + id + "/transitions",
        new JsonObject().put("action", "register").put("expectedVersion", 1).encode());
    assertThat(reg.statusCode()).as(reg.body()).isEqualTo(200);
    assertThat(TestServer.json(reg).getString("status")).isEqualTo("REGISTERED");
    assertThat(TestServer.json(reg).getLong("version")).isEqualTo(2);

    HttpResponse<String> stale = server.as(Role.SUPERVISOR).postJson("/api/cases/" + id + "/transitions",
        new JsonObject().put("action", "decline").put("expectedVersion", 1).put("reason", "dup").encode());
    assertThat(stale.statusCode()).as(stale.body()).isEqualTo(409);
    assertThat(TestServer.json(stale).getString("type")).endsWith("stale-version");

    User i1 = server.createUser("insp-a-" + System.nanoTime() % 1_000_000, Role.INSPECTOR, "510104", TestServer.PASSWORD);
    User i2 = server.createUser("insp-b-" + System.nanoTime() % 1_000_000, Role.INSPECTOR, "510104", TestServer.PASSWORD);
    HttpResponse<String> one = server.as(Role.OPERATOR).postJson("/api/cases/" + id + "/transitions",
        new JsonObject().put("action", "dispatch").put("expectedVersion", 2)
            .put("inspectors", new JsonArray().add(i1.id())).encode());
    assertThat(one.statusCode()).as(one.body()).isEqualTo(422);
    HttpResponse<String> dis = server.as(Role.OPERATOR).postJson("/api/cases/" + id + "/transitions",
        new JsonObject().put("action", "dispatch").put("expectedVersion", 2)
            .put("inspectors", new JsonArray().add(i1.id()).add(i2.id())).encode());
    assertThat(dis.statusCode()).as(dis.body()).isEqualTo(200);
    JsonObject c = TestServer.json(dis);
    assertThat(c.getString("status")).isEqualTo("DISPATCHED");
    assertThat(c.getLong("version")).isEqualTo(3);
    assertThat(c.getJsonArray("assignedInspectors").stream().map(v -> ((Number) v).longValue()))
        .containsExactly(i1.id(), i2.id());
    assertThat(c.getJsonArray("events").stream().map(e -> ((JsonObject) e).getString("type")))
        .containsExactly("received", "registered", "dispatched");

    // An assigned inspector now sees the complainant in clear; a register from DISPATCHED is 409.
    TestServer.Client inspector = server.withToken(server.newSession(i1));
    assertThat(TestServer.json(inspector.get("/api/cases/" + id)).getJsonObject("complainant").getBoolean("masked"))
        .isFalse();
    HttpResponse<String> wrong = server.as(Role.SUPERVISOR).postJson("/api/cases/" + id + "/transitions",
        new JsonObject().put("action", "register").put("expectedVersion", 3).encode());
    assertThat(wrong.statusCode()).as(wrong.body()).isEqualTo(409);
    assertThat(TestServer.json(wrong).getString("type")).endsWith("transition-not-allowed");

    // Outbox: one row per event, seq one apart; the sequence has no gaps system-wide.
    List<Row> rows = new ArrayList<>();
    server.app().pool().preparedQuery("SELECT seq, type, payload FROM event_outbox WHERE case_id = $1 ORDER BY seq")
        .execute(Tuple.of(id)).await().forEach(rows::add);
    assertThat(rows).hasSize(3);
    assertThat(rows.stream().map(r -> r.getString("type")))
        .containsExactly("case.received", "case.registered", "case.dispatched");
    assertThat(rows.get(1).getLong("seq")).isGreaterThan(seqBefore);
    assertThat(rows.stream().map(r -> r.getJsonObject("payload").encode())).noneMatch(p -> p.contains("13812345678"));
    Row all = server.app().pool().query("SELECT count(*) AS n, coalesce(max(seq), 0) AS m, coalesce(min(seq), 1) AS lo"
        + " FROM event_outbox").execute().await().iterator().next();
    assertThat(all.getLong("m") - all.getLong("lo") + 1).isEqualTo(all.getLong("n"));
    assertThat(server.audit("case.dispatch")).anyMatch(a -> a.getString("object_id").equals(String.valueOf(id)));
  }

  @Test
  void an_unknown_cell_is_422_and_a_role_outside_the_workflow_is_403() {
    HttpResponse<String> r = file(server.as(Role.OPERATOR), key(), complaint().putNull("location").put("cellCode", "999999"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
    assertThat(r.body()).contains("cellCode");
    long id = TestServer.json(file(server.as(Role.OPERATOR), key(), complaint())).getLong("caseId");
    HttpResponse<String> t = server.as(Role.INSPECTOR).postJson("/api/cases/" + id + "/transitions",
        new JsonObject().put("action", "register").put("expectedVersion", 1).encode());
    assertThat(t.statusCode()).as(t.body()).isEqualTo(403);
    HttpResponse<String> bad = server.as(Role.SUPERVISOR).postJson("/api/cases/" + id + "/transitions",
        new JsonObject().put("action", "fly").encode());
    assertThat(bad.statusCode()).as(bad.body()).isEqualTo(400);
    assertThat(bad.body()).contains("action").contains("expectedVersion");
  }

  @Test
  void category_attributes_are_checked_against_the_catalogue_and_kept_with_the_case() {
    JsonObject body = complaint().put("attributes", new JsonObject().put("monthsUnpaid", 3)
        .put("projectName", " 天府新区某安置房项目 ").put("construction", true));
    HttpResponse<String> r = file(server.as(Role.OPERATOR), key(), body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonObject c = TestServer.json(r);
    assertThat(c.getJsonObject("attributes")).isEqualTo(new JsonObject().put("construction", true)
        .put("monthsUnpaid", 3).put("projectName", "天府新区某安置房项目"));
    assertThat(c.getString("arrearsWarning")).isEqualTo("RED"); // over two months unpaid

    HttpResponse<String> bad = file(server.as(Role.OPERATOR), key(), complaint().put("attributes", new JsonObject()
        .put("monthsUnpaid", "three").put("youngestAge", 12)));
    assertThat(bad.statusCode()).as(bad.body()).isEqualTo(400);
    assertThat(bad.body()).contains("attributes.monthsUnpaid").contains("attributes.youngestAge");
    HttpResponse<String> child = file(server.as(Role.OPERATOR), key(), complaint().put("category", "CHILD_LABOUR")
        .put("attributes", new JsonObject().put("youngestAge", 19)));
    assertThat(child.statusCode()).as(child.body()).isEqualTo(400);
    assertThat(child.body()).contains("attributes.youngestAge");

    JsonObject catalogue = TestServer.json(server.as(Role.OPERATOR).get("/api/complaints/categories"));
    assertThat(catalogue.getJsonArray("categories").stream().map(o -> ((JsonObject) o).getString("code")))
        .containsExactly("WAGE_ARREARS", "LABOUR_CONTRACT", "SOCIAL_INSURANCE", "WORKING_HOURS", "CHILD_LABOUR",
            "AGENCY_FEES", "OTHER");
  }

  private static long maxSeq() {
    return server.app().pool().query("SELECT last FROM event_seq").execute().await().iterator().next().getLong("last");
  }
}
