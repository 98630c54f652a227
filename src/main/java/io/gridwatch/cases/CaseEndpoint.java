package io.gridwatch.cases;

import io.gridwatch.audit.AuditEntry;
import io.gridwatch.audit.AuditLog;
import io.gridwatch.auth.CurrentUser;
import io.gridwatch.cases.CaseService.Caller;
import io.gridwatch.cases.clock.Deadline;
import io.gridwatch.cases.clock.TimerState;
import io.gridwatch.cases.CaseStore.StoredCase;
import io.gridwatch.cases.workflow.CaseAction;
import io.gridwatch.cases.workflow.CaseState;
import io.gridwatch.cases.workflow.CaseStatus;
import io.gridwatch.cases.workflow.Command;
import io.gridwatch.cases.workflow.Outcome;
import io.gridwatch.cases.workflow.OutcomeAction;
import io.gridwatch.cases.workflow.Satisfaction;
import io.gridwatch.config.GridWatchConfig;
import io.gridwatch.http.ApiException;
import io.gridwatch.http.Endpoint;
import io.gridwatch.http.HttpServerVerticle;
import io.gridwatch.http.JsonBody;
import io.gridwatch.http.Params;
import io.gridwatch.http.ReportedLocation;
import io.gridwatch.http.Respond;
import io.gridwatch.privacy.Masking;
import io.gridwatch.privacy.PersonalDataAccess;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Complaints and cases: filing ({@code POST /api/complaints}, idempotent per user and key), one
 * case, the list, and workflow transitions. Scope is applied here: a case outside the caller's
 * scope is a 404, the same as a missing one, and never appears in a list or its total; cases
 * not yet placed in a cell (outside coverage) are visible to city-wide users only.
 * Complainants are masked unless {@link PersonalDataAccess} allows the caller to see them in
 * clear, and every clear read of a stored case is audited ({@code case.read-unmasked}).
 */
public final class CaseEndpoint implements Endpoint {
  private static final Set<String> TRANSITION_FIELDS = Set.of("action", "expectedVersion", "reason", "inspectors",
      "outcome", "passed", "workingDays", "intoCaseId", "satisfaction", "note", "clock", "days", "reviewDate",
      "cellCode", "location");
  private final CaseService cases;
  private final CaseStore store;
  private final AuditLog audit;
  private final GridWatchConfig config;

  public CaseEndpoint(CaseService cases, AuditLog audit, GridWatchConfig config) {
    this.cases = cases;
    this.store = cases.store();
    this.audit = audit;
    this.config = config;
  }

  @Override
  public void addRoutes(Router router) {
    Handler<RoutingContext> body = HttpServerVerticle.jsonBodyHandler(config);
    router.post("/api/complaints").handler(body).handler(this::file);
    router.get("/api/complaints/categories").handler(this::categories);
    router.get("/api/cases").handler(this::list);
    router.get("/api/cases/:caseId").handler(this::get);
    router.post("/api/cases/:caseId/transitions").handler(body).handler(this::transition);
  }

  // ---- filing

  private void file(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    String key = ctx.request().getHeader("Idempotency-Key");
    if (key == null || key.isBlank() || key.length() > 100 || key.chars().anyMatch(Character::isISOControl)) {
      throw ApiException.badRequest("Idempotency-Key", "header is required: 1 to 100 characters");
    }
    Complaint complaint = Complaint.parse(JsonBody.of(ctx));
    cases.file(Caller.of(user, ctx), complaint, key.strip())
        .compose(filed -> respond(ctx, user, filed.caseId(), filed.created() ? 201 : 200))
        .onFailure(ctx::fail);
  }

  // ---- reading

  private void get(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    long id = Params.pathId(ctx, "caseId");
    respond(ctx, user, id, 200).onFailure(ctx::fail);
  }

