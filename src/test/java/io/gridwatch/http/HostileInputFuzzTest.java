package io.gridwatch.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.auth.AccessPolicy;
import io.gridwatch.auth.Role;
import io.gridwatch.auth.User;
import io.gridwatch.testing.CaseFlows;
import io.gridwatch.testing.NeedsDatabase;
import io.gridwatch.testing.TestServer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile input against every operation of the contract (openapi.yaml, /api/ and Open311 alike),
 * with a fixed seed. For each operation, each parameter (path, query, header) and each field of
 * its body in turn gets hostile values while the rest of the request is valid: NUL and other
 * control characters, lone surrogates, 1e-320 and other subnormal numbers, NaN and infinities
 * as text and as JSON numbers, huge integers, years +999999999, 9,000-character query values and
 * 1,000,000-character body strings; then the whole request: media types the operation does not
 * name, a body without a Content-Type, JSON nested 50,000 deep, an undeclared parameter holding a
 * NUL.
 *
 * <p>It fails on any 5xx, on any 4xx that is not problem+json (RFC 9457 members present, no stack
 * trace), and on any answer other than 4xx to a value that must be refused: a control character
 * or lone surrogate in any text, a subnormal coordinate, a year outside 2000-2100 in a time.
 * Every finding is listed at the end. Runs on a server of its own (without a grid, so that it is
 * quick to start), since it files and changes things.
 */
@NeedsDatabase
class HostileInputFuzzTest {
  private static final long SEED = 20261202L;
  private static final String PLACEHOLDER = "zzHOSTILEzz";
  private static final Set<String> ENDS_SESSIONS = Set.of("logout", "changePassword", "disableTotp");
  private static TestServer server;
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static final Map<Role, User> USERS = new LinkedHashMap<>();
  private static final Map<Role, String> TOKENS = new LinkedHashMap<>();
  private static final Map<String, User> OWN_USERS = new LinkedHashMap<>();
  private static User victim;
  private static long caseId;
  private static String caseNo;
  private static long clientId;
  private static String apiKey;

  /**
   * A hostile value: its text (a JSON literal when {@code json}) and whether it must be refused,
   * as JSON and when sent URL-encoded (where a lone surrogate cannot be carried: it arrives as ?).
   */
  record Hostile(String what, String text, boolean json, boolean mustRefuse, boolean mustRefuseEncoded) {}

