package io.gridwatch.employers;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.auth.Role;
import io.gridwatch.auth.User;
import io.gridwatch.geo.model.GridCell;
import io.gridwatch.testing.NeedsDatabase;
import io.gridwatch.testing.Problems;
import io.gridwatch.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Point;

/** The employer registry's read API on the shared server, with employers of its own. */
@NeedsDatabase
class EmployerApiTest {
  private static final Random RNG = new Random();
  private static TestServer server;
  /** In every fixture's name, so that the tests find their own employers and only those. */
  private static String tag;
  private static Employer jinjiangSite;
  private static Employer qingyangShop;
  private static long jinjiangId;
  private static long qingyangId;

  @BeforeAll
  static void registerFixtures() {
    server = TestServer.shared();
    tag = "测试" + UUID.randomUUID().toString().substring(0, 8);
    jinjiangSite = employer("成都" + tag + "建筑劳务有限公司", firstCell("510104"), Industry.CONSTRUCTION,
        IntegrityRating.C, new ConstructionSafeguards(true, false, true));
    qingyangShop = employer("成都" + tag + "餐饮管理有限公司", firstCell("510105"), Industry.CATERING,
        IntegrityRating.A, null);
    int added = server.app().employers().insertNew(List.of(jinjiangSite, qingyangShop)).await();
    assertThat(added).isEqualTo(2);
    JsonArray items = list(server.as(Role.LEADER), "q=" + enc(tag)).getJsonArray("items");
    jinjiangId = idOf(items, jinjiangSite.creditCode());
    qingyangId = idOf(items, qingyangShop.creditCode());
  }

  private static GridCell firstCell(String district) {
    return server.app().grid().snapshot().resolver().cells(3, null).stream()
        .filter(c -> c.code().startsWith(district)).findFirst().orElseThrow();
  }

  static String randomCode(String division) {
    StringBuilder s = new StringBuilder("91").append(division);
    for (int i = 0; i < 9; i++) {
      s.append(CreditCode.CHARSET.charAt(RNG.nextInt(CreditCode.CHARSET.length())));
    }
    return s.append(CreditCode.checkCharacter(s.toString())).toString();
  }