  /** Loads a visible case (404 otherwise), renders it for {@code user}, audits a clear read, answers. */
  Future<Void> respond(RoutingContext ctx, CurrentUser user, long id, int status) {
    return visibleCase(user, id).compose(c -> {
      // Independent reads, all at once.
      Future<JsonArray> eventsF = store.events(id);
      Future<List<Deadline>> deadlinesF = store.deadlines(id);
      var escalationsF = store.escalations(id);
      var relatedF = store.related(id, user.scope());
      Future<JsonArray> supervisionsF = store.supervisions(id);
      return Future.all(eventsF, deadlinesF, escalationsF, relatedF, supervisionsF).compose(all -> {
        JsonArray events = eventsF.result();
        List<Deadline> ds = deadlinesF.result();
        var escalations = escalationsF.result();
        var related = relatedF.result();
        JsonArray supervisions = supervisionsF.result();
        boolean clear = mayReadClear(user, c);
        JsonObject json = render(c, clear).put("events", events).put("escalations", escalations)
            .put("related", related);
        putSupervision(json, c, user, supervisions);
        putArrivals(json, events);
        JsonArray actions = new JsonArray();
        io.gridwatch.cases.workflow.Workflow.availableActions(c.state(),
            new io.gridwatch.cases.workflow.Actor(user.id(), user.role())).forEach(a -> actions.add(a.wireName()));
        json.put("availableActions", actions);
        putDeadlines(json, ds);
        Future<Void> audited = Future.succeededFuture();
        if (clear && status != 201) {
          List<String> fields = new ArrayList<>(List.of("complainant.name", "complainant.phone"));
          if (c.details().complainant().idNumber() != null) {
            fields.add("complainant.idNumber");
          }
          audited = audit.record(user.actor(ctx).entry("case.read-unmasked", "case", String.valueOf(id),
              AuditEntry.Outcome.SUCCESS, new JsonObject().put("caseNo", c.caseNo()).put("fields", new JsonArray(fields))));
        }
        return audited.map(v -> {
          ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json");
          if (status == 201) {
            ctx.response().putHeader("Location", "/api/cases/" + id);
          }
          ctx.response().end(json.encode());
          return null;
        });
      });
    });
  }

  /**
   * The case's current supervision as of the injected clock ({@link SupervisionJson}), its history
   * and what the caller may do about it ({@code supervisionActions}: supervise, list, lift).
   */
  private void putSupervision(JsonObject json, StoredCase c, CurrentUser user, JsonArray history) {
    JsonObject current = SupervisionJson.of(c.details().supervision(), cases.clock().instant(), true);
    json.put("supervision", current).put("supervisionHistory", history);
    JsonArray actions = new JsonArray();
    SupervisionRules.actions(user.role(), user.gridCode(), c.cellCode(), c.state().status().isOpen(),
        current == null ? null : current.getString("level"), current == null ? null : current.getString("source"))
        .forEach(actions::add);
    json.put("supervisionActions", actions);
  }

  /**
   * The check-ins of the current dispatch (since the last dispatch event): each inspector's
   * location, time and distance from the case, and {@code arrivalDistanceMeters}, the first
   * check-in's distance (null without a located check-in).
   */
  static void putArrivals(JsonObject json, JsonArray events) {
    JsonArray arrivals = new JsonArray();
    for (int i = 0; i < events.size(); i++) {
      JsonObject e = events.getJsonObject(i);
      if ("dispatched".equals(e.getString("type"))) {
        arrivals = new JsonArray();
      } else if ("arrived".equals(e.getString("type"))) {
        JsonObject d = e.getJsonObject("data", new JsonObject());
        arrivals.add(new JsonObject().put("userId", e.getJsonObject("actor").getLong("userId"))
            .put("at", e.getString("at")).put("location", d.getJsonObject("location"))
            .put("distanceMeters", d.getValue("distanceMeters"))
            .put("farFromSite", d.getBoolean("farFromSite", false)));
      }
    }
    Object first = null;
    for (int i = 0; i < arrivals.size() && first == null; i++) {
      first = arrivals.getJsonObject(i).getValue("distanceMeters");
    }
    json.put("arrivals", arrivals).put("arrivalDistanceMeters", first);
  }

