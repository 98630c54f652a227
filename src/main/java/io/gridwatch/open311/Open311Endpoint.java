package io.gridwatch.open311;

import io.gridwatch.audit.AuditEntry;
import io.gridwatch.audit.AuditLog;
import io.gridwatch.cases.CaseService;
import io.gridwatch.cases.Complaint;
import io.gridwatch.cases.workflow.CaseStatus;
import io.gridwatch.config.GridWatchConfig;
import io.gridwatch.geo.model.GridCell;
import io.gridwatch.geo.GridResolver;
import io.gridwatch.geo.GridService;
import io.gridwatch.http.ApiException;
import io.gridwatch.http.ClientAddress;
import io.gridwatch.http.FieldError;
import io.gridwatch.http.HttpServerVerticle;
import io.gridwatch.http.InputGate;
import io.gridwatch.http.InputRules;
import io.gridwatch.open311.Open311Clients.ApiClient;
import io.gridwatch.open311.Open311Clients.KeyCheck;
import io.gridwatch.open311.ServiceCatalogue.Service;
import io.gridwatch.store.Sql;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.TimeoutHandler;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Open311 GeoReport v2 ({@code /open311/v2/}, JSON format), mapped onto complaints and cases
 * (docs/open311.md): the services are the complaint categories; a service request is a case,
 * named by its case number; filing goes through {@link CaseService#file} as the account the
 * client's api_key is bound to, so that account's scope and the workflow's rules apply.
 *
 * <p>Access: this path lies outside {@code /api/}, so the API guard does not cover it; the one
 * gate is {@link #requireClient}, in front of every route that files or reads requests, and
 * handlers get the client only from it ({@link #client}, which fails with 401 when absent).
 * The service list and definitions and the discovery document are public (no personal data, no
 * cases). Requests never carry the complainant's name, phone, ID number or e-mail.
 * Errors are {@code application/problem+json} like the rest of GridWatch. Thread-safe.
 */
public final class Open311Endpoint implements io.gridwatch.http.Endpoint {
  private static final Logger LOG = LoggerFactory.getLogger(Open311Endpoint.class);
  static final String BASE = "/open311/v2";
  private static final String CLIENT = "gridwatch.open311.client";
  private static final String JSON_TYPE = "application/json; charset=utf-8";
  /** Wrong or revoked keys allowed per client address and minute before 429. */
  static final int BAD_KEYS_PER_MINUTE = 10;
  /** The spec's window and page: at most 90 days, at most 1000 requests. */
  static final Duration MAX_WINDOW = Duration.ofDays(90);
  static final int MAX_RESULTS = 1000;
  private static final ZoneOffset BEIJING = ZoneOffset.ofHours(8);
  private static final String CASE_NO = "GW-[0-9]{8}-[0-9]{6,}";

  private final CaseService cases;
  private final GridService grid;
  private final Open311Clients clients;
  private final Pool pool;
  private final AuditLog audit;
  private final GridWatchConfig config;
  private final Clock clock;
  private final ServiceCatalogue catalogue = ServiceCatalogue.standard();
  private final RateLimiter perClient;
  private final RateLimiter badKeys;

  public Open311Endpoint(CaseService cases, GridService grid, Open311Clients clients, Pool pool, AuditLog audit,
      GridWatchConfig config, Clock clock) {
    this.cases = cases;
    this.grid = grid;
    this.clients = clients;
    this.pool = pool;
    this.audit = audit;
    this.config = config;
    this.clock = clock;
    this.perClient = new RateLimiter(clock);
    this.badKeys = new RateLimiter(clock);
  }

  @Override
  public void addRoutes(Router router) {
    router.route("/open311/*").handler(TimeoutHandler.create(config.httpRequestTimeoutMs(), 503));
    // Outside the contract gate: the same rules for every query parameter and the path.
    router.route("/open311/*").handler(InputGate::check);
    // The spec's other format: say so clearly instead of a bare 404.
    router.route().pathRegex("/open311/v2/.+\\.xml").handler(ctx -> ctx.fail(new ApiException(406,
        "format-not-supported", "Format not supported",
        "GridWatch serves the JSON format of GeoReport v2 only: use .json instead of .xml.", List.of())));
    router.get("/open311/discovery.json").handler(this::discovery);
    router.get(BASE + "/services.json").handler(this::services);
    router.get(BASE + "/services/:service_code.json").handler(this::definition);
    router.post(BASE + "/requests.json").handler(HttpServerVerticle.jsonBodyHandler(config))
        .handler(this::requireClient).handler(this::file);
    router.get(BASE + "/requests.json").handler(this::requireClient).handler(this::list);
    router.get(BASE + "/requests/:service_request_id.json").handler(this::requireClient).handler(this::one);
  }

  // ---- access

  /**
   * The one gate: finds the client of {@code api_key} (query string, form or JSON body) and puts
   * it on the context, or fails: no key 401, a wrong or revoked key 401 (audited; past
   * {@link #BAD_KEYS_PER_MINUTE} a minute from one address 429, unaudited), a key whose account is
   * disabled or may no longer file 403, over the client's rate 429.
   */
  private void requireClient(RoutingContext ctx) {
    String key = apiKey(ctx);
    if (key == null) {
      ctx.fail(unauthorized("api-key-required", "This call needs an api_key (ask the GridWatch administrators for"
          + " one)."));
      return;
    }
    String address = ClientAddress.of(ctx);
    clients.check(key).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      KeyCheck check = ar.result();
      if (check instanceof KeyCheck.Valid valid) {
        ApiClient client = valid.client();
        long w = perClient.acquire("client:" + client.id(), client.ratePerMinute());
        if (w > 0) {
          ctx.fail(ApiException.tooManyRequests("This client may make " + client.ratePerMinute()
              + " requests a minute.", w));
          return;
        }
        ctx.put(CLIENT, client);
        ctx.next();
        return;
      }
      ApiException refusal;
      JsonObject detail = new JsonObject().put("path", ctx.request().path());
      if (check instanceof KeyCheck.AccountNotAllowed n) {
        detail.put("clientId", n.clientId()).put("reason", "account disabled or not allowed to file");
        refusal = ApiException.forbidden("open311-client-not-allowed",
            "The account this api_key acts for is disabled or may no longer file complaints.");
      } else {
        // Limited per address so that a misconfigured or probing client cannot flood the audit
        // trail; valid keys from the same address are not held up.
        long wait = badKeys.acquire(address, BAD_KEYS_PER_MINUTE);
        if (wait > 0) {
          ctx.fail(ApiException.tooManyRequests("Too many requests with a wrong api_key from this address.", wait));
          return;
        }
        detail.put("reason", "unknown or revoked api_key");
        refusal = unauthorized("api-key-invalid", "The api_key is not valid (unknown or revoked).");
      }
      audit.record(new AuditEntry(null, "open311", "open311.auth", "route", ctx.request().method() + " "
              + ctx.request().path(), address, AuditEntry.Outcome.DENIED, detail))
          .onComplete(x -> {
            if (x.failed()) {
              LOG.warn("Could not audit a refused Open311 request: {}", x.cause().getMessage());
            }
            ctx.fail(refusal);
          });
    });
  }

  private static ApiException unauthorized(String slug, String detail) {
    return ApiException.unauthorized(slug, detail).withHeader("WWW-Authenticate", "api_key realm=\"GridWatch Open311\"");
  }

  /** The api_key of the request: a query parameter, or an argument of the form or JSON body. */
  private static String apiKey(RoutingContext ctx) {
    String key = ctx.queryParams().get("api_key");
    if ((key == null || key.isBlank()) && ctx.request().method().name().equals("POST")) {
      String type = RequestInput.contentType(ctx);
      if (type.equals("application/x-www-form-urlencoded")) {
        key = ctx.request().getFormAttribute("api_key");
      } else if (type.equals("application/json")) {
        try {
          key = RequestInput.jsonBody(ctx).getValue("api_key") instanceof String s ? s : null;
        } catch (ApiException e) {
          key = null; // the handler reports the malformed body; without a key this is a 401 first
        }
      }
    }
    return key == null || key.isBlank() ? null : key.strip();
  }

  /** The client {@link #requireClient} let in; 401 if none did (fail closed). */
  private static ApiClient client(RoutingContext ctx) {
    ApiClient client = ctx.get(CLIENT);
    if (client == null) {
      throw ApiException.unauthorized("api-key-required", "This call needs an api_key.");
    }
    return client;
  }

  // ---- services (public)

  private void discovery(RoutingContext ctx) {
    String base = ctx.request().scheme() + "://" + ctx.request().authority() + BASE;
    JsonObject d = new JsonObject().put("changeset", "2025-01-01T00:00:00+08:00")
        .put("contact", "The labour-security inspection dispatch centre that runs this GridWatch.")
        .put("key_service", "api_key from the GridWatch administrators (POST /api/open311/clients)")
        .put("endpoints", new JsonArray().add(new JsonObject()
            .put("specification", "http://wiki.open311.org/GeoReport_v2").put("url", base)
            .put("changeset", "2025-01-01T00:00:00+08:00").put("type", "production")
            .put("formats", new JsonArray().add("application/json"))));
    send(ctx, 200, d.encode(), "public, max-age=300");
  }

  private void services(RoutingContext ctx) {
    JsonArray out = new JsonArray();
    catalogue.services().forEach(s -> out.add(s.toJson()));
    send(ctx, 200, out.encode(), "public, max-age=300");
  }

  private void definition(RoutingContext ctx) {
    Service s = service(ctx.pathParam("service_code"));
    send(ctx, 200, s.definition().encode(), "public, max-age=300");
  }

  private Service service(String code) {
    return catalogue.find(code).orElseThrow(() -> ApiException.notFound("service-not-found", "Service not found",
        "No service_code " + (code != null && code.matches("[A-Z_]{1,40}") ? code : "like that")
            + "; GET services.json lists them."));
  }

  // ---- POST requests

  private void file(RoutingContext ctx) {
    ApiClient client = client(ctx);
    RequestInput in = RequestInput.read(ctx);
    String code = in.field("service_code");
    if (code == null) {
      throw ApiException.invalid(List.of(new FieldError("service_code", "is required; GET services.json lists them")));
    }
    Complaint complaint = RequestForm.complaint(service(code), in);
    String key = idempotencyKey(ctx, client);
    cases.file(client.caller(ClientAddress.of(ctx)), complaint, key)
        .compose(filed -> load(client, filed.caseId()).map(row -> {
          String caseNo = row.getString("case_no");
          JsonObject r = new JsonObject().put("service_request_id", caseNo)
              .put("service_notice", notice(caseNo, row.getString("cell_code"))).putNull("account_id");
          ctx.response().putHeader("Location", BASE + "/requests/" + caseNo + ".json");
          send(ctx, filed.created() ? 201 : 200, new JsonArray().add(r).encode(), "no-store");
          return null;
        }))
        .onFailure(e -> ctx.fail(withOpen311Fields(e)));
  }

  /**
   * The key CaseService files under: the client's {@code Idempotency-Key} header (1 to 64
   * characters), else a fresh one, so that without the header every POST is a new request. Keys
   * are kept per client, so two clients of one account cannot collide.
   */
  private static String idempotencyKey(RoutingContext ctx, ApiClient client) {
    String header = ctx.request().getHeader("Idempotency-Key");
    if (header == null) {
      return "open311:" + client.id() + ":new:" + UUID.randomUUID();
    }
    String key = header.strip();
    if (key.isEmpty() || key.length() > 64 || !key.matches("[\\x21-\\x7E]+")) {
      throw ApiException.badRequest("Idempotency-Key", "must be 1 to 64 printable ASCII characters");
    }
    return "open311:" + client.id() + ":key:" + key;
  }

  private String notice(String caseNo, String cellCode) {
    String agency = agency(cellCode);
    return agency == null
        ? "已接收 Received as " + caseNo + ". It lies outside the grid's coverage and waits in the dispatch centre's"
            + " queue for a unit to be assigned."
        : "已接收 Received as " + caseNo + " by " + agency + ". Within 5 working days the unit decides whether to"
            + " accept it for handling (受理) and register it (立案); follow it with GET requests/" + caseNo + ".json.";
  }

  /** Problems about GridWatch's field names (e.g. from filing) renamed to the Open311 arguments. */
  private static Throwable withOpen311Fields(Throwable e) {
    if (!(e instanceof ApiException a) || a.errors().isEmpty()) {
      return e;
    }
    List<FieldError> renamed = a.errors().stream()
        .map(f -> new FieldError(RequestForm.open311Field(f.field()), f.message())).toList();
    return new ApiException(a.status(), a.slug(), a.title(), a.getMessage(), renamed);
  }

  // ---- GET requests

  private void one(RoutingContext ctx) {
    ApiClient client = client(ctx);
    String id = ctx.pathParam("service_request_id");
    if (id == null || !id.matches(CASE_NO)) {
      throw requestNotFound();
    }
    query(client, null, new String[] {id}, null, null, null, null, 1).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else if (ar.result().isEmpty()) {
        ctx.fail(requestNotFound());
      } else {
        JsonArray out = new JsonArray();
        ar.result().forEach(r -> out.add(render(r)));
        send(ctx, 200, out.encode(), "no-store");
      }
    });
  }

  private static ApiException requestNotFound() {
    // The same answer for a request that does not exist and one outside the client's scope.
    return ApiException.notFound("request-not-found", "Service request not found",
        "No service request with that service_request_id.");
  }

  private void list(RoutingContext ctx) {
    ApiClient client = client(ctx);
    List<FieldError> errors = new ArrayList<>();
    List<String> ids = values(ctx, "service_request_id");
    List<String> codes = values(ctx, "service_code");
    List<String> statuses = values(ctx, "status");
    OffsetDateTime start = time(ctx, "start_date", errors);
    OffsetDateTime end = time(ctx, "end_date", errors);
    if (ids.size() > MAX_RESULTS) {
      errors.add(new FieldError("service_request_id", "at most " + MAX_RESULTS + " ids at once"));
    }
    for (String code : codes) {
      if (catalogue.find(code).isEmpty()) {
        errors.add(new FieldError("service_code", "names no service (GET services.json lists them)"));
        break;
      }
    }
    for (String s : statuses) {
      if (!s.equals(StatusMapping.OPEN) && !s.equals(StatusMapping.CLOSED)) {
        errors.add(new FieldError("status", "must be open or closed (comma separated for both)"));
        break;
      }
    }
    if (!ids.isEmpty()) {
      if (!errors.isEmpty()) {
        throw ApiException.invalid(errors);
      }
      // The spec: service_request_id overrides every other argument.
      String[] wanted = ids.stream().filter(i -> i.matches(CASE_NO)).toArray(String[]::new);
      respondList(ctx, query(client, null, wanted, null, null, null, null, MAX_RESULTS));
      return;
    }
    // The spec's window: the 90 days up to end_date (default now), or from start_date.
    if (end == null) {
      end = start == null ? OffsetDateTime.now(clock) : start.plus(MAX_WINDOW);
    }
    if (start == null) {
      start = end.minus(MAX_WINDOW);
    }
    if (errors.isEmpty() && end.isBefore(start)) {
      errors.add(new FieldError("end_date", "is before start_date"));
    } else if (errors.isEmpty() && Duration.between(start, end).compareTo(MAX_WINDOW) > 0) {
      errors.add(new FieldError("end_date", "may be at most 90 days after start_date"));
    }
    if (!errors.isEmpty()) {
      throw ApiException.invalid(errors);
    }
    String[] categories = codes.isEmpty() ? null : codes.toArray(String[]::new);
    Set<String> wantedStatuses = new LinkedHashSet<>();
    statuses.forEach(s -> wantedStatuses.addAll(StatusMapping.gridWatchStatuses(s)));
    String[] status = wantedStatuses.isEmpty() ? null : wantedStatuses.toArray(String[]::new);
    respondList(ctx, query(client, null, null, categories, status, start, end, MAX_RESULTS));
  }

  private void respondList(RoutingContext ctx, Future<List<Row>> rows) {
    rows.onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      JsonArray out = new JsonArray();
      ar.result().forEach(r -> out.add(render(r)));
      send(ctx, 200, out.encode(), "no-store");
    });
  }

  /** A list argument: comma separated, and/or given several times; blanks dropped. */
  private static List<String> values(RoutingContext ctx, String name) {
    List<String> out = new ArrayList<>();
    for (String v : ctx.queryParam(name)) {
      for (String part : v.split(",")) {
        if (!part.isBlank()) {
          out.add(part.strip());
        }
      }
    }
    return out;
  }

  private static OffsetDateTime time(RoutingContext ctx, String name, List<FieldError> errors) {
    List<String> all = ctx.queryParam(name);
    if (all.isEmpty() || all.get(0).isBlank()) {
      return null;
    }
    if (all.size() > 1) {
      errors.add(new FieldError(name, "given " + all.size() + " times; give it once"));
      return null;
    }
    try {
      OffsetDateTime time = OffsetDateTime.parse(all.get(0).strip());
      String problem = InputRules.timeProblem(time);
      if (problem != null) {
        errors.add(new FieldError(name, problem));
        return null;
      }
      return time;
    } catch (DateTimeParseException e) {
      errors.add(new FieldError(name, "must be a W3C date-time with a time zone, e.g. 2025-01-01T00:00:00+08:00"));
      return null;
    }
  }

  /** The filed case as the client may see it (it always may: CaseService checked the scope). */
  private Future<Row> load(ApiClient client, long caseId) {
    return query(client, caseId, null, null, null, null, null, 1).map(rows -> rows.get(0));
  }

  /** Cases in the client's scope matching the filters (null: any), newest first. */
  private Future<List<Row>> query(ApiClient client, Long caseId, String[] caseNos, String[] categories,
      String[] statuses, OffsetDateTime start, OffsetDateTime end, int limit) {
    Tuple t = Tuple.tuple().addValue(client.scope().sqlPrefix()).addValue(caseId).addValue(caseNos)
        .addValue(categories).addValue(statuses).addValue(start).addValue(end).addValue(limit);
    return pool.preparedQuery(Sql.get("open311/select-requests")).execute(t).map(rows -> {
      List<Row> out = new ArrayList<>();
      rows.forEach(out::add);
      return out;
    });
  }

  /** A case as a service request: no complainant data at all. */
  private JsonObject render(Row r) {
    CaseStatus status = CaseStatus.valueOf(r.getString("status"));
    String category = r.getString("category");
    String cell = r.getString("cell_code");
    Optional<Service> service = catalogue.find(category);
    OffsetDateTime expected = r.getOffsetDateTime("expected_at");
    return new JsonObject()
        .put("service_request_id", r.getString("case_no"))
        .put("status", StatusMapping.open311(status))
        .put("status_notes", StatusMapping.notes(status, r.getString("merged_into_no")))
        .put("service_name", service.map(Service::name).orElse(category))
        .put("service_code", category)
        .put("description", r.getString("description"))
        .put("agency_responsible", agency(cell))
        .putNull("service_notice")
        .put("requested_datetime", w3(r.getOffsetDateTime("created_at")))
        .put("updated_datetime", w3(r.getOffsetDateTime("updated_at")))
        .put("expected_datetime", status.isOpen() && expected != null ? w3(expected) : null)
        .put("address", address(cell))
        .putNull("address_id")
        .putNull("zipcode")
        .put("lat", r.getDouble("lat_wgs84"))
        .put("long", r.getDouble("lon_wgs84"))
        .putNull("media_url");
  }

  /**
   * The units responsible: the level-1 grid's inspection brigade (监察大队) and the level-2 grid's
   * squad (中队), by the names of the current grid; null for an unassigned case.
   */
  private String agency(String cellCode) {
    if (cellCode == null) {
      return null;
    }
    GridResolver resolver = grid.snapshot().resolver();
    String district = resolver.cell(cellCode.substring(0, 6)).map(GridCell::name).orElse(cellCode.substring(0, 6));
    StringBuilder s = new StringBuilder(district).append("劳动保障监察大队");
    if (cellCode.length() >= 9) {
      resolver.cell(cellCode.substring(0, 9)).ifPresent(c -> s.append(' ').append(c.name()).append("中队"));
    }
    return s.toString();
  }

  /** The cell's names, most specific first (as the spec orders an address); null when unassigned. */
  private String address(String cellCode) {
    if (cellCode == null) {
      return null;
    }
    GridResolver resolver = grid.snapshot().resolver();
    List<String> names = new ArrayList<>();
    for (int len : new int[] {14, 12, 9, 6}) {
      if (cellCode.length() >= len) {
        resolver.cell(cellCode.substring(0, len)).ifPresent(c -> names.add(c.name()));
      }
    }
    return names.isEmpty() ? cellCode : String.join(", ", names);
  }

  private static String w3(OffsetDateTime t) {
    return t == null ? null
        : t.withOffsetSameInstant(BEIJING).truncatedTo(ChronoUnit.SECONDS).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
  }

  private static void send(RoutingContext ctx, int status, String body, String cacheControl) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", JSON_TYPE).putHeader("Cache-Control", cacheControl)
        .end(body);
  }
}