  @BeforeAll
  static void start() {
    server = TestServer.start(false, Map.of("GRIDWATCH_AUTH_LOGIN_RATE_PER_MINUTE", "100000"), Clock.systemUTC());
    for (Role r : Role.values()) {
      User u = server.createUser("fuzz-" + r.name().toLowerCase(Locale.ROOT), r, null, TestServer.PASSWORD);
      USERS.put(r, u);
      TOKENS.put(r, server.newSession(u));
    }
    victim = server.createUser("fuzz-victim", Role.OPERATOR, null, TestServer.PASSWORD);
    JsonObject c = new CaseFlows(server).file(CaseFlows.complaint(104.0805, 30.657, 3));
    caseId = c.getLong("caseId");
    caseNo = c.getString("caseNo");
    HttpResponse<String> client = server.withToken(TOKENS.get(Role.ADMIN)).postJson("/api/open311/clients",
        new JsonObject().put("name", "fuzz").put("userId", victim.id()).put("ratePerMinute", 6000).encode());
    assertThat(client.statusCode()).as(client.body()).isEqualTo(201);
    clientId = TestServer.json(client).getLong("id");
    apiKey = TestServer.json(client).getString("apiKey");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void no_hostile_value_in_any_parameter_or_field_of_any_operation_gets_a_5xx_or_an_answer_that_is_not_a_problem() {
    Random rng = new Random(SEED);
    JsonObject doc = ApiContract.readYaml(ApiContract.RESOURCE);
    JsonObject paths = doc.getJsonObject("paths");
    List<String> findings = new ArrayList<>();
    int requests = 0;
    int operations = 0;
    long started = System.nanoTime();
    for (String template : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(template);
      for (String m : item.fieldNames()) {
        if (!Set.of("get", "post", "put", "patch", "delete").contains(m)) {
          continue;
        }
        operations++;
        Op op = new Op(HttpMethod.valueOf(m.toUpperCase(Locale.ROOT)), template, item.getJsonObject(m),
            parameters(doc, item, item.getJsonObject(m)), doc);
        for (Req req : op.requests(rng)) {
          requests++;
          String finding = check(req);
          if (finding != null) {
            findings.add(op + " " + req.what() + ": " + finding);
          }
        }
      }
    }
    long seconds = (System.nanoTime() - started) / 1_000_000_000;
    System.out.printf("HostileInputFuzzTest: %d operations, %d requests in %d s, %d findings%n", operations, requests,
        seconds, findings.size());
    assertThat(operations).isGreaterThan(35);
    assertThat(requests).isGreaterThan(1500);
    assertThat(findings).as("findings (seed %d)", SEED).isEmpty();
  }

  // ---- one request and its verdict

  /** A request to send; {@code mustRefuse} when anything but a 4xx is a finding. */
  record Req(String what, HttpMethod method, String pathAndQuery, Map<String, String> headers, String contentType,
      byte[] body, boolean mustRefuse, String token) {}

  private static String check(Req req) {
    HttpResponse<String> r;
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(server.uri(req.pathAndQuery())).timeout(Duration.ofSeconds(60));
      req.headers().forEach(b::header);
      if (req.token() != null) {
        b.header("Authorization", "Bearer " + req.token());
      }
      if (req.contentType() != null) {
        b.header("Content-Type", req.contentType());
      }
      b.method(req.method().name(), req.body() == null ? HttpRequest.BodyPublishers.noBody()
          : HttpRequest.BodyPublishers.ofByteArray(req.body()));
      r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IllegalArgumentException e) {
      return null; // the client itself will not send it (a control character in a header): nothing to learn
    } catch (IOException e) {
      return "no answer: " + e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    int status = r.statusCode();
    if (status >= 500) {
      return status + " " + abbreviate(r.body());
    }
    if (status >= 400) {
      String type = r.headers().firstValue("Content-Type").orElse("");
      if (!type.startsWith(FailureHandler.PROBLEM_JSON)) {
        return status + " as " + type + ", not problem+json";
      }
      try {
        JsonObject p = new JsonObject(r.body());
        if (p.getString("type") == null || p.getString("title") == null || p.getInteger("status", -1) != status
            || p.getString("detail") == null) {
          return status + " problem without its members: " + abbreviate(r.body());
        }
      } catch (RuntimeException e) {
        return status + " problem that is not JSON: " + abbreviate(r.body());
      }
      if (r.body().contains("Exception") || r.body().contains("\tat ")) {
        return status + " with a stack trace";
      }
      return null;
    }
    if (req.mustRefuse()) {
      return status + " to a value that must be refused";
    }
    return null;
  }

  private static String abbreviate(String s) {
    return s.length() <= 300 ? s : s.substring(0, 300) + "…";
  }

  // ---- hostile values

  private static final List<String> CORE_TEXT = List.of("\u0000", "a\u0000b", "\u0001\u001f", "x\u007f", "\u0085x",
      "\u009b31m", "\ud800", "x\udfffy", "1e-320", "NaN", "-Infinity", "1e400", "-99999999999999999999999",
      "+999999999-01-01T00:00:00Z", "-999999999-12-31T23:59:59Z");
  private static final List<String> EXTRA_TEXT = List.of("", " ", "0", "-1", "null", "true", "9999-12-31T23:59:59Z",
      "1999-12-31T23:59:59+08:00", "2026-02-30T00:00:00Z", "%00", "../../etc/passwd", "' OR 1=1 --", "\\", "%", "_",
      "<script>alert(1)</script>", "😀".repeat(50), "\u202eevil", "x".repeat(300), "1e-9", "-0", "0x10", "4.9e-324",
      "{\"a\":1}", "[1,2]", "\t\n\r", "工".repeat(3000));
  private static final List<String> CORE_NUMBERS = List.of("1e-320", "-1e-320", "4.9e-324", "1e400", "-1e400",
      "18446744073709551617", "-99999999999999999999999999999");
  private static final List<String> EXTRA_NUMBERS = List.of("0", "-1", "1.5", "1e308", "-1e308", "2147483648",
      "9007199254740993", "1e-9", "0.0000000001", "\"NaN\"", "\"1e-320\"", "null", "true", "[]", "{}");

  /** Values for a query, path or header parameter of {@code schema}. */
  private static List<Hostile> forParameter(JsonObject schema, String in, Random rng) {
    List<Hostile> out = new ArrayList<>();
    List<String> texts = new ArrayList<>(CORE_TEXT);
    texts.addAll(pick(EXTRA_TEXT, 4, rng));
    texts.add("x".repeat(in.equals("query") ? 9_000 : 3_000));
    for (String t : texts) {
      boolean refuse = mustRefuseText(t, schema, "query");
      out.add(new Hostile(describe(t), t, false, refuse, refuse));
    }
    return out;
  }

  /** Values for a body field of {@code schema}, as JSON literals. */
  private static List<Hostile> forField(JsonObject schema, Random rng) {
    List<Hostile> out = new ArrayList<>();
    List<String> types = types(schema);
    boolean numeric = types.contains("number") || types.contains("integer");
    if (numeric) {
      List<String> numbers = new ArrayList<>(CORE_NUMBERS);
      numbers.addAll(pick(EXTRA_NUMBERS, 4, rng));
      for (String n : numbers) {
        boolean subnormalCoordinate = isCoordinate(schema) && isTinyNonZero(n);
        boolean refuse = subnormalCoordinate || isSubnormal(n);
        out.add(new Hostile("number " + n, n, true, refuse, refuse));
      }
    }
    List<String> texts = new ArrayList<>(CORE_TEXT);
    texts.addAll(pick(EXTRA_TEXT, numeric ? 2 : 4, rng));
    if (!numeric) {
      texts.add("x".repeat(1_000_000));
      texts.add("工".repeat(300_000));
    }
    for (String t : texts) {
      out.add(new Hostile(describe(t), jsonString(t), true, mustRefuseText(t, schema, "body"),
          mustRefuseText(t, schema, "query")));
    }
    out.add(new Hostile("nested 50,000 deep", "[".repeat(50_000) + "]".repeat(50_000), true, true, false));
    return out;
  }

  private static boolean mustRefuseText(String t, JsonObject schema, String in) {
    boolean control = t.chars().anyMatch(c -> Character.isISOControl(c) && !(c == '\t' || c == '\n' || c == '\r'));
    boolean surrogate = in.equals("body") && InputRules.textProblem(t.replaceAll("[\\p{Cntrl}]", ""), true) != null;
    boolean farYear = "date-time".equals(schema.getString("format")) && (t.startsWith("+") || t.startsWith("-9"));
    return control || surrogate || farYear;
  }

  private static boolean isCoordinate(JsonObject schema) {
    return "longitude".equals(schema.getString("format")) || "latitude".equals(schema.getString("format"));
  }

  private static boolean isTinyNonZero(String n) {
    try {
      double d = Double.parseDouble(n);
      return d != 0 && Math.abs(d) < Coordinates.SMALLEST_DEGREES;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static boolean isSubnormal(String n) {
    try {
      double d = Double.parseDouble(n);
      return d != 0 && Math.abs(d) < Double.MIN_NORMAL;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static String describe(String t) {
    StringBuilder b = new StringBuilder("'");
    String head = t.length() > 30 ? t.substring(0, 30) : t;
    for (char c : head.toCharArray()) {
      b.append(c < 0x20 || c >= 0x7f && c <= 0x9f || Character.isSurrogate(c) ? String.format("\\u%04x", (int) c) : c);
    }
    return b.append(t.length() > 30 ? "…' (" + t.length() + " chars)" : "'").toString();
  }

  /** {@code t} as a JSON string literal, with control characters and every surrogate escaped. */
  private static String jsonString(String t) {
    StringBuilder b = new StringBuilder(t.length() + 2).append('"');
    for (char c : t.toCharArray()) {
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20 || c >= 0x7f && c <= 0x9f || Character.isSurrogate(c)) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }

  private static <T> List<T> pick(List<T> from, int n, Random rng) {
    List<T> copy = new ArrayList<>(from);
    java.util.Collections.shuffle(copy, rng);
    return copy.subList(0, Math.min(n, copy.size()));
  }

  // ---- the operations

  private static List<JsonObject> parameters(JsonObject doc, JsonObject item, JsonObject op) {
    List<JsonObject> out = new ArrayList<>();
    for (JsonArray list : new JsonArray[] {item.getJsonArray("parameters"), op.getJsonArray("parameters")}) {
      if (list != null) {
        list.forEach(p -> out.add(resolve(doc, (JsonObject) p)));
      }
    }
    return out;
  }

  static JsonObject resolve(JsonObject doc, JsonObject node) {
    JsonObject n = node;
    for (int i = 0; i < 10 && n != null && n.getString("$ref") != null; i++) {
      JsonObject target = doc;
      for (String seg : n.getString("$ref").substring(2).split("/")) {
        target = target.getJsonObject(seg);
      }
      n = target;
    }
    return n == null ? new JsonObject() : n;
  }

  private static List<String> types(JsonObject schema) {
    Object t = schema.getValue("type");
    List<String> out = new ArrayList<>();
    if (t instanceof JsonArray a) {
      a.forEach(x -> out.add(String.valueOf(x)));
    } else if (t != null) {
      out.add(String.valueOf(t));
    }
    return out;
  }

  /** One operation of the document and the requests that attack it. */
  static final class Op {
    final HttpMethod method;
    final String template;
    final JsonObject spec;
    final List<JsonObject> params;
    final JsonObject doc;
    final String id;

    Op(HttpMethod method, String template, JsonObject spec, List<JsonObject> params, JsonObject doc) {
      this.method = method;
      this.template = template;
      this.spec = spec;
      this.params = params;
      this.doc = doc;
      this.id = spec.getString("operationId", method + " " + template);
    }

    @Override
    public String toString() {
      return id;
    }

    boolean open311() {
      return template.startsWith("/open311/v2/requests");
    }

    String token() {
      if (!template.startsWith("/api/")) {
        return null;
      }
      AccessPolicy.Rule rule = AccessPolicy.standard().find(method, template.replaceAll("\\{[^}]+}", "1")).orElse(null);
      if (rule == null || rule.isPublic()) {
        return null;
      }
      Role role = rule.roles().stream().min(Comparator.naturalOrder()).orElseThrow();
      // Requests that may end the caller's session (or lock the account) get a user of their own
      // and a new session each time.
      if (ENDS_SESSIONS.contains(id)) {
        User own = OWN_USERS.computeIfAbsent(id, k -> server.createUser("fuzz-" + k.toLowerCase(Locale.ROOT), role, null,
            TestServer.PASSWORD));
        return server.newSession(own);
      }
      return TOKENS.get(role);
    }

    String pathValue(String name) {
      return switch (name) {
        case "caseId" -> String.valueOf(caseId);
        case "id" -> template.startsWith("/api/users/") ? String.valueOf(victim.id())
            : template.startsWith("/api/open311/") ? String.valueOf(clientId) : "1";
        case "code" -> "510104";
        case "service_code" -> "WAGE_ARREARS";
        case "service_request_id" -> caseNo;
        default -> "1";
      };
    }

    static String validValue(JsonObject schema) {
      if (schema.getValue("enum") instanceof JsonArray e && !e.isEmpty()) {
        return String.valueOf(e.getValue(0));
      }
      String format = schema.getString("format", "");
      if (format.equals("longitude")) {
        return "104.0805";
      } else if (format.equals("latitude")) {
        return "30.657";
      } else if (format.equals("date-time")) {
        return "2026-01-01T00:00:00+08:00";
      }
      List<String> types = types(schema);
      if (types.contains("integer") || types.contains("number")) {
        return schema.getValue("minimum") instanceof Number n ? String.valueOf(Math.max(1, n.longValue())) : "1";
      }
      if (types.contains("boolean")) {
        return "true";
      }
      return schema.getString("pattern", "").contains("[0-9]{6}") ? "510104" : "x";
    }

    List<Req> requests(Random rng) {
      List<Req> out = new ArrayList<>();
      Map<String, String> path = new LinkedHashMap<>();
      Map<String, String> query = new LinkedHashMap<>();
      Map<String, String> headers = new LinkedHashMap<>();
      for (JsonObject p : params) {
        String name = p.getString("name");
        JsonObject schema = resolve(doc, p.getJsonObject("schema", new JsonObject()));
        switch (p.getString("in")) {
          case "path" -> path.put(name, pathValue(name));
          case "query" -> {
            if (p.getBoolean("required", false) || id.equals("importCells")) {
              query.put(name, name.equals("dryRun") ? "true" : validValue(schema));
            }
          }
          case "header" -> headers.put(name, "fuzz-" + UUID.randomUUID());
          default -> { }
        }
      }
      if (open311() && method == HttpMethod.GET) {
        query.put("api_key", apiKey);
      }
      Body body = body();
      // Each parameter in turn.
      for (JsonObject p : params) {
        String name = p.getString("name");
        String in = p.getString("in");
        JsonObject schema = resolve(doc, p.getJsonObject("schema", new JsonObject()));
        for (Hostile h : forParameter(schema, in, rng)) {
          Map<String, String> pth = new LinkedHashMap<>(path);
          Map<String, String> q = new LinkedHashMap<>(query);
          Map<String, String> hd = new LinkedHashMap<>(headers);
          // Java's client sends header values as ASCII (a C1 character arrives as ?).
          boolean mustRefuse = h.mustRefuseEncoded() && (!in.equals("header") || h.text().chars().allMatch(c -> c < 0x80));
          switch (in) {
            case "path" -> pth.put(name, h.text());
            case "query" -> q.put(name, h.text());
            case "header" -> hd.put(name, h.text());
            default -> { }
          }
          out.add(new Req(in + " " + name + " = " + h.what(), method, uri(pth, q), hd,
              body == null ? null : body.contentType, body == null ? null : body.bytes(null, null), mustRefuse,
              token()));
        }
      }
      // Each body field in turn.
      if (body != null) {
        for (Map.Entry<String, JsonObject> f : body.fields.entrySet()) {
          for (Hostile h : forField(f.getValue(), rng)) {
            out.add(new Req("body " + f.getKey() + " = " + h.what(), method, uri(path, query), headers,
                body.contentType, body.bytes(f.getKey(), h), body.strict()
                && (body.form() ? h.mustRefuseEncoded() : h.mustRefuse()), token()));
          }
        }
      }
      // The request as a whole.
      Map<String, String> undeclared = new LinkedHashMap<>(query);
      undeclared.put("zzUndeclared", "\u0000");
      out.add(new Req("an undeclared parameter with a NUL", method, uri(path, undeclared), headers,
          body == null ? null : body.contentType, body == null ? null : body.bytes(null, null),
          template.startsWith("/api/") || template.startsWith("/open311/"), token()));
      byte[] plain = "x".getBytes(StandardCharsets.UTF_8);
      out.add(new Req("a text/plain body", method, uri(path, query), headers, "text/plain", plain,
          template.startsWith("/api/") || open311() && method == HttpMethod.POST, token()));
      out.add(new Req("a body without a Content-Type", method, uri(path, query), headers, null, plain,
          template.startsWith("/api/") || open311() && method == HttpMethod.POST, token()));
      out.add(new Req("a form body", method, uri(path, query), headers, "application/x-www-form-urlencoded",
          "a=%00".getBytes(StandardCharsets.UTF_8), template.startsWith("/api/") || open311() && method == HttpMethod.POST,
          token()));
      out.add(new Req("JSON nested 50,000 deep", method, uri(path, query), headers, "application/json",
          ("[".repeat(50_000) + "]".repeat(50_000)).getBytes(StandardCharsets.UTF_8),
          template.startsWith("/api/") && body != null, token()));
      out.add(new Req("a huge JSON number", method, uri(path, query), headers, "application/json",
          "1e999999999".getBytes(StandardCharsets.UTF_8), template.startsWith("/api/") && body != null, token()));
      return out;
    }

    private String uri(Map<String, String> path, Map<String, String> query) {
      String p = template;
      for (var e : path.entrySet()) {
        p = p.replace("{" + e.getKey() + "}", URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8).replace("+", "%20"));
      }
      StringBuilder b = new StringBuilder(p);
      String sep = "?";
      for (var e : query.entrySet()) {
        b.append(sep).append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
            .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
        sep = "&";
      }
      return b.toString();
    }

    /** A valid body for the operation, or null when it takes none. */
    private Body body() {
      JsonObject requestBody = spec.getJsonObject("requestBody");
      if (requestBody == null) {
        return null;
      }
      JsonObject content = requestBody.getJsonObject("content");
      String type = content.containsKey("application/x-www-form-urlencoded") ? "application/x-www-form-urlencoded"
          : content.containsKey("application/json") ? "application/json" : content.fieldNames().iterator().next();
      JsonObject schema = resolve(doc, content.getJsonObject(type).getJsonObject("schema", new JsonObject()));
      JsonObject base = switch (id) {
        case "login" -> new JsonObject().put("username", "fuzz-admin").put("password", "wrong-password-0");
        case "changePassword" -> new JsonObject().put("current", "wrong-password-0").put("new", "fuzz-new-password-0");
        case "createUser" -> new JsonObject().put("username", "fz" + UUID.randomUUID().toString().substring(0, 8))
            .put("displayName", "Fuzz").put("role", "OPERATOR").put("password", "fuzz-password-0");
        case "updateUser" -> new JsonObject().put("displayName", "Fuzz victim");
        case "resetPassword" -> new JsonObject().put("password", "fuzz-password-1");
        case "enableTotp" -> new JsonObject().put("code", "000000");
        case "disableTotp" -> new JsonObject().put("password", "wrong-password-0");
        case "resolvePoints" -> new JsonObject().put("crs", "WGS84")
            .put("points", new JsonArray().add(new JsonArray().add(104.0805).add(30.657)));
        case "fileComplaint" -> CaseFlows.complaint(104.0805, 30.657, 2);
        case "transitionCase" -> new JsonObject().put("action", "decline").put("expectedVersion", 1)
            .put("reason", "重复投诉");
        case "createOpen311Client" -> new JsonObject().put("name", "fuzz client").put("userId", victim.id());
        case "importCells" -> new JsonObject().put("type", "FeatureCollection").put("features", new JsonArray());
        case "open311PostRequest" -> new JsonObject().put("api_key", apiKey).put("service_code", "WAGE_ARREARS")
            .put("lat", "30.657").put("long", "104.0805").put("first_name", "三丰").put("last_name", "张")
            .put("phone", "13912345678").put("description", "工地三个月工资未发")
            .put("attribute[employer_name]", "成都某建筑劳务有限公司");
        default -> new JsonObject();
      };
      Map<String, JsonObject> fields = new LinkedHashMap<>();
      collectFields(schema, "", fields, 0);
      if (id.equals("resolvePoints")) {
        JsonObject lonLat = resolve(doc, doc.getJsonObject("components").getJsonObject("schemas").getJsonObject("LonLat"));
        fields.put("points[0][0]", lonLat.getJsonArray("prefixItems").getJsonObject(0));
        fields.put("points[0][1]", lonLat.getJsonArray("prefixItems").getJsonObject(1));
      }
      if (id.equals("open311PostRequest")) {
        fields.put("attribute[employer_name]", new JsonObject().put("type", "string"));
      }
      return new Body(type, base, fields, !id.equals("importCells"));
    }

    private void collectFields(JsonObject schema, String prefix, Map<String, JsonObject> out, int depth) {
      JsonObject props = schema.getJsonObject("properties");
      if (props == null || depth > 1) {
        return;
      }
      for (String name : props.fieldNames()) {
        JsonObject p = resolve(doc, props.getJsonObject(name));
        out.put(prefix + name, p);
        if (types(p).contains("object")) {
          collectFields(p, prefix + name + ".", out, depth + 1);
        }
      }
    }
  }

  /**
   * A valid body and its fields by path ({@code location.lon}, {@code points[0][1]}), each to be
   * replaced by a hostile value; {@code strict} when the contract gate reads it (not an import's
   * GeoJSON, which its handler reads).
   */
  record Body(String contentType, JsonObject base, Map<String, JsonObject> fields, boolean strict) {
    boolean form() {
      return contentType.equals("application/x-www-form-urlencoded");
    }

    byte[] bytes(String field, Hostile h) {
      JsonObject copy = base.copy();
      if (field != null) {
        put(copy, field, PLACEHOLDER);
      }
      String text;
      if (contentType.equals("application/x-www-form-urlencoded")) {
        StringBuilder b = new StringBuilder();
        for (String name : copy.fieldNames()) {
          Object v = copy.getValue(name);
          String value = PLACEHOLDER.equals(v) ? formValue(h) : String.valueOf(v);
          b.append(b.length() == 0 ? "" : "&").append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
              .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
        text = b.toString();
      } else {
        text = copy.encode();
        if (h != null) {
          text = text.replace("\"" + PLACEHOLDER + "\"", h.json() ? h.text() : jsonString(h.text()));
        }
      }
      return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String formValue(Hostile h) {
      String t = h.text();
      // A form carries text: a JSON string literal becomes its text again.
      if (t.startsWith("\"") && t.endsWith("\"") && t.length() >= 2) {
        return new JsonArray("[" + t + "]").getString(0);
      }
      return t;
    }

    private static void put(JsonObject body, String field, Object value) {
      if (field.startsWith("points[0][")) {
        int i = field.charAt("points[0][".length()) - '0';
        JsonArray pair = body.getJsonArray("points").getJsonArray(0);
        pair.set(i, value);
        return;
      }
      if (field.startsWith("attribute[")) {
        body.put(field, value);
        return;
      }
      int dot = field.indexOf('.');
      if (dot < 0) {
        body.put(field, value);
      } else {
        String head = field.substring(0, dot);
        JsonObject inner = body.getValue(head) instanceof JsonObject o ? o : new JsonObject();
        body.put(head, inner);
        put(inner, field.substring(dot + 1), value);
      }
    }
  }
}
