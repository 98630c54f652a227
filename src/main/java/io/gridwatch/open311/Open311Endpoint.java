package io.gridwatch.open311;

import io.gridwatch.audit.AuditLog;
import io.gridwatch.cases.CaseService;
import io.gridwatch.cases.Complaint;
import io.gridwatch.config.GridWatchConfig;
import io.gridwatch.geo.GridService;
import io.gridwatch.http.ApiException;
import io.gridwatch.http.ClientAddress;
import io.gridwatch.http.FieldError;
import io.gridwatch.http.HttpServerVerticle;
import io.gridwatch.http.InputGate;
import io.gridwatch.http.InputRules;
import io.gridwatch.http.Respond;
import io.gridwatch.open311.Open311Clients.ApiClient;
import io.gridwatch.open311.Open311Store.ServiceRequest;
import io.gridwatch.open311.ServiceCatalogue.Service;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.TimeoutHandler;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Open311 GeoReport v2 ({@code /open311/v2/}, JSON format), mapped onto complaints and cases
 * (docs/open311.md): the services are the complaint categories; a service request is a case,
 * named by its case number; filing goes through {@link CaseService#file} as the account the
 * client's api_key is bound to, so that account's scope and the workflow's rules apply.
 *
 * <p>Access: this path lies outside {@code /api/}, so the API guard does not cover it; the one
 * gate is {@link Open311Gate}, in front of every route that files or reads requests, and
 * handlers get the client only from it ({@link Open311Gate#client}, 401 when absent). The cases
 * are read by {@link Open311Store} and rendered by {@link ServiceRequests}.
 * The service list and definitions and the discovery document are public (no personal data, no
 * cases). Requests never carry the complainant's name, phone, ID number or e-mail.
 * Errors are {@code application/problem+json} like the rest of GridWatch. Thread-safe.
 */
public final class Open311Endpoint implements io.gridwatch.http.Endpoint {
  static final String BASE = "/open311/v2";
  private static final String JSON_TYPE = "application/json; charset=utf-8";
  /** Wrong or revoked keys allowed per client address and minute before 429 ({@link Open311Gate}). */
  static final int BAD_KEYS_PER_MINUTE = Open311Gate.BAD_KEYS_PER_MINUTE;
  /** The spec's window and page: at most 90 days, at most 1000 requests. */
  static final Duration MAX_WINDOW = Duration.ofDays(90);
  static final int MAX_RESULTS = 1000;
  private static final String CASE_NO = "GW-[0-9]{8}-[0-9]{6,}";

  private final CaseService cases;
  private final Open311Store store;
  private final Open311Gate gate;
  private final ServiceRequests requests;
  private final GridWatchConfig config;
  private final Clock clock;
  private final ServiceCatalogue catalogue = ServiceCatalogue.standard();

  public Open311Endpoint(CaseService cases, GridService grid, Open311Clients clients, Open311Store store,
      AuditLog audit, GridWatchConfig config, Clock clock) {
    this.cases = cases;
    this.store = store;
    this.gate = new Open311Gate(clients, audit, clock);
    this.requests = new ServiceRequests(grid, catalogue);
    this.config = config;
    this.clock = clock;
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
        .handler(gate::requireClient).handler(this::file);
    router.get(BASE + "/requests.json").handler(gate::requireClient).handler(this::list);
    router.get(BASE + "/requests/:service_request_id.json").handler(gate::requireClient).handler(this::one);
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
    ApiClient client = Open311Gate.client(ctx);
    RequestInput in = RequestInput.read(ctx);
    String code = in.field("service_code");
    if (code == null) {
      throw ApiException.invalid(List.of(new FieldError("service_code", "is required; GET services.json lists them")));
    }
    Complaint complaint = RequestForm.complaint(service(code), in);
    String key = idempotencyKey(ctx, client);
    // The filed case as the client may see it (it always may: CaseService checked the scope).
    Future<?> answered = cases.file(client.caller(ClientAddress.of(ctx)), complaint, key)
        .compose(filed -> store.find(client.scope(), new Open311Store.Filter(filed.caseId(), null, null, null, null,
            null), 1).map(found -> {
              ServiceRequest row = found.get(0);
              String caseNo = row.caseNo();
              JsonObject r = new JsonObject().put("service_request_id", caseNo)
                  .put("service_notice", requests.notice(caseNo, row.cellCode())).putNull("account_id");
              ctx.response().putHeader("Location", BASE + "/requests/" + caseNo + ".json");
              send(ctx, filed.created() ? 201 : 200, new JsonArray().add(r).encode(), "no-store");
              return null;
            }))
        .recover(e -> Future.failedFuture(withOpen311Fields(e)));
    Respond.with(ctx, answered, done -> {});
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
    ApiClient client = Open311Gate.client(ctx);
    String id = ctx.pathParam("service_request_id");
    if (id == null || !id.matches(CASE_NO)) {
      throw requestNotFound();
    }
    Respond.with(ctx, store.find(client.scope(), new Open311Store.Filter(null, new String[] {id}, null, null, null,
        null), 1), found -> {
          if (found.isEmpty()) {
            throw requestNotFound();
          }
          answer(ctx, found);
        });
  }

  private static ApiException requestNotFound() {
    // The same answer for a request that does not exist and one outside the client's scope.
    return ApiException.notFound("request-not-found", "Service request not found",
        "No service request with that service_request_id.");
  }

  private void list(RoutingContext ctx) {
    ApiClient client = Open311Gate.client(ctx);
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
      Respond.with(ctx, store.find(client.scope(), new Open311Store.Filter(null, wanted, null, null, null, null),
          MAX_RESULTS), found -> answer(ctx, found));
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
    Respond.with(ctx, store.find(client.scope(), new Open311Store.Filter(null, null, categories, status, start, end),
        MAX_RESULTS), found -> answer(ctx, found));
  }

  private void answer(RoutingContext ctx, List<ServiceRequest> found) {
    JsonArray out = new JsonArray();
    found.forEach(r -> out.add(requests.render(r)));
    send(ctx, 200, out.encode(), "no-store");
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

  private static void send(RoutingContext ctx, int status, String body, String cacheControl) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", JSON_TYPE).putHeader("Cache-Control", cacheControl)
        .end(body);
  }
}