  /**
   * The case's clocks as of now: every deadline, the next one to watch, whether any is overdue and
   * whether any unmet one is provisional (counted over a year without a checked holiday notice).
   */
  private void putDeadlines(JsonObject json, List<Deadline> deadlines) {
    var calc = cases.clocks().calculator();
    java.time.Instant now = cases.clock().instant();
    java.util.function.Function<Deadline, TimerState> status = d -> calc.status(d, now);
    Deadline next = DeadlineRows.next(deadlines);
    json.put("deadlines", DeadlineRows.json(deadlines, status))
        .put("nextDeadline", next == null ? null : DeadlineRows.json(next, status.apply(next)))
        .put("overdue", DeadlineRows.anyOverdue(deadlines, status))
        .put("provisionalDeadlines", deadlines.stream().anyMatch(d -> d.provisional() && !d.isMet()));
  }

  private Future<StoredCase> visibleCase(CurrentUser user, long id) {
    return store.load(id).compose(c -> c.isPresent() && visible(user, c.get().cellCode())
        ? Future.succeededFuture(c.get()) : Future.failedFuture(CaseService.notFound(id)));
  }

  private static boolean visible(CurrentUser user, String cellCode) {
    return user.scope().seesCase(cellCode);
  }

  private static boolean mayReadClear(CurrentUser user, StoredCase c) {
    return PersonalDataAccess.mayReadClear(user.role(), user.id(), c.takenBy(),
        Set.copyOf(c.state().assignedInspectors()));
  }

  /** The sort orders of {@code GET /api/cases}; the default is newest first. */
  static final List<String> SORTS = List.of("-createdAt", "createdAt", "nextDue", "-updatedAt", "updatedAt",
      "-workers");

  private void list(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    Params p = new Params(ctx);
    String status = p.optionalText("status", "[A-Z_]+", "a case status");
    if (status != null && Arrays.stream(CaseStatus.values()).noneMatch(s -> s.name().equals(status))) {
      p.error("status", "must be one of " + Arrays.toString(CaseStatus.values()));
    }
    String category = p.optionalText("category", "[A-Z_]+", "a category");
    if (category != null && !Complaint.CATEGORIES.contains(category)) {
      p.error("category", "must be one of " + String.join(", ", Complaint.CATEGORIES));
    }
    String channel = p.optionalText("channel", "[A-Z_0-9]+", "a channel");
    if (channel != null && !Complaint.CHANNELS.contains(channel)) {
      p.error("channel", "must be one of " + String.join(", ", Complaint.CHANNELS));
    }
    String supervision = p.optionalText("supervision", "SUPERVISED|LISTED", "SUPERVISED or LISTED");
    String sort = p.optionalText("sort", "[-a-zA-Z]+", "a sort order");
    if (sort != null && !SORTS.contains(sort)) {
      p.error("sort", "must be one of " + String.join(", ", SORTS));
    }
    String assigneeText = p.optionalText("assignee", "me|[1-9][0-9]{0,17}", "me, or a user id");
    Long assignee = assigneeText == null ? null : "me".equals(assigneeText) ? user.id() : Long.valueOf(assigneeText);
    CaseStore.Filter filter = new CaseStore.Filter(status,
        p.optionalText("cell", Complaint.CODE_PATTERN, "a grid code (6, 9, 12 or 14 digits)"),
        p.flag("unassigned"), category, channel, p.optionalBool("overdue"),
        Params.likeEscaped(p.optionalSearchText("employer", 200)), Params.likeEscaped(p.optionalSearchText("q", 200)),
        p.optionalBool("open"), supervision, sort == null ? "-createdAt" : sort, assignee);
    Integer limit = p.optionalInt("limit", 1, 500);
    Integer offset = p.optionalInt("offset", 0, 1_000_000);
    p.validate();
    var calc = cases.clocks().calculator();
    java.time.Instant now = cases.clock().instant();
    Respond.json(ctx, store.list(user.scope(), filter, now, limit == null ? 50 : limit, offset == null ? 0 : offset)
        .map(page -> {
          JsonArray items = new JsonArray();
          page.items().forEach(item -> items.add(listItem(item, calc, now)));
          return new JsonObject().put("items", items).put("total", page.total());
        }));
  }

