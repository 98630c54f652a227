package io.gridwatch.open311;

import static io.gridwatch.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.auth.Role;
import io.gridwatch.auth.User;
import io.gridwatch.cases.Complaint;
import io.gridwatch.testing.NeedsDatabase;
import io.gridwatch.testing.Problems;
import io.gridwatch.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Open311 GeoReport v2 on the shared server with the demo grid: clients file and read as the
 * account their api_key is bound to, and never see a complainant's personal data.
 */
@NeedsDatabase
class Open311ApiTest {
  private static final String NAME_FIRST = "三丰";
  private static final String NAME_LAST = "张";
  private static final String PHONE = "13912345678";
  private static TestServer server;
  /** A client bound to an operator of 锦江区 (510104). */
  private static String jinjiangKey;
  /** A client bound to a city-wide operator. */
  private static String cityKey;

  @BeforeAll
  static void start() {
    server = TestServer.shared();
    jinjiangKey = newClient(user(Role.OPERATOR, "510104"), null).getString("apiKey");
    cityKey = newClient(user(Role.OPERATOR, null), null).getString("apiKey");
  }

  private static User user(Role role, String grid) {
    return server.createUser("o311-" + role.name().toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8),
        role, grid, TestServer.PASSWORD);
  }

  private static JsonObject newClient(User user, Integer rate) {
    JsonObject body = new JsonObject().put("name", "test client " + user.username()).put("userId", user.id());
    if (rate != null) {
      body.put("ratePerMinute", rate);
    }
    HttpResponse<String> r = server.as(Role.ADMIN).postJson("/api/open311/clients", body.encode());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return TestServer.json(r);
  }

  /** The spec's example of a filing, for wage arrears in 锦江区. */
  private static Map<String, String> form(String apiKey) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("api_key", apiKey);
    f.put("jurisdiction_id", "gridwatch.example");
    f.put("service_code", "WAGE_ARREARS");
    f.put("lat", "30.6570");
    f.put("long", "104.0805");
    f.put("address_string", "春熙路 1 号工地");
    f.put("email", "zhang@example.com");
    f.put("device_id", "tt222111");
    f.put("first_name", NAME_FIRST);
    f.put("last_name", NAME_LAST);
    f.put("phone", PHONE);
    f.put("description", "工地三个月工资未发\n老板失联");
    f.put("attribute[employer_name]", "成都某建筑劳务有限公司");
    f.put("attribute[workers_involved]", "12");
    f.put("attribute[amount_owed]", "12500.00");
    f.put("attribute[months_unpaid]", "3");
    return f;
  }

  private static String encode(Map<String, String> form) {
    return form.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(),
            StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  private static HttpResponse<String> postForm(Map<String, String> form, String idempotencyKey) {
    HttpRequest.Builder b = HttpRequest.newBuilder(server.uri("/open311/v2/requests.json"))
        .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
        .POST(HttpRequest.BodyPublishers.ofString(encode(form)));
    if (idempotencyKey != null) {
      b.header("Idempotency-Key", idempotencyKey);
    }
    return server.send(b);
  }

  private static HttpResponse<String> postJson(JsonObject body, String idempotencyKey) {
    HttpRequest.Builder b = HttpRequest.newBuilder(server.uri("/open311/v2/requests.json"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode()));
    if (idempotencyKey != null) {
      b.header("Idempotency-Key", idempotencyKey);
    }
    return server.send(b);
  }

  /** Files the example and answers its service_request_id. */
  private static String file(String apiKey) {
    HttpResponse<String> r = postForm(form(apiKey), null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return new JsonArray(r.body()).getJsonObject(0).getString("service_request_id");
  }

  private static HttpResponse<String> get(String pathAndQuery) {
    return server.get(pathAndQuery);
  }

  private static JsonObject request(String apiKey, String id) {
    HttpResponse<String> r = get("/open311/v2/requests/" + id + ".json?api_key=" + apiKey);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonArray a = new JsonArray(r.body());
    assertThat(a).hasSize(1);
    return a.getJsonObject(0);
  }

  private static List<String> ids(HttpResponse<String> listResponse) {
    assertThat(listResponse.statusCode()).as(listResponse.body()).isEqualTo(200);
    List<String> out = new ArrayList<>();
    new JsonArray(listResponse.body()).forEach(o -> out.add(((JsonObject) o).getString("service_request_id")));
    return out;
  }

  private static Row caseRow(String caseNo) {
    return server.app().pool().preparedQuery("SELECT * FROM case_file WHERE case_no = $1").execute(Tuple.of(caseNo))
        .await().iterator().next();
  }

  private static void assertNoPersonalData(String body) {
    assertThat(body).doesNotContain(PHONE).doesNotContain(NAME_LAST + NAME_FIRST).doesNotContain(NAME_FIRST)
        .doesNotContain("zhang@example.com").doesNotContain("138****").doesNotContain("139****");
  }

  // ---- services

  @Test
  void the_services_are_the_complaint_categories_and_public() {
    HttpResponse<String> r = get("/open311/v2/services.json");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    JsonArray services = new JsonArray(r.body());
    assertThat(services.stream().map(s -> ((JsonObject) s).getString("service_code")).toList())
        .containsExactlyElementsOf(Complaint.CATEGORIES);
    JsonObject wages = services.getJsonObject(0);
    assertThat(wages.getString("service_name")).isEqualTo("拖欠工资");
    assertThat(wages.getBoolean("metadata")).isTrue();
    assertThat(wages.getString("type")).isEqualTo("realtime");
    assertThat(wages.getString("group")).isNotBlank();

    HttpResponse<String> d = get("/open311/v2/services/WAGE_ARREARS.json");
    assertThat(d.statusCode()).as(d.body()).isEqualTo(200);
    JsonObject def = TestServer.json(d);
    assertThat(def.getString("service_code")).isEqualTo("WAGE_ARREARS");
    Map<String, JsonObject> attrs = new LinkedHashMap<>();
    def.getJsonArray("attributes").forEach(a -> attrs.put(((JsonObject) a).getString("code"), (JsonObject) a));
    // The complaint's own fields, then the category catalogue's attributes in snake_case.
    assertThat(attrs).containsKeys("employer_name", "employer_credit_code", "amount_owed", "workers_involved",
        "cell_code", "months_unpaid", "project_name", "construction", "contractor_name");
    assertThat(attrs.get("months_unpaid").getString("datatype")).isEqualTo("number");
    assertThat(attrs.get("construction").getString("datatype")).isEqualTo("singlevaluelist");
    assertThat(attrs.get("construction").getJsonArray("values").stream().map(v -> ((JsonObject) v).getString("key")))
        .containsExactly("true", "false");
    assertThat(attrs.get("employer_name").getBoolean("required")).isTrue();
    assertThat(attrs.get("employer_name").getString("datatype")).isEqualTo("string");
    assertThat(attrs.get("amount_owed").getString("datatype")).isEqualTo("number");
    assertThat(attrs.get("amount_owed").getBoolean("required")).isFalse();
    assertThat(attrs.values().stream().map(a -> a.getInteger("order")).toList()).doesNotHaveDuplicates();

    JsonObject discovery = TestServer.json(get("/open311/discovery.json"));
    JsonObject endpoint = discovery.getJsonArray("endpoints").getJsonObject(0);
    assertThat(endpoint.getString("url")).endsWith("/open311/v2");
    assertThat(endpoint.getJsonArray("formats")).containsExactly("application/json");

    JsonObject insurance = TestServer.json(get("/open311/v2/services/SOCIAL_INSURANCE.json"));
    JsonObject insurances = insurance.getJsonArray("attributes").stream().map(a -> (JsonObject) a)
        .filter(a -> a.getString("code").equals("insurances")).findFirst().orElseThrow();
    assertThat(insurances.getString("datatype")).isEqualTo("multivaluelist");
    assertThat(insurances.getJsonArray("values").stream().map(v -> ((JsonObject) v).getString("key")))
        .contains("PENSION", "WORK_INJURY");

    assertProblem(get("/open311/v2/services/PARKING.json"), 404);
    assertProblem(get("/open311/v2/services.xml"), 406);
  }

  // ---- filing

  @Test
  void a_form_encoded_filing_becomes_an_online_case_and_reads_back_without_personal_data() {
    HttpResponse<String> r = postForm(form(jinjiangKey), null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonArray created = new JsonArray(r.body());
    assertThat(created).hasSize(1);
    String id = created.getJsonObject(0).getString("service_request_id");
    assertThat(id).matches("GW-[0-9]{8}-[0-9]{6}");
    assertThat(created.getJsonObject(0).getString("service_notice")).contains(id).contains("锦江区");
    assertThat(created.getJsonObject(0).containsKey("account_id")).isTrue();
    assertThat(r.headers().firstValue("Location")).hasValue("/open311/v2/requests/" + id + ".json");
    assertNoPersonalData(r.body());

    // The case: channel ONLINE, placed in 锦江区, complainant and attributes kept for the inspectors.
    Row c = caseRow(id);
    assertThat(c.getString("channel")).isEqualTo("ONLINE");
    assertThat(c.getString("category")).isEqualTo("WAGE_ARREARS");
    assertThat(c.getString("cell_code")).startsWith("510104");
    assertThat(c.getString("complainant_name")).isEqualTo("张三丰");
    assertThat(c.getString("complainant_phone")).isEqualTo(PHONE);
    assertThat(c.getString("employer_name")).isEqualTo("成都某建筑劳务有限公司");
    assertThat(c.getInteger("workers_involved")).isEqualTo(12);
    assertThat(c.getBigDecimal("amount_owed")).isEqualByComparingTo("12500.00");
    assertThat(c.getString("description")).startsWith("工地三个月工资未发 / 老板失联").contains("春熙路 1 号工地")
        .doesNotContain("zhang@example.com");
    assertThat(c.getJsonObject("attributes").getLong("monthsUnpaid")).isEqualTo(3);
    assertThat(server.audit("case.create")).anyMatch(a -> a.getString("object_id").equals(String.valueOf(c.getLong("id")))
        && a.getJsonObject("detail").getString("idempotencyKey").startsWith("open311:"));

    JsonObject one = request(jinjiangKey, id);
    assertThat(one.getString("service_request_id")).isEqualTo(id);
    assertThat(one.getString("status")).isEqualTo("open");
    assertThat(one.getString("status_notes")).contains("RECEIVED").contains("受理");
    assertThat(one.getString("service_code")).isEqualTo("WAGE_ARREARS");
    assertThat(one.getString("service_name")).isEqualTo("拖欠工资");
    assertThat(one.getString("description")).startsWith("工地三个月工资未发");
    assertThat(one.getString("agency_responsible")).startsWith("锦江区劳动保障监察大队");
    assertThat(one.getString("address")).endsWith("锦江区");
    assertThat(one.getString("requested_datetime")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+08:00");
    assertThat(one.getString("updated_datetime")).isNotNull();
    assertThat(one.getDouble("lat")).isCloseTo(30.6570, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(one.getDouble("long")).isCloseTo(104.0805, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(one.containsKey("media_url")).isTrue();
    assertThat(one.getString("media_url")).isNull();

    HttpResponse<String> list = get("/open311/v2/requests.json?api_key=" + jinjiangKey);
    assertThat(ids(list)).contains(id);
    assertNoPersonalData(list.body());
    assertThat(ids(get("/open311/v2/requests.json?service_code=LABOUR_CONTRACT,CHILD_LABOUR&api_key=" + jinjiangKey)))
        .doesNotContain(id);
    assertThat(ids(get("/open311/v2/requests.json?service_request_id=" + id + ",GW-19990101-000001&service_code=OTHER"
        + "&api_key=" + jinjiangKey))).containsExactly(id);
    assertThat(ids(get("/open311/v2/requests.json?start_date=2020-01-01T00:00:00Z&end_date=2020-02-01T00:00:00Z"
        + "&api_key=" + jinjiangKey))).isEmpty();
  }

  @Test
  void a_json_filing_with_an_idempotency_key_is_filed_once() {
    JsonObject body = new JsonObject().put("api_key", cityKey).put("service_code", "LABOUR_CONTRACT")
        .put("lat", 30.6570).put("long", 104.0805).put("first_name", "Li").put("last_name", "Si")
        .put("phone", "13700001111").put("description", "No written contract after three months")
        .put("attribute", new JsonObject().put("employer_name", "某餐饮管理有限公司").put("workers_involved", 2));
    String key = UUID.randomUUID().toString();
    HttpResponse<String> first = postJson(body, key);
    assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
    String id = new JsonArray(first.body()).getJsonObject(0).getString("service_request_id");
    HttpResponse<String> again = postJson(body, key);
    assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
    assertThat(new JsonArray(again.body()).getJsonObject(0).getString("service_request_id")).isEqualTo(id);
    assertThat(caseRow(id).getString("complainant_name")).isEqualTo("Li Si");
    assertThat(caseRow(id).getInteger("workers_involved")).isEqualTo(2);

    HttpResponse<String> changed = postJson(body.copy().put("description", "Something else"), key);
    assertProblem(changed, 422);
    assertThat(TestServer.json(changed).getString("type")).endsWith("idempotency-key-reused");
    // Without a key each POST is a new request.
    String other = new JsonArray(postJson(body, null).body()).getJsonObject(0).getString("service_request_id");
    assertThat(other).isNotEqualTo(id);
    // attribute[code] keys work in JSON too.
    JsonObject flat = body.copy();
    flat.remove("attribute");
    flat.put("attribute[employer_name]", "某餐饮管理有限公司");
    assertThat(postJson(flat, null).statusCode()).isEqualTo(201);
  }

  @Test
  void missing_and_bad_arguments_are_all_named_in_one_400() {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("api_key", jinjiangKey);
    f.put("service_code", "WAGE_ARREARS");
    f.put("address_string", "春熙路 1 号");
    f.put("attribute[amount_owed]", "12,500");
    f.put("attribute[colour]", "red");
    f.put("attribute[months_unpaid]", "200");
    f.put("nonsense", "1");
    HttpResponse<String> r = postForm(f, null);
    assertProblem(r, 400);
    List<String> fields = new ArrayList<>();
    TestServer.json(r).getJsonArray("errors").forEach(e -> fields.add(((JsonObject) e).getString("field")));
    assertThat(fields).contains("lat", "first_name", "phone", "description", "attribute[employer_name]",
        "attribute[workers_involved]", "attribute[amount_owed]", "attribute[colour]", "attribute[months_unpaid]",
        "nonsense");
    assertThat(r.body()).contains("address");

    // Bad values are named by their Open311 names, and none is echoed.
    Map<String, String> bad = form(jinjiangKey);
    bad.put("lat", "north");
    bad.put("phone", "call me");
    bad.put("attribute[employer_credit_code]", "91510100MA61234567");
    HttpResponse<String> b = postForm(bad, null);
    Problems.assertField(b, "lat");
    Problems.assertField(b, "phone");
    Problems.assertField(b, "attribute[employer_credit_code]");
    assertThat(b.body()).doesNotContain("call me");

    Map<String, String> noCode = form(jinjiangKey);
    noCode.remove("service_code");
    Problems.assertField(postForm(noCode, null), "service_code");
    Map<String, String> unknown = form(jinjiangKey);
    unknown.put("service_code", "POTHOLE");
    assertProblem(postForm(unknown, null), 404);
    HttpResponse<String> xml = server.send(HttpRequest.newBuilder(server.uri("/open311/v2/requests.json"))
        .header("Content-Type", "text/xml").POST(HttpRequest.BodyPublishers.ofString("<x/>")));
    assertThat(xml.statusCode()).isIn(401, 415);
    HttpResponse<String> xmlWithKey = server.send(HttpRequest.newBuilder(
            server.uri("/open311/v2/requests.json?api_key=" + jinjiangKey))
        .header("Content-Type", "text/xml").POST(HttpRequest.BodyPublishers.ofString("<x/>")));
    assertProblem(xmlWithKey, 415);
  }

  @Test
  void a_cell_code_attribute_places_a_filing_without_coordinates() {
    Map<String, String> f = form(cityKey);
    f.remove("lat");
    f.remove("long");
    f.put("attribute[cell_code]", "510105");
    HttpResponse<String> r = postForm(f, null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    String id = new JsonArray(r.body()).getJsonObject(0).getString("service_request_id");
    assertThat(caseRow(id).getString("cell_code")).isEqualTo("510105");
    JsonObject one = request(cityKey, id);
    assertThat(one.getValue("lat")).isNull();
    Map<String, String> unknownCell = form(cityKey);
    unknownCell.remove("lat");
    unknownCell.remove("long");
    unknownCell.put("attribute[cell_code]", "999999");
    HttpResponse<String> u = postForm(unknownCell, null);
    Problems.assertFieldError(u, 422, "attribute[cell_code]");
  }

  @Test
  void category_attributes_are_kept_on_the_case_including_lists() {
    Map<String, String> f = form(jinjiangKey);
    f.put("service_code", "SOCIAL_INSURANCE");
    f.remove("attribute[amount_owed]");
    f.remove("attribute[months_unpaid]");
    f.put("attribute[months_unpaid]", "8");
    String body = encode(f) + "&" + encode(Map.of("attribute[insurances][]", "PENSION")) + "&"
        + encode(Map.of("attribute[insurances][]", "work_injury"));
    HttpResponse<String> r = server.send(HttpRequest.newBuilder(server.uri("/open311/v2/requests.json"))
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonObject attributes = caseRow(new JsonArray(r.body()).getJsonObject(0).getString("service_request_id"))
        .getJsonObject("attributes");
    assertThat(attributes.getLong("monthsUnpaid")).isEqualTo(8);
    assertThat(attributes.getJsonArray("insurances")).containsExactly("PENSION", "WORK_INJURY");

    JsonObject json = new JsonObject().put("api_key", jinjiangKey).put("service_code", "WAGE_ARREARS")
        .put("lat", 30.6570).put("long", 104.0805).put("last_name", "王").put("first_name", "五")
        .put("phone", "13700002222").put("description", "欠薪")
        .put("attribute", new JsonObject().put("employer_name", "某公司").put("workers_involved", 3)
            .put("construction", true).put("project_name", "春熙路改造"));
    HttpResponse<String> j = postJson(json, null);
    assertThat(j.statusCode()).as(j.body()).isEqualTo(201);
    JsonObject kept = caseRow(new JsonArray(j.body()).getJsonObject(0).getString("service_request_id"))
        .getJsonObject("attributes");
    assertThat(kept.getBoolean("construction")).isTrue();
    assertThat(kept.getString("projectName")).isEqualTo("春熙路改造");

    json.getJsonObject("attribute").put("construction", "maybe").put("insurances", "PENSION");
    HttpResponse<String> bad = postJson(json, null);
    Problems.assertField(bad, "attribute[construction]");
    Problems.assertField(bad, "attribute[insurances]");
    Map<String, String> twice = form(jinjiangKey);
    String twiceBody = encode(twice) + "&" + encode(Map.of("attribute[employer_name]", "另一家公司"));
    Problems.assertField(server.send(HttpRequest.newBuilder(server.uri("/open311/v2/requests.json"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(twiceBody))), "attribute[employer_name]");
  }

  // ---- scope

  @Test
  void a_district_client_neither_files_nor_sees_outside_its_district() {
    Map<String, String> f = form(jinjiangKey);
    f.remove("lat");
    f.remove("long");
    f.put("attribute[cell_code]", "510105");
    HttpResponse<String> outside = postForm(f, null);
    assertProblem(outside, 403);
    assertThat(TestServer.json(outside).getString("type")).endsWith("outside-scope");

    String elsewhere = file(cityKey); // in 锦江区, visible to both
    Map<String, String> q = form(cityKey);
    q.remove("lat");
    q.remove("long");
    q.put("attribute[cell_code]", "510105");
    HttpResponse<String> r = postForm(q, null);
    String qingyang = new JsonArray(r.body()).getJsonObject(0).getString("service_request_id");

    HttpResponse<String> hidden = get("/open311/v2/requests/" + qingyang + ".json?api_key=" + jinjiangKey);
    HttpResponse<String> missing = get("/open311/v2/requests/GW-19990101-000001.json?api_key=" + jinjiangKey);
    assertProblem(hidden, 404);
    assertProblem(missing, 404);
    assertThat(TestServer.json(hidden).getString("type")).isEqualTo(TestServer.json(missing).getString("type"));
    assertThat(request(jinjiangKey, elsewhere).getString("service_request_id")).isEqualTo(elsewhere);

    List<String> listed = ids(get("/open311/v2/requests.json?api_key=" + jinjiangKey));
    assertThat(listed).contains(elsewhere).doesNotContain(qingyang);
    for (String id : listed) {
      assertThat(caseRow(id).getString("cell_code")).startsWith("510104");
    }
    assertThat(ids(get("/open311/v2/requests.json?service_request_id=" + qingyang + "&api_key=" + jinjiangKey)))
        .isEmpty();
    assertThat(ids(get("/open311/v2/requests.json?api_key=" + cityKey))).contains(qingyang, elsewhere);
  }

  // ---- status

  @Test
  void closed_open_and_the_gridwatch_status_follow_the_case_workflow() {
    String declined = file(jinjiangKey);
    String registered = file(jinjiangKey);
    transition(declined, new JsonObject().put("action", "decline").put("expectedVersion", 1)
        .put("reason", "not a labour matter"));
    transition(registered, new JsonObject().put("action", "register").put("expectedVersion", 1));

    JsonObject d = request(jinjiangKey, declined);
    assertThat(d.getString("status")).isEqualTo("closed");
    assertThat(d.getString("status_notes")).contains("DECLINED").contains("不予受理");
    assertThat(d.getValue("expected_datetime")).isNull();
    JsonObject g = request(jinjiangKey, registered);
    assertThat(g.getString("status")).isEqualTo("open");
    assertThat(g.getString("status_notes")).contains("REGISTERED").contains("立案");

    // expected_datetime: the running closing deadline, the service promise before the legal limit.
    long caseId = caseRow(registered).getLong("id");
    for (String[] deadline : new String[][] {{"SERVICE_CLOSE", "2030-03-08T09:00:00Z"}, {"LEGAL_INVESTIGATE", "2030-02-01T09:00:00Z"}}) {
      server.app().pool().preparedQuery("INSERT INTO case_deadline (case_id, kind, started_at, due_at, warn_at)"
              + " VALUES ($1, $2, now(), $3::timestamptz, $3::timestamptz)"
              + " ON CONFLICT (case_id, kind) DO UPDATE SET due_at = excluded.due_at, warn_at = excluded.warn_at,"
              + " met_at = NULL, paused_at = NULL")
          .execute(Tuple.of(caseId, deadline[0], java.time.OffsetDateTime.parse(deadline[1]))).await();
    }
    assertThat(request(jinjiangKey, registered).getString("expected_datetime")).isEqualTo("2030-03-08T17:00:00+08:00");
    server.app().pool().preparedQuery("UPDATE case_deadline SET met_at = now() WHERE case_id = $1 AND kind = 'SERVICE_CLOSE'")
        .execute(Tuple.of(caseId)).await();
    assertThat(request(jinjiangKey, registered).getString("expected_datetime")).isEqualTo("2030-02-01T17:00:00+08:00");

    String both = declined + "," + registered;
    assertThat(ids(get("/open311/v2/requests.json?status=closed&api_key=" + jinjiangKey)))
        .contains(declined).doesNotContain(registered);
    assertThat(ids(get("/open311/v2/requests.json?status=open&api_key=" + jinjiangKey)))
        .contains(registered).doesNotContain(declined);
    assertThat(ids(get("/open311/v2/requests.json?status=open,closed&api_key=" + jinjiangKey)))
        .contains(registered, declined);
    assertThat(ids(get("/open311/v2/requests.json?service_request_id=" + both + "&api_key=" + jinjiangKey)))
        .containsExactlyInAnyOrder(registered, declined);
    Problems.assertField(get("/open311/v2/requests.json?status=pending&api_key=" + jinjiangKey), "status");
    Problems.assertField(get("/open311/v2/requests.json?start_date=2025-01-01T00:00:00Z&end_date=2025-06-01T00:00:00Z"
        + "&api_key=" + jinjiangKey), "end_date");
    Problems.assertField(get("/open311/v2/requests.json?start_date=yesterday&api_key=" + jinjiangKey), "start_date");
  }

  private static void transition(String caseNo, JsonObject command) {
    long id = caseRow(caseNo).getLong("id");
    HttpResponse<String> r = server.as(Role.SUPERVISOR).postJson("/api/cases/" + id + "/transitions", command.encode());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  // ---- access

  @Test
  void requests_need_a_valid_key_of_a_client_whose_account_may_file() {
    HttpResponse<String> none = get("/open311/v2/requests.json");
    assertProblem(none, 401);
    assertThat(none.headers().firstValue("WWW-Authenticate").orElse("")).contains("api_key");
    assertProblem(get("/open311/v2/requests/GW-19990101-000001.json"), 401);
    Map<String, String> noKey = form(jinjiangKey);
    noKey.remove("api_key");
    assertProblem(postForm(noKey, null), 401);

    HttpResponse<String> wrong = get("/open311/v2/requests.json?api_key=gw311_not-a-key");
    assertProblem(wrong, 401);
    assertThat(TestServer.json(wrong).getString("type")).endsWith("api-key-invalid");
    assertThat(server.audit("open311.auth")).anyMatch(a -> a.getString("outcome").equals("DENIED"));
    assertThat(server.audit("open311.auth").stream().map(JsonObject::encode)).noneMatch(s -> s.contains("not-a-key"));

    // The services stay public.
    assertThat(get("/open311/v2/services.json").statusCode()).isEqualTo(200);

    // Revoked: refused at once.
    User u = user(Role.ASSISTANT, "510104");
    JsonObject client = newClient(u, null);
    String key = client.getString("apiKey");
    assertThat(get("/open311/v2/requests.json?api_key=" + key).statusCode()).isEqualTo(200);
    HttpResponse<String> revoke = server.as(Role.ADMIN).postJson("/api/open311/clients/" + client.getLong("id")
        + "/revoke", "{}");
    assertThat(revoke.statusCode()).as(revoke.body()).isEqualTo(200);
    assertThat(TestServer.json(revoke).getBoolean("active")).isFalse();
    assertProblem(get("/open311/v2/requests.json?api_key=" + key), 401);

    // The account disabled: 403.
    User v = user(Role.OPERATOR, "510104");
    String vKey = newClient(v, null).getString("apiKey");
    HttpResponse<String> disable = server.as(Role.ADMIN).patchJson("/api/users/" + v.id(),
        new JsonObject().put("disabled", true).encode());
    assertThat(disable.statusCode()).as(disable.body()).isEqualTo(200);
    HttpResponse<String> refused = get("/open311/v2/requests.json?api_key=" + vKey);
    assertProblem(refused, 403);
    assertProblem(postForm(form(vKey), null), 403);
  }

  @Test
  void a_client_is_held_to_its_rate() {
    String key = newClient(user(Role.OPERATOR, "510104"), 1).getString("apiKey");
    assertThat(get("/open311/v2/requests.json?api_key=" + key).statusCode()).isEqualTo(200);
    HttpResponse<String> second = get("/open311/v2/requests.json?api_key=" + key);
    assertProblem(second, 429);
    assertThat(second.headers().firstValue("Retry-After")).isPresent();
    // Another client is not affected.
    assertThat(get("/open311/v2/requests.json?api_key=" + cityKey).statusCode()).isEqualTo(200);
  }

  // ---- administration

  @Test
  void administrators_create_list_and_revoke_clients_and_the_key_is_shown_once() {
    User u = user(Role.OPERATOR, null);
    JsonObject created = newClient(u, 120);
    String key = created.getString("apiKey");
    assertThat(key).startsWith("gw311_").hasSizeGreaterThan(40);
    assertThat(created.getString("keyPrefix")).isEqualTo(key.substring(0, created.getString("keyPrefix").length()));
    assertThat(created.getInteger("ratePerMinute")).isEqualTo(120);
    assertThat(created.getJsonObject("user").getString("username")).isEqualTo(u.username());

    HttpResponse<String> list = server.as(Role.ADMIN).get("/api/open311/clients");
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body()).doesNotContain(key).doesNotContain("apiKey");
    assertThat(TestServer.json(list).getJsonArray("items").stream()
        .map(o -> ((JsonObject) o).getLong("id"))).contains(created.getLong("id"));
    HttpResponse<String> one = server.as(Role.ADMIN).get("/api/open311/clients/" + created.getLong("id"));
    assertThat(one.body()).doesNotContain(key);
    Row stored = server.app().pool().preparedQuery("SELECT key_hash FROM open311_client WHERE id = $1")
        .execute(Tuple.of(created.getLong("id"))).await().iterator().next();
    assertThat(stored.getBuffer("key_hash").getBytes()).isEqualTo(Open311Clients.hash(key));

    assertThat(server.audit("open311.client.create")).anyMatch(a -> a.getString("object_id")
        .equals(String.valueOf(created.getLong("id"))));
    assertThat(server.audit("open311.client.create").stream().map(JsonObject::encode)).noneMatch(s -> s.contains(key));
    server.as(Role.ADMIN).postJson("/api/open311/clients/" + created.getLong("id") + "/revoke", "{}");
    server.as(Role.ADMIN).postJson("/api/open311/clients/" + created.getLong("id") + "/revoke", "{}");
    assertThat(server.audit("open311.client.revoke").stream()
        .filter(a -> a.getString("object_id").equals(String.valueOf(created.getLong("id"))))).hasSize(1);

    // Only accounts that may file can back a client.
    HttpResponse<String> inspector = server.as(Role.ADMIN).postJson("/api/open311/clients",
        new JsonObject().put("name", "x").put("userId", user(Role.INSPECTOR, "510104").id()).encode());
    Problems.assertFieldError(inspector, 422, "userId");
    Problems.assertField(server.as(Role.ADMIN).postJson("/api/open311/clients",
        new JsonObject().put("name", "").put("ratePerMinute", 0).encode()), "userId");
    assertProblem(server.as(Role.ADMIN).get("/api/open311/clients/999999"), 404);
    assertProblem(server.as(Role.OPERATOR).get("/api/open311/clients"), 403);
  }
}
