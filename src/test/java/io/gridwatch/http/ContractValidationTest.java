package io.gridwatch.http;

import static io.gridwatch.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.auth.AccessPolicy;
import io.gridwatch.auth.Role;
import io.gridwatch.http.ApiContract.BodyRule;
import io.gridwatch.http.ApiContract.ContractOperation;
import io.gridwatch.http.ApiContract.ContractParameter;
import io.gridwatch.testing.NeedsDatabase;
import io.gridwatch.testing.TestServer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.json.schema.JsonSchema;
import io.vertx.openapi.contract.Location;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The contract is the first gate. Table-driven: for every operation in openapi.yaml, requests
 * that break its schema (a missing required parameter or field, a value of the wrong type, an
 * unknown enum value or field, a value outside its range or pattern, a body that is not JSON)
 * are answered 400 problem+json naming the field, and never repeat the value sent. The happy
 * paths are the other API tests, which all pass through the same gate.
 */
@NeedsDatabase
class ContractValidationTest {
  /** Marks every bad value, so that the test can see it is never echoed. */
  private static final String MARK = "zzMARK";
  private static TestServer server;
  private static ApiContract contract;

  @BeforeAll
  static void start() {
    server = TestServer.shared();
    contract = server.app().http().contract();
  }

  /** One request that breaks the contract, and the field the answer must name. */
  record Case(ContractOperation op, String what, String path, Map<String, String> query, Map<String, String> headers,
      String body, String field) {}

  @TestFactory
  Stream<DynamicTest> every_operation_refuses_requests_that_break_its_schema() {
    List<Case> cases = new ArrayList<>();
    List<String> withoutInput = new ArrayList<>();
    for (ContractOperation op : contract.operations()) {
      if (!op.path().startsWith("/api/")) {
        continue;
      }
      List<Case> mine = casesFor(op);
      if (mine.isEmpty()) {
        withoutInput.add(op.operationId());
      }
      cases.addAll(mine);
    }
    // Operations with nothing to break take no parameters and no JSON body.
    for (String id : withoutInput) {
      ContractOperation op = contract.operations().stream().filter(o -> o.operationId().equals(id)).findFirst().orElseThrow();
      assertThat(op.parameters()).as(id).allSatisfy(p -> assertThat(unconstrained(p.schema())).as(id + " " + p.name()).isTrue());
      assertThat(op.body()).as(id).isNotEqualTo(BodyRule.JSON);
    }
    assertThat(cases).hasSizeGreaterThan(60);
    return cases.stream().map(c -> DynamicTest.dynamicTest(c.op().operationId() + ": " + c.what(), () -> check(c)));
  }

  private static void check(Case c) {
    HttpResponse<String> r = send(c);
    assertProblem(r, 400);
    List<String> fields = new ArrayList<>();
    JsonArray errors = TestServer.json(r).getJsonArray("errors");
    assertThat(errors).as(r.body()).isNotNull();
    errors.forEach(e -> fields.add(((JsonObject) e).getString("field")));
    assertThat(fields).as(r.body()).contains(c.field());
    // (The problem's "instance" is the request path, which a bad path parameter is part of.)
    JsonObject problem = TestServer.json(r);
    assertThat(problem.getString("detail") + problem.getJsonArray("errors").encode())
        .as("the value sent is not repeated").doesNotContain(MARK);
  }