  private static JsonObject listItem(CaseListItem r, io.gridwatch.cases.clock.DeadlineCalculator calc,
      java.time.Instant now) {
    JsonObject next = null;
    if (r.nextDeadline() != null) {
      next = DeadlineRows.json(r.nextDeadline(), calc.status(r.nextDeadline(), now));
    }
    Double lon = r.lonWgs84();
    return new JsonObject().put("caseId", r.id()).put("caseNo", r.caseNo())
        .put("status", r.status()).put("version", r.version())
        .put("channel", r.channel()).put("category", r.category())
        .put("urgency", r.urgency()).put("cellCode", r.cellCode())
        .put("unassignedReason", r.unassignedReason())
        .put("location", lon == null ? null : new JsonObject().put("lon", lon).put("lat", r.latWgs84()))
        .put("employer", new JsonObject().put("name", r.employerName())
            .put("creditCode", r.employerCreditCode()))
        .put("workersInvolved", r.workersInvolved())
        .put("totalWorkers", r.workersInvolved() + r.mergedWorkers())
        .put("amountOwed", r.amountOwed())
        .put("arrearsWarning", arrearsWarning(r.category(), r.attributes()))
        .put("supervision", SupervisionJson.of(r.supervision(), now, false))
        .put("nextDeadline", next)
        .put("overdue", next != null && "RED".equals(next.getString("status")))
        .put("provisionalDeadlines", r.provisionalDeadlines())
        .put("complainant", complainant(r.complainant(), false))
        .put("assignedInspectors", new JsonArray(new ArrayList<>(r.assignedInspectors())))
        .put("acceptedBy", new JsonArray(new ArrayList<>(r.acceptedBy())))
        .put("createdAt", r.createdAt().toString())
        .put("updatedAt", r.updatedAt().toString());
  }

  static JsonObject complainant(CaseDetails.Complainant c, boolean clear) {
    String name = c.name();
    String phone = c.phone();
    String id = c.idNumber();
    return new JsonObject()
        .put("name", clear ? name : Masking.name(name))
        .put("phone", clear ? phone : Masking.phone(phone))
        .put("idNumber", clear ? id : Masking.idNumber(id))
        .put("masked", !clear);
  }

  static JsonObject render(StoredCase c, boolean clear) {
    CaseDetails r = c.details();
    CaseState s = c.state();
    JsonObject location = null;
    if (r.location() != null) {
      CaseDetails.Location l = r.location();
      location = new JsonObject().put("lon", l.lon()).put("lat", l.lat())
          .put("crs", l.crs())
          .put("wgs84", new JsonObject().put("lon", l.lonWgs84()).put("lat", l.latWgs84()));
    }
    JsonObject outcome = r.outcome();
    return new JsonObject()
        .put("caseId", c.id()).put("caseNo", c.caseNo())
        .put("status", s.status().name()).put("version", s.version())
        .put("channel", r.channel()).put("category", c.category())
        .put("urgency", r.urgency())
        .put("attributes", r.attributes())
        .put("arrearsWarning", arrearsWarning(c.category(), r.attributes()))
        .put("cellCode", c.cellCode()).put("cellVersionId", r.cellVersionId())
        .put("unassignedReason", r.unassignedReason())
        .put("boundary", r.boundary()).put("snapped", r.snapped())
        .put("location", location)
        .put("employer", new JsonObject().put("name", r.employerName())
            .put("creditCode", r.employerCreditCode()))
        .put("workersInvolved", r.workersInvolved())
        .put("mergedWorkers", r.mergedWorkers())
        .put("totalWorkers", r.workersInvolved() + r.mergedWorkers())
        .put("amountOwed", r.amountOwed())
        .put("description", r.description())
        .put("complainant", complainant(r.complainant(), clear))
        .put("takenBy", c.takenBy())
        .put("assignedInspectors", new JsonArray(new ArrayList<>(s.assignedInspectors())))
        .put("acceptedBy", new JsonArray(new ArrayList<>(s.acceptedBy())))
        .put("extensionWorkingDays", s.extensionWorkingDays())
        .put("statusBeforeParking", s.statusBeforeParking() == null ? null : s.statusBeforeParking().name())
        .put("outcome", outcome)
        .put("reworks", s.reworks())
        .put("followUp", s.followUp() == null ? null : s.followUp().name())
        .put("mergedInto", s.mergedInto())
        .put("supervision", SupervisionJson.of(r.supervision(), null, true))
        .put("createdAt", r.createdAt().toString())
        .put("updatedAt", r.updatedAt().toString());
  }

