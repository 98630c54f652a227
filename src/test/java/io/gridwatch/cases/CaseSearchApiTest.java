package io.gridwatch.cases;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.auth.Role;
import io.gridwatch.auth.User;
import io.gridwatch.employers.CreditCode;
import io.gridwatch.testing.NeedsDatabase;
import io.gridwatch.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Finding cases: list filters, sorting and paging, related-complaint suggestions and merging
 * (workers add up). Each test works with employers of its own, so other tests' cases on the
 * shared server do not disturb it.
 */
@NeedsDatabase
class CaseSearchApiTest {
  private static TestServer server;
  private static final Random RANDOM = new Random();

  @BeforeAll
  static void start() {
    server = TestServer.shared();
  }

  /** A valid unified social credit code nobody else in the run uses. */
  static String newCreditCode() {
    StringBuilder b = new StringBuilder("91510104");
    String alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    for (int i = 0; i < 9; i++) {
      b.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return b.toString() + CreditCode.checkCharacter(b.toString());
  }

  private static JsonObject complaint(String employer, String creditCode, double lon, double lat) {
    JsonObject e = new JsonObject().put("name", employer);
    if (creditCode != null) {
      e.put("creditCode", creditCode);
    }
    return CaseApiTest.complaint().put("employer", e)
        .put("location", new JsonObject().put("lon", lon).put("lat", lat));
  }

  private static JsonObject file(JsonObject body) {
    HttpResponse<String> r = CaseApiTest.file(server.as(Role.OPERATOR), UUID.randomUUID().toString(), body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return TestServer.json(r);
  }

  private static JsonObject list(TestServer.Client client, String query) {
    HttpResponse<String> r = client.get("/api/cases?" + query);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return TestServer.json(r);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static List<Long> ids(JsonObject page) {
    return page.getJsonArray("items").stream().map(o -> ((JsonObject) o).getLong("caseId")).toList();
  }

  @Test
  void the_list_filters_by_employer_category_channel_text_and_open_and_pages_with_a_total() {
    String employer = "列表测试建材有限公司" + UUID.randomUUID().toString().substring(0, 6);
    JsonObject a = file(complaint(employer, null, 104.0805, 30.6570));
    JsonObject b = file(complaint(employer, null, 104.0810, 30.6575).put("category", "SOCIAL_INSURANCE")
        .put("channel", "ONLINE").put("description", "单位未缴纳养老保险 编号XJ-7"));
    JsonObject c = file(complaint(employer, null, 104.0815, 30.6580));
    TestServer.Client op = server.as(Role.OPERATOR);

    JsonObject all = list(op, "employer=" + enc(employer));
    assertThat(all.getLong("total")).isEqualTo(3);
    assertThat(ids(all)).containsExactly(c.getLong("caseId"), b.getLong("caseId"), a.getLong("caseId"));
    assertThat(ids(list(op, "employer=" + enc(employer) + "&sort=createdAt")))
        .containsExactly(a.getLong("caseId"), b.getLong("caseId"), c.getLong("caseId"));
    assertThat(ids(list(op, "employer=" + enc(employer) + "&category=SOCIAL_INSURANCE"))).containsExactly(b.getLong("caseId"));
    assertThat(ids(list(op, "employer=" + enc(employer) + "&channel=ONLINE"))).containsExactly(b.getLong("caseId"));
    assertThat(ids(list(op, "q=" + enc("XJ-7") + "&employer=" + enc(employer)))).containsExactly(b.getLong("caseId"));
    // LIKE wildcards in the text are literal: "%" matches nothing here.
    assertThat(list(op, "employer=" + enc("%")).getLong("total")).isZero();

    JsonObject page = list(op, "employer=" + enc(employer) + "&limit=2&offset=2");
    assertThat(page.getLong("total")).isEqualTo(3);
    assertThat(ids(page)).containsExactly(a.getLong("caseId"));
    assertThat(list(op, "employer=" + enc(employer) + "&limit=2&offset=10").getLong("total")).isEqualTo(3);

    HttpResponse<String> d = server.as(Role.SUPERVISOR).postJson("/api/cases/" + a.getLong("caseId") + "/transitions",
        new JsonObject().put("action", "decline").put("expectedVersion", 1).put("reason", "不属于劳动保障监察范围").encode());
    assertThat(d.statusCode()).as(d.body()).isEqualTo(200);
    assertThat(ids(list(op, "employer=" + enc(employer) + "&open=true")))
        .containsExactly(c.getLong("caseId"), b.getLong("caseId"));
    assertThat(ids(list(op, "employer=" + enc(employer) + "&open=false"))).containsExactly(a.getLong("caseId"));

    JsonObject item = list(op, "employer=" + enc(employer) + "&sort=nextDue").getJsonArray("items").getJsonObject(0);
    assertThat(item.getJsonObject("nextDeadline").getString("kind")).isNotNull();
    assertThat(item.getJsonObject("location").getDouble("lon")).isBetween(104.0, 104.2);
    assertThat(item.getJsonObject("complainant").getBoolean("masked")).isTrue();
    assertThat(list(op, "employer=" + enc(employer) + "&overdue=true").getLong("total")).isZero();
  }

  @Test
  void bad_filters_are_400_listing_every_one() {
    HttpResponse<String> r = server.as(Role.OPERATOR).get("/api/cases?category=CATS&channel=FAX&sort=random&overdue=maybe&limit=0");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(r.body()).contains("category").contains("channel").contains("sort").contains("overdue").contains("limit");
  }

  @Test
  void the_list_never_shows_cases_outside_the_callers_grid() {
    String employer = "范围测试公司" + UUID.randomUUID().toString().substring(0, 6);
    file(complaint(employer, null, 104.0805, 30.6570)); // 锦江区 510104
    User other = server.createUser("op-510105-" + System.nanoTime() % 1_000_000, Role.OPERATOR, "510105", TestServer.PASSWORD);
    assertThat(list(server.withToken(server.newSession(other)), "employer=" + enc(employer)).getLong("total")).isZero();
    User home = server.createUser("op-510104-" + System.nanoTime() % 1_000_000, Role.OPERATOR, "510104", TestServer.PASSWORD);
    assertThat(list(server.withToken(server.newSession(home)), "employer=" + enc(employer)).getLong("total")).isEqualTo(1);
  }

  @Test
  void complaints_about_one_employer_or_one_spot_are_suggested_as_related_and_a_merge_adds_up_the_workers() {
    String code = newCreditCode();
    JsonObject first = file(complaint("关联测试劳务公司", code, 104.0805, 30.6570).put("workersInvolved", 12));
    // Same employer by credit code, far away: related.
    JsonObject sameEmployer = file(complaint("关联测试劳务公司(二工地)", code, 104.0900, 30.6600).put("workersInvolved", 8));
    // Another employer, same category, ~20 m away: related. ~200 m away: not.
    JsonObject near = file(complaint("旁边的餐馆" + UUID.randomUUID().toString().substring(0, 4), null, 104.08065, 30.65713)
        .put("workersInvolved", 3));
    JsonObject far = file(complaint("远处的餐馆" + UUID.randomUUID().toString().substring(0, 4), null, 104.0825, 30.6570));

    JsonObject read = TestServer.json(server.as(Role.OPERATOR).get("/api/cases/" + first.getLong("caseId")));
    JsonArray related = read.getJsonArray("related");
    List<Long> relatedIds = related.stream().map(o -> ((JsonObject) o).getLong("caseId")).toList();
    assertThat(relatedIds).contains(sameEmployer.getLong("caseId"), near.getLong("caseId"))
        .doesNotContain(far.getLong("caseId"), first.getLong("caseId"));
    assertThat(related.getJsonObject(0).getJsonArray("reasons")).contains("SAME_EMPLOYER");
    JsonObject nearOne = related.stream().map(JsonObject.class::cast)
        .filter(o -> o.getLong("caseId").equals(near.getLong("caseId"))).findFirst().orElseThrow();
    assertThat(nearOne.getDouble("distanceMeters")).isLessThan(50);
    assertThat(nearOne.getJsonArray("reasons")).containsExactly("NEARBY_SAME_CATEGORY");

    // Merge the second site's complaint into the first, then the neighbour: 12 + 8 + 3 workers.
    HttpResponse<String> m1 = server.as(Role.OPERATOR).postJson("/api/cases/" + sameEmployer.getLong("caseId")
        + "/transitions", new JsonObject().put("action", "merge").put("expectedVersion", 1)
        .put("intoCaseId", first.getLong("caseId")).put("reason", "同一用人单位").encode());
    assertThat(m1.statusCode()).as(m1.body()).isEqualTo(200);
    HttpResponse<String> m2 = server.as(Role.OPERATOR).postJson("/api/cases/" + near.getLong("caseId")
        + "/transitions", new JsonObject().put("action", "merge").put("expectedVersion", 1)
        .put("intoCaseId", first.getLong("caseId")).put("reason", "同一工地").encode());
    assertThat(m2.statusCode()).as(m2.body()).isEqualTo(200);
    JsonObject merged = TestServer.json(server.as(Role.OPERATOR).get("/api/cases/" + first.getLong("caseId")));
    assertThat(merged.getInteger("workersInvolved")).isEqualTo(12);
    assertThat(merged.getInteger("totalWorkers")).isEqualTo(23);
    // Merged cases are no longer suggested.
    assertThat(merged.getJsonArray("related").stream().map(o -> ((JsonObject) o).getLong("caseId")))
        .doesNotContain(sameEmployer.getLong("caseId"), near.getLong("caseId"));
    assertThat(server.app().pool().query("SELECT count(*) AS n FROM event_outbox WHERE type = 'case.merge-received' AND case_id = "
        + first.getLong("caseId")).execute().await().iterator().next().getLong("n")).isEqualTo(2);
  }
}