  private static HttpResponse<String> send(Case c) {
    StringBuilder uri = new StringBuilder(c.path());
    String sep = "?";
    for (var q : c.query().entrySet()) {
      uri.append(sep).append(q.getKey()).append('=')
          .append(java.net.URLEncoder.encode(q.getValue(), StandardCharsets.UTF_8));
      sep = "&";
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(server.uri(uri.toString()));
    c.headers().forEach(b::header);
    String method = c.op().method().name();
    if (c.body() != null) {
      b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(c.body()));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    Optional<Role> role = roleFor(c.op());
    return role.isEmpty() ? server.send(b) : server.as(role.get()).send(b);
  }

  /** A role the access policy lets through (so that the request reaches the contract), or none for a public route. */
  private static Optional<Role> roleFor(ContractOperation op) {
    AccessPolicy.Rule rule = AccessPolicy.standard().find(op.method(), op.path().replaceAll("\\{[^}]+}", "1"))
        .orElseThrow(() -> new AssertionError("no access rule for " + op));
    if (rule.isPublic()) {
      return Optional.empty();
    }
    return rule.roles().stream().min(Comparator.naturalOrder());
  }

  // ---- the table, from the schemas

  private static List<Case> casesFor(ContractOperation op) {
    List<Case> out = new ArrayList<>();
    Map<String, String> validPath = new LinkedHashMap<>();
    op.parameters().stream().filter(p -> p.in() == Location.PATH).forEach(p -> validPath.put(p.name(), validValue(p.schema())));
    for (ContractParameter p : op.parameters()) {
      List<String[]> bad = new ArrayList<>();
      if (p.required() && p.in() != Location.PATH) {
        bad.add(new String[] {"missing " + p.name(), null});
      }
      badValues(p.schema()).forEach((what, value) -> bad.add(new String[] {p.name() + " " + what, value}));
      for (String[] b : bad) {
        Map<String, String> path = new LinkedHashMap<>(validPath);
        Map<String, String> query = new LinkedHashMap<>();
        Map<String, String> headers = new LinkedHashMap<>();
        if (b[1] != null) {
          switch (p.in()) {
            case PATH -> path.put(p.name(), b[1]);
            case QUERY -> query.put(p.name(), b[1]);
            case HEADER -> headers.put(p.name(), b[1]);
            default -> throw new AssertionError("no case for " + p.in());
          }
        }
        out.add(new Case(op, b[0], fill(op.path(), path), query, headers, op.body() == BodyRule.JSON ? "{}" : null,
            p.name()));
      }
    }
    if (op.body() == BodyRule.JSON) {
      String path = fill(op.path(), validPath);
      out.add(new Case(op, "a body that is not JSON", path, Map.of(), Map.of(), "{\"a\": " + MARK, "body"));
      out.add(new Case(op, "a body that is not an object", path, Map.of(), Map.of(), "[\"" + MARK + "\"]", "body"));
      if (op.bodyRequired()) {
        out.add(new Case(op, "no body", path, Map.of(), Map.of(), "", "body"));
      }
      bodyCases(op, path, op.bodySchema(), "", out);
    }
    return out;
  }

  /** Cases for the fields of an object schema, recursing into nested objects ({@code location.lon}). */
  private static void bodyCases(ContractOperation op, String path, Object schema, String prefix, List<Case> out) {
    JsonObject properties = get(schema, "properties") instanceof JsonObject p ? p : new JsonObject();
    if (Boolean.FALSE.equals(get(schema, "additionalProperties"))) {
      out.add(new Case(op, "unknown field " + prefix + "zzUnknown", path, Map.of(), Map.of(),
          nest(prefix, new JsonObject().put("zzUnknown", MARK)).encode(), prefix + "zzUnknown"));
    }
    if (get(schema, "required") instanceof JsonArray required) {
      for (Object name : required) {
        out.add(new Case(op, "missing " + prefix + name, path, Map.of(), Map.of(), nest(prefix, new JsonObject()).encode(),
            prefix + name));
      }
    }
    for (String name : properties.fieldNames()) {
      JsonObject prop = properties.getJsonObject(name);
      String field = prefix + name;
      out.add(new Case(op, field + " of the wrong type", path, Map.of(), Map.of(),
          nest(prefix, new JsonObject().put(name, wrongType(prop))).encode(), field));
      badValues(prop).forEach((what, value) -> out.add(new Case(op, field + " " + what, path, Map.of(), Map.of(),
          nest(prefix, new JsonObject().put(name, typed(prop, value))).encode(), field)));
      if (types(prop).contains("object") && prop.getValue("properties") != null && prefix.isEmpty()) {
        bodyCases(op, path, prop, field + ".", out);
      }
    }
  }

  /** Values that break a scalar schema, by what they break; none for a schema that takes any text. */
  private static Map<String, String> badValues(Object schema) {
    Map<String, String> bad = new LinkedHashMap<>();
    List<String> types = types(schema);
    if (types.contains("integer") || types.contains("number")) {
      bad.put("not a number", MARK);
      if (get(schema, "minimum") instanceof Number min) {
        bad.put("below its minimum", String.valueOf(min.longValue() - 1));
      }
      if (get(schema, "maximum") instanceof Number max) {
        bad.put("above its maximum", String.valueOf(max.longValue() + 1));
      }
    } else if (types.contains("boolean")) {
      bad.put("not true or false", MARK);
    } else if (types.contains("string")) {
      if (get(schema, "enum") != null) {
        bad.put("not one of its values", MARK + "_NO_SUCH_VALUE");
      }
      if (get(schema, "pattern") != null) {
        bad.put("not of its pattern", MARK + "!");
      }
      if (get(schema, "maxLength") instanceof Number max) {
        bad.put("too long", MARK + "x".repeat(max.intValue()));
      }
    }
    return bad;
  }

  /** A body value of {@code text} as the schema's type would carry it (a number for a number). */
  private static Object typed(JsonObject schema, String text) {
    List<String> types = types(schema);
    if ((types.contains("integer") || types.contains("number")) && text.matches("-?[0-9]+")) {
      return Long.parseLong(text);
    }
    return text;
  }

  private static Object wrongType(JsonObject schema) {
    List<String> types = types(schema);
    if (types.contains("string")) {
      return 12345;
    }
    return MARK;
  }

  private static boolean unconstrained(JsonSchema schema) {
    return badValues(schema).isEmpty();
  }

  private static String validValue(JsonSchema schema) {
    return schema.get("pattern") != null ? "510104" : "1";
  }

  private static List<String> types(Object schema) {
    Object t = get(schema, "type");
    List<String> out = new ArrayList<>();
    if (t instanceof JsonArray arr) {
      arr.forEach(x -> out.add(String.valueOf(x)));
    } else if (t != null) {
      out.add(String.valueOf(t));
    }
    return out;
  }

  private static Object get(Object schema, String key) {
    if (schema instanceof JsonSchema s) {
      return s.get(key);
    }
    return schema instanceof JsonObject o ? o.getValue(key) : null;
  }

  private static JsonObject nest(String prefix, JsonObject inner) {
    return prefix.isEmpty() ? inner : new JsonObject().put(prefix.substring(0, prefix.length() - 1), inner);
  }

  private static String fill(String template, Map<String, String> params) {
    String path = template;
    for (var e : params.entrySet()) {
      path = path.replace("{" + e.getKey() + "}", java.net.URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
    }
    return path;
  }

  // ---- the gate's other answers

  @Test
  void a_json_body_sent_as_another_media_type_is_415() {
    HttpResponse<String> r = server.as(Role.ADMIN).post("/api/grid/resolve", "text/plain",
        "{\"points\":[[104.08,30.65]]}".getBytes(StandardCharsets.UTF_8));
    assertProblem(r, 415);
  }

  @Test
  void a_body_over_the_limit_is_413_before_it_is_parsed() {
    byte[] big = ("{\"points\":[" + "[104.08,30.65],".repeat(80_000) + "[104.08,30.65]]}").getBytes(StandardCharsets.UTF_8);
    assertThat(big.length).isGreaterThan(1024 * 1024);
    assertProblem(server.as(Role.ADMIN).post("/api/grid/resolve", "application/json", big), 413);
  }

  @Test
  void every_bad_field_is_listed_at_once_without_the_values() {
    JsonObject body = new JsonObject()
        .put("channel", "FAX").put("category", "WAGE_ARREARS")
        .put("location", new JsonObject().put("lon", 200).put("lat", "thirty").put("height", 3))
        .put("employer", new JsonObject().put("name", "某公司"))
        .put("workersInvolved", 1.5).put("description", "x")
        .put("complainant", new JsonObject().put("name", "李四").put("phone", "zzSECRET-PHONE").put("idNumber", "zzSECRET-ID"))
        .put("colour", "red");
    HttpResponse<String> r = server.as(Role.OPERATOR).send(HttpRequest.newBuilder(server.uri("/api/complaints"))
        .header("Content-Type", "application/json").header("Idempotency-Key", "k-" + System.nanoTime())
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())));
    assertProblem(r, 400);
    List<String> fields = new ArrayList<>();
    TestServer.json(r).getJsonArray("errors").forEach(e -> fields.add(((JsonObject) e).getString("field")));
    assertThat(fields).containsExactlyInAnyOrder("channel", "location.lon", "location.lat", "location.height",
        "workersInvolved", "complainant.phone", "complainant.idNumber", "colour");
    assertThat(r.body()).doesNotContain("zzSECRET").doesNotContain("thirty");
  }