  /**
   * The three-colour wage-arrears warning (三色预警) by months unpaid: YELLOW under one month,
   * ORANGE one to two, RED over two (shared/DOMAIN.md); null when not a wage case or not known.
   */
  static String arrearsWarning(String category, JsonObject attributes) {
    if (!"WAGE_ARREARS".equals(category) || attributes == null || attributes.getValue("monthsUnpaid") == null) {
      return null;
    }
    long months = attributes.getLong("monthsUnpaid");
    return months < 1 ? "YELLOW" : months <= 2 ? "ORANGE" : "RED";
  }

  private void categories(RoutingContext ctx) {
    ctx.response().putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "private, max-age=300")
        .end(CategoryCatalogue.bundled().toJson().encode());
  }

  // ---- transitions

  private void transition(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    long id = Params.pathId(ctx, "caseId");
    JsonBody body = JsonBody.of(ctx).allowOnly(TRANSITION_FIELDS.toArray(String[]::new));
    CaseAction action = null;
    try {
      action = CaseAction.parse(body.value("action") instanceof String s ? s : null);
    } catch (IllegalArgumentException e) {
      body.error("action", e.getMessage());
    }
    long expected = 0;
    Object ev = body.value("expectedVersion");
    if (!(ev instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.longValue() < 1) {
      body.error("expectedVersion", "is required: the case's version as last read (a whole number, 1 or more)");
    } else {
      expected = n.longValue();
    }
    if (action == CaseAction.DISPATCH_TIMEOUT) {
      body.error("action", "dispatch-timeout is the system's own action when a team does not accept in time;"
          + " it cannot be requested");
    }
    Command.CheckIn checkIn = action == CaseAction.ARRIVE ? checkIn(body) : null;
    List<Long> inspectors = List.of();
    if (action == CaseAction.DISPATCH) {
      Object team = body.value("inspectors");
      if (!(team instanceof JsonArray arr) || arr.stream().anyMatch(v -> !(v instanceof Number))) {
        body.error("inspectors", "is required: the user ids of at least two inspectors");
      } else {
        inspectors = CaseStore.ids(arr.getList());
      }
    }
    body.validate();
    CaseAction act = action;
    long expectedVersion = expected;
    List<Long> team = inspectors;
    command(body, act, expectedVersion, team, checkIn)
        .compose(cmd -> cases.transition(Caller.of(user, ctx), id, cmd))
        .compose(v -> respond(ctx, user, id, 200))
        .onFailure(ctx::fail);
  }

  /**
   * The check-in location of an arrival ({@code location {lon, lat, crs?, accuracyMeters?}}), in
   * WGS84; null when none was sent. The distance to the case is the service's to measure.
   */
  private static Command.CheckIn checkIn(JsonBody body) {
    ReportedLocation at = ReportedLocation.read(body, "location");
    return at == null ? null : new Command.CheckIn(at.lon(), at.lat(), at.accuracyMeters(), null, false);
  }

  private Future<Command> command(JsonBody body, CaseAction action, long v, List<Long> team,
      Command.CheckIn checkIn) {
    String reason = body.value("reason") instanceof String s ? s : null;
    Command.ExtendedClock clock;
    LocalDate reviewDate;
    try {
      clock = body.value("clock") instanceof String s ? Command.ExtendedClock.valueOf(s.strip()) : null;
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(ApiException.badRequest("clock", "must be INVESTIGATION or PROMISE"));
    }
    try {
      reviewDate = body.value("reviewDate") instanceof String s ? LocalDate.parse(s.strip()) : null;
    } catch (DateTimeParseException e) {
      return Future.failedFuture(ApiException.badRequest("reviewDate", "must be a date, yyyy-MM-dd"));
    }
    return switch (action) {
      case ADMIT -> Future.succeededFuture(new Command.Admit(v));
      case REGISTER -> Future.succeededFuture(new Command.Register(v));
      case DECLINE -> Future.succeededFuture(new Command.Decline(v, reason));
      case ACCEPT -> Future.succeededFuture(new Command.Accept(v));
      case ARRIVE -> Future.succeededFuture(new Command.Arrive(v, checkIn));
      case REFUSE -> Future.succeededFuture(new Command.Refuse(v, reason));
      case TRANSFER -> Future.succeededFuture(new Command.Transfer(v,
          body.value("cellCode") instanceof String c ? c : null, reason, null));
      case NOTE -> Future.succeededFuture(new Command.Note(v, body.value("note") instanceof String n ? n : null));
      case DISPATCH_TIMEOUT -> Future.failedFuture(new IllegalStateException("refused by the body check"));
      case INVESTIGATE -> Future.succeededFuture(new Command.Investigate(v));
      case CLOSE -> Future.succeededFuture(new Command.Close(v));
      case RETURN -> Future.succeededFuture(new Command.Return(v, reason));
      case PARK -> Future.succeededFuture(new Command.Park(v, reason, reviewDate));
      case UNPARK -> Future.succeededFuture(new Command.Unpark(v));
      case REOPEN -> Future.succeededFuture(new Command.Reopen(v, reason));
      case VERIFY -> Future.succeededFuture(new Command.Verify(v, Boolean.TRUE.equals(body.value("passed")), reason));
      case EXTEND -> Future.succeededFuture(new Command.Extend(v, clock,
          body.value("workingDays") instanceof Number n ? n.intValue() : 0,
          body.value("days") instanceof Number n ? n.intValue() : 0, reason));
      case MERGE -> Future.succeededFuture(new Command.Merge(v,
          body.value("intoCaseId") instanceof Number n ? n.longValue() : 0, reason));
      case FOLLOW_UP -> {
        Satisfaction sat = null;
        try {
          sat = body.value("satisfaction") instanceof String s ? Satisfaction.valueOf(s.strip()) : null;
        } catch (IllegalArgumentException e) {
          sat = null;
        }
        yield Future.succeededFuture(new Command.FollowUp(v, sat,
            body.value("note") instanceof String s ? s : null));
      }
      case RESOLVE -> Future.succeededFuture(new Command.Resolve(v, outcome(body.value("outcome"))));
      case DISPATCH -> cases.dispatch(v, team);
    };
  }

  private static Outcome outcome(Object value) {
    if (!(value instanceof JsonObject o)) {
      return new Outcome(null, 0, null);
    }
    BigDecimal wages = null;
    if (o.getValue("wagesRecovered") instanceof String s && s.strip().matches("[0-9]{1,12}(\\.[0-9]{1,2})?")) {
      wages = new BigDecimal(s.strip());
    }
    OutcomeAction action = null;
    try {
      action = o.getValue("action") instanceof String s ? OutcomeAction.valueOf(s.strip()) : null;
    } catch (IllegalArgumentException e) {
      action = null;
    }
    int helped = o.getValue("workersHelped") instanceof Number n ? n.intValue() : -1;
    return new Outcome(wages, helped, action);
  }

}