  private static Employer employer(String name, GridCell cell, Industry industry, IntegrityRating rating,
      ConstructionSafeguards safeguards) {
    Point p = cell.geometry().getInteriorPoint();
    return Employer.unsaved(name, randomCode(cell.code().substring(0, 6)), industry, "成都市某区某街道某路1号", p.getX(),
        p.getY(), cell.code(), 42, rating, safeguards);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static JsonObject list(TestServer.Client client, String query) {
    HttpResponse<String> r = client.get("/api/employers?" + query);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return TestServer.json(r);
  }

  private static long idOf(JsonArray items, String creditCode) {
    return items.stream().map(o -> (JsonObject) o).filter(o -> o.getString("creditCode").equals(creditCode))
        .findFirst().orElseThrow().getLong("id");
  }

  private static List<String> codes(JsonObject page) {
    List<String> out = new ArrayList<>();
    page.getJsonArray("items").forEach(o -> out.add(((JsonObject) o).getString("creditCode")));
    return out;
  }

  private static TestServer.Client scoped(Role role, String grid) {
    User u = server.createUser(role.name().toLowerCase() + "-emp-" + UUID.randomUUID().toString().substring(0, 6),
        role, grid, TestServer.PASSWORD);
    return server.withToken(server.newSession(u));
  }

  @Test
  void a_city_wide_reader_finds_employers_by_part_of_the_name_with_every_field() {
    JsonObject page = list(server.as(Role.LEADER), "q=" + enc(tag));
    assertThat(page.getLong("total")).isEqualTo(2);
    assertThat(codes(page)).containsExactly(jinjiangSite.creditCode(), qingyangShop.creditCode());
    JsonObject site = page.getJsonArray("items").getJsonObject(0);
    assertThat(site.getString("name")).isEqualTo(jinjiangSite.name());
    assertThat(site.getString("industry")).isEqualTo("CONSTRUCTION");
    assertThat(site.getString("industryName")).isEqualTo("建筑业");
    assertThat(site.getString("cellCode")).isEqualTo(jinjiangSite.cellCode());
    assertThat(site.getJsonObject("location").getDouble("lon")).isEqualTo(jinjiangSite.lon());
    assertThat(site.getJsonObject("location").getString("crs")).isEqualTo("WGS84");
    assertThat(site.getString("integrityRating")).isEqualTo("C");
    assertThat(site.getInteger("workforce")).isEqualTo(42);
    assertThat(site.getJsonObject("construction")).isEqualTo(new JsonObject().put("wageGuaranteeDeposit", true)
        .put("dedicatedWageAccount", false).put("realNameAttendance", true));
    assertThat(site.getString("createdAt")).isNotBlank();
    assertThat(page.getJsonArray("items").getJsonObject(1).getValue("construction")).isNull();
  }

  @Test
  void a_whole_credit_code_in_any_case_finds_its_employer_and_like_wildcards_are_literal() {
    JsonObject byCode = list(server.as(Role.OPERATOR), "q=" + qingyangShop.creditCode().toLowerCase());
    assertThat(codes(byCode)).containsExactly(qingyangShop.creditCode());
    assertThat(list(server.as(Role.OPERATOR), "q=" + enc(tag + "%")).getLong("total")).isZero();
    assertThat(list(server.as(Role.OPERATOR), "q=" + enc("%")).getLong("total")).isZero();
    assertThat(list(server.as(Role.OPERATOR), "q=" + enc("_")).getLong("total")).isZero();
  }

  @Test
  void a_cell_narrows_to_the_employers_in_it_and_below() {
    assertThat(codes(list(server.as(Role.SUPERVISOR), "q=" + enc(tag) + "&cell=510105")))
        .containsExactly(qingyangShop.creditCode());
    String street = jinjiangSite.cellCode().substring(0, 9);
    assertThat(codes(list(server.as(Role.SUPERVISOR), "q=" + enc(tag) + "&cell=" + street)))
        .containsExactly(jinjiangSite.creditCode());
    assertThat(list(server.as(Role.SUPERVISOR), "q=" + enc(tag) + "&cell=510106").getLong("total")).isZero();
  }

  @Test
  void industry_and_rating_filter_and_pages_carry_the_total() {
    assertThat(codes(list(server.as(Role.INSPECTOR), "q=" + enc(tag) + "&industry=catering")))
        .containsExactly(qingyangShop.creditCode());
    assertThat(codes(list(server.as(Role.INSPECTOR), "q=" + enc(tag) + "&rating=C")))
        .containsExactly(jinjiangSite.creditCode());
    JsonObject second = list(server.as(Role.ASSISTANT), "q=" + enc(tag) + "&limit=1&offset=1");
    assertThat(codes(second)).containsExactly(qingyangShop.creditCode());
    assertThat(second.getLong("total")).isEqualTo(2);
    JsonObject past = list(server.as(Role.ASSISTANT), "q=" + enc(tag) + "&limit=1&offset=5");
    assertThat(past.getJsonArray("items")).isEmpty();
    assertThat(past.getLong("total")).isEqualTo(2);
  }

  @Test
  void a_scoped_user_sees_only_the_employers_of_their_grid_and_others_are_404() {
    TestServer.Client jinjiang = scoped(Role.INSPECTOR, "510104");
    JsonObject page = list(jinjiang, "q=" + enc(tag));
    assertThat(codes(page)).containsExactly(jinjiangSite.creditCode());
    assertThat(page.getLong("total")).isEqualTo(1);
    HttpResponse<String> own = jinjiang.get("/api/employers/" + jinjiangId);
    assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
    assertThat(TestServer.json(own).getString("creditCode")).isEqualTo(jinjiangSite.creditCode());
    HttpResponse<String> other = jinjiang.get("/api/employers/" + qingyangId);
    Problems.assertProblem(other, 404);
    assertThat(TestServer.json(other).getString("type")).endsWith("employer-not-found");
    // The same answer as for an employer that does not exist.
    HttpResponse<String> missing = jinjiang.get("/api/employers/" + (Long.MAX_VALUE - 1));
    Problems.assertProblem(missing, 404);
    assertThat(TestServer.json(missing).getString("detail")).doesNotContain(jinjiangSite.name());
    // A scoped list never counts what it cannot show.
    assertThat(list(scoped(Role.ASSISTANT, "510105"), "q=" + enc(tag) + "&cell=510104").getLong("total")).isZero();
  }

  @Test
  void every_bad_parameter_is_named_at_once() {
    HttpResponse<String> r = server.as(Role.LEADER).get("/api/employers?cell=51x&limit=0&offset=-1&industry=MINING"
        + "&rating=D&q=" + enc("x".repeat(101)));
    Problems.assertField(r, "cell");
    List<String> fields = new ArrayList<>();
    TestServer.json(r).getJsonArray("errors").forEach(e -> fields.add(((JsonObject) e).getString("field")));
    assertThat(fields).contains("cell", "limit", "offset", "industry", "rating", "q");
    Problems.assertProblem(server.as(Role.LEADER).get("/api/employers/abc"), 400);
  }

  @Test
  void administrators_and_anonymous_callers_are_refused() {
    Problems.assertProblem(server.as(Role.ADMIN).get("/api/employers"), 403);
    Problems.assertProblem(server.as(Role.ADMIN).get("/api/employers/" + jinjiangId), 403);
    Problems.assertProblem(server.get("/api/employers"), 401);
  }

  @Test
  void registering_a_known_credit_code_again_adds_nothing_and_changes_nothing() {
    Employer renamed = Employer.unsaved("成都" + tag + "另一家有限公司", jinjiangSite.creditCode(), Industry.RETAIL,
        "别处", 104.0, 30.6, jinjiangSite.cellCode(), 1, IntegrityRating.A, null);
    assertThat(server.app().employers().insertNew(List.of(renamed)).await()).isZero();
    JsonObject stored = TestServer.json(server.as(Role.LEADER).get("/api/employers/" + jinjiangId));
    assertThat(stored.getString("name")).isEqualTo(jinjiangSite.name());
  }

  @Test
  void the_database_checks_credit_codes_with_the_same_rule_as_the_api() {
    List<String> samples = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      String valid = randomCode(i % 2 == 0 ? "510104" : "520502");
      samples.add(valid);
      // Every other character at position 18 is wrong.
      char wrong = CreditCode.CHARSET.charAt((CreditCode.CHARSET.indexOf(valid.charAt(17)) + 1 + RNG.nextInt(30)) % 31);
      samples.add(valid.substring(0, 17) + wrong);
    }
    samples.addAll(List.of("91510104MA61XXXXX", "91510104MA61XXXXXXX", "9151O104MA61XXXXXX", "91510104MI61XXXXXX",
        "915101A4MA6100000X", ""));
    for (String code : samples) {
      Boolean sql = server.app().pool().preparedQuery("SELECT credit_code_is_valid($1) AS ok").execute(Tuple.of(code))
          .await().iterator().next().getBoolean("ok");
      assertThat(sql).as(code).isEqualTo(CreditCode.isValid(code));
    }
    String bad = jinjiangSite.creditCode().substring(0, 17)
        + CreditCode.CHARSET.charAt((CreditCode.CHARSET.indexOf(jinjiangSite.creditCode().charAt(17)) + 1) % 31);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> server.app().pool().preparedQuery(
            "INSERT INTO employer (name, credit_code, industry, address, lon, lat, cell_code, workforce, integrity_rating)"
                + " VALUES ('x', $1, 'RETAIL', 'y', 104, 30, '510104001001', 1, 'A')").execute(Tuple.of(bad)).await())
        .hasMessageContaining("employer_credit_code_check");
  }
}