  @Test
  void what_the_handlers_always_accepted_still_passes() {
    TestServer.Client api = server.as(Role.ADMIN);
    // Enumerated values in any case and with blanks around them; blank query parameters.
    assertThat(api.get("/api/grid/resolve?lon=104.0805&lat=30.6570&crs=wgs84").statusCode()).isEqualTo(200);
    assertThat(api.get("/api/grid/cells?level=&parent=").statusCode()).isEqualTo(200);
    HttpResponse<String> batch = api.postJson("/api/grid/resolve", "{\"crs\":\" gcj02 \",\"points\":[[104.08,30.65]]}");
    assertThat(batch.statusCode()).as(batch.body()).isEqualTo(200);
    assertThat(api.postJson("/api/grid/resolve", "{\"crs\":null,\"points\":[]}").statusCode()).isEqualTo(200);
    // Times as the handlers read them: seconds may be left out.
    HttpResponse<String> audit = api.get("/api/audit?from=2026-01-01T10:00%2B08:00&to=2099-01-01T00:00:00Z&limit=1");
    assertThat(audit.statusCode()).as(audit.body()).isEqualTo(200);
    HttpResponse<String> list = server.as(Role.SUPERVISOR).get("/api/cases?limit=%205&offset=0&status=RECEIVED");
    assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
    // A complaint as a lenient client writes it: a whole number with a fraction (JSON Schema
    // calls 12.0 an integer too), enumerations in lower case with blanks, blank optional text,
    // null for absent optional fields.
    JsonObject complaint = new JsonObject()
        .put("channel", " hotline ").put("category", "wage_arrears").put("urgency", "urgent")
        .put("location", new JsonObject().put("lon", 104.0805).put("lat", 30.6570).put("crs", ""))
        .put("cellCode", "  ").put("employer", new JsonObject().put("name", "成都某建筑劳务有限公司").put("creditCode", ""))
        .put("workersInvolved", 12.0).put("amountOwed", null).put("description", "三个月工资未发")
        .put("complainant", new JsonObject().put("name", "张三丰").put("phone", "+86 138-1234-5678").put("idNumber", null));
    HttpResponse<String> filed = server.as(Role.OPERATOR).send(HttpRequest.newBuilder(server.uri("/api/complaints"))
        .header("Content-Type", "application/json; charset=utf-8").header("Idempotency-Key", "lenient-" + System.nanoTime())
        .POST(HttpRequest.BodyPublishers.ofString(complaint.encode())));
    assertThat(filed.statusCode()).as(filed.body()).isEqualTo(201);
    assertThat(TestServer.json(filed).getString("channel")).isEqualTo("HOTLINE");
  }

  @Test
  void the_errors_of_a_pair_name_the_pair() {
    HttpResponse<String> r = server.as(Role.ADMIN).postJson("/api/grid/resolve",
        "{\"points\":[[104.08,30.65],[104.08,\"x\"],[104.08,130.65],[1]]}");
    assertProblem(r, 400);
    JsonArray errors = TestServer.json(r).getJsonArray("errors");
    Map<String, String> byField = new LinkedHashMap<>();
    errors.forEach(e -> byField.put(((JsonObject) e).getString("field"), ((JsonObject) e).getString("message")));
    assertThat(byField).containsOnlyKeys("points[1]", "points[2]", "points[3]");
    assertThat(byField.get("points[1]")).isEqualTo("[1] must be a number");
    assertThat(byField.get("points[2]")).isEqualTo("[1] is out of range -90..90");
    assertThat(byField.get("points[3]")).isEqualTo("must be [lon, lat], two numbers");
  }

  @Test
  void a_route_served_without_an_operation_is_refused_not_served_unchecked() throws Exception {
    var vertx = server.app().vertx();
    Router router = Router.router(vertx);
    RequestValidation validation = new RequestValidation(contract, HttpServerVerticle.jsonBodyHandler(server.app().config()));
    validation.install(router);
    router.get("/api/undocumented/:id").handler(ctx -> ctx.response().end("served"));
    router.get("/api/grid/generations/:id").handler(ctx -> ctx.response().end("documented"));
    router.route().failureHandler(new FailureHandler());
    validation.routesServed(HttpServerVerticle.servedRoutes(router));
    HttpServer http = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    try {
      URI base = URI.create("http://127.0.0.1:" + http.actualPort());
      HttpResponse<String> undocumented = server.send(HttpRequest.newBuilder(base.resolve("/api/undocumented/7")));
      assertProblem(undocumented, 500);
      assertThat(TestServer.json(undocumented).getString("type")).endsWith("not-in-contract");
      assertThat(server.send(HttpRequest.newBuilder(base.resolve("/api/grid/generations/7"))).body()).isEqualTo("documented");
      assertProblem(server.send(HttpRequest.newBuilder(base.resolve("/api/grid/generations/x"))), 400);
    } finally {
      http.close().await();
    }
  }
}
