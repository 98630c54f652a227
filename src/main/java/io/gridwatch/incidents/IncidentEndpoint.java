package io.gridwatch.incidents;

import io.gridwatch.auth.CurrentUser;
import io.gridwatch.cases.CaseService.Caller;
import io.gridwatch.config.GridWatchConfig;
import io.gridwatch.http.Respond;
import io.gridwatch.http.Endpoint;
import io.gridwatch.http.HttpServerVerticle;
import io.gridwatch.http.InputRules;
import io.gridwatch.http.JsonBody;
import io.gridwatch.http.Params;
import io.gridwatch.http.ReportedLocation;
import io.gridwatch.incidents.IncidentRules.Action;
import io.gridwatch.incidents.IncidentRules.Department;
import io.gridwatch.incidents.IncidentRules.TaskStatus;
import io.gridwatch.incidents.IncidentRules.TeamRole;
import io.gridwatch.incidents.IncidentStore.Command;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Mass incidents over HTTP: the list and one incident (scoped like cases: an incident is seen by
 * whoever sees its cell; outside scope → 404, as if missing), declaring one by hand, and the
 * response's actions. Parses and checks the input (400 naming every bad field); the store decides
 * the rest. Stateless and thread-safe.
 */
public final class IncidentEndpoint implements Endpoint {
  /** The fields each action takes besides {@code action} and {@code expectedVersion}. */
  static final Map<Action, Set<String>> FIELDS = Map.of(
      Action.ASSIGN_TEAM, Set.of("members"),
      Action.ADD_TASK, Set.of("department", "title", "dueAt"),
      Action.UPDATE_TASK, Set.of("taskId", "status", "note"),
      Action.REPORT, Set.of("text"),
      Action.ARRIVE, Set.of("location"),
      Action.CLOSE, Set.of("summary"));
  private static final int MAX_CASES = 500;
  private final IncidentStore store;
  private final GridWatchConfig config;
  private final Clock clock;

  public IncidentEndpoint(IncidentStore store, GridWatchConfig config, Clock clock) {
    this.store = store;
    this.config = config;
    this.clock = clock;
  }

  @Override
  public void addRoutes(Router router) {
    Handler<RoutingContext> body = HttpServerVerticle.jsonBodyHandler(config);
    router.get("/api/incidents").handler(this::list);
    router.post("/api/incidents").handler(body).handler(this::declare);
    router.get("/api/incidents/:id").handler(this::get);
    router.post("/api/incidents/:id/actions").handler(body).handler(this::act);
  }

  private void list(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    Params p = new Params(ctx);
    Boolean open = p.optionalBool("open");
    String cell = p.optionalText("cell", "[0-9]{6}([0-9]{3}){0,2}([0-9]{2})?", "a grid code (6, 9, 12 or 14 digits)");
    Integer limit = p.optionalInt("limit", 1, 500);
    Integer offset = p.optionalInt("offset", 0, 1_000_000);
    p.validate();
    store.list(user.scope(), open, cell, limit == null ? 100 : limit, offset == null ? 0 : offset)
        .onComplete(Respond.to(ctx, json -> ctx.response().putHeader("Content-Type", "application/json").end(json.encode())));
  }

  private void get(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    long id = Params.pathId(ctx, "id");
    respond(ctx, user, id, 200).onFailure(ctx::fail);
  }

  /** The incident with team, tasks and timeline, if the caller sees it (404 otherwise). */
  private Future<Void> respond(RoutingContext ctx, CurrentUser user, long id, int status) {
    return store.load(id).compose(found -> {
      if (found.isEmpty() || !user.scope().seesCase(found.get().cellCode())) {
        return Future.failedFuture(IncidentStore.notFound(id));
      }
      JsonObject json = found.get().json();
      return store.details(id).map(more -> {
        json.put("tasks", more.getJsonArray("tasks")).put("timeline", more.getJsonArray("timeline"));
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json");
        if (status == 201) {
          ctx.response().putHeader("Location", "/api/incidents/" + id);
        }
        ctx.response().end(json.encode());
        return null;
      });
    });
  }

  private void declare(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    JsonBody body = JsonBody.of(ctx).allowOnly("caseIds", "note");
    List<Long> ids = new ArrayList<>();
    Object raw = body.value("caseIds");
    if (!(raw instanceof JsonArray arr) || arr.isEmpty() || arr.size() > MAX_CASES) {
      body.error("caseIds", "is required: the ids of 1 to " + MAX_CASES + " cases");
    } else {
      LinkedHashSet<Long> seen = new LinkedHashSet<>();
      for (int i = 0; i < arr.size(); i++) {
        Object v = arr.getValue(i);
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.longValue() < 1) {
          body.error("caseIds[" + i + "]", "must be a case id (a whole number, 1 or more)");
        } else if (!seen.add(n.longValue())) {
          body.error("caseIds[" + i + "]", "names a case given before");
        }
      }
      ids.addAll(seen);
    }
    String note = multiline(body, "note", 2000, false);
    body.validate();
    store.declare(Caller.of(user, ctx), ids, note, clock.instant())
        .compose(id -> respond(ctx, user, id, 201))
        .onFailure(ctx::fail);
  }

  private void act(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    long id = Params.pathId(ctx, "id");
    JsonBody body = JsonBody.of(ctx);
    Object a = body.value("action");
    Action action = a instanceof String s ? Action.parse(s).orElse(null) : null;
    if (action == null) {
      body.error("action", "is required: one of assign-team, add-task, update-task, report, arrive, close");
      body.validate();
    }
    Set<String> allowed = new java.util.HashSet<>(FIELDS.get(action));
    allowed.add("action");
    allowed.add("expectedVersion");
    body.allowOnly(allowed.toArray(String[]::new));
    Long expected = null;
    if (body.value("expectedVersion") != null) {
      Object ev = body.value("expectedVersion");
      if (!(ev instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.longValue() < 1) {
        body.error("expectedVersion", "must be the incident's version as last read (a whole number, 1 or more)");
      } else {
        expected = n.longValue();
      }
    }
    Command cmd = command(body, action);
    body.validate();
    store.act(Caller.of(user, ctx), id, expected, cmd, clock.instant())
        .compose(v -> respond(ctx, user, id, 200))
        .onFailure(ctx::fail);
  }

  private Command command(JsonBody body, Action action) {
    switch (action) {
      case ASSIGN_TEAM:
        return new IncidentStore.AssignTeam(members(body));
      case ADD_TASK: {
        Department d = enumValue(body, "department", Department.class, true);
        String title = body.requiredText("title", 1, 200);
        OffsetDateTime due = time(body, "dueAt");
        if (due != null && !due.toInstant().isAfter(clock.instant())) {
          body.error("dueAt", "must lie in the future");
        }
        return new IncidentStore.AddTask(d, title, due);
      }
      case UPDATE_TASK: {
        Object t = body.value("taskId");
        long taskId = 0;
        if (!(t instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.longValue() < 1) {
          body.error("taskId", "is required: the task's id (a whole number, 1 or more)");
        } else {
          taskId = n.longValue();
        }
        TaskStatus status = enumValue(body, "status", TaskStatus.class, true);
        return new IncidentStore.UpdateTask(taskId, status, multiline(body, "note", 2000, false));
      }
      case REPORT:
        return new IncidentStore.Report(multiline(body, "text", 4000, true));
      case ARRIVE:
        return arrive(body);
      default:
        return new IncidentStore.Close(multiline(body, "summary", 4000, true));
    }
  }

  /** A free text that may hold line breaks and tabs (no other control characters). */
  private static String multiline(JsonBody body, String field, int max, boolean required) {
    Object v = body.value(field);
    if (v == null) {
      if (required) {
        body.error(field, "is required");
      }
      return null;
    }
    if (!(v instanceof String s)) {
      body.error(field, "must be a string");
      return null;
    }
    String t = s.strip();
    if (t.isEmpty()) {
      if (required) {
        body.error(field, "is required");
      }
      return null;
    }
    if (t.codePointCount(0, t.length()) > max) {
      body.error(field, "is longer than " + max + " characters");
      return null;
    }
    String problem = InputRules.textProblem(t, true);
    if (problem != null) {
      body.error(field, problem);
      return null;
    }
    return t;
  }

  private static <E extends Enum<E>> E enumValue(JsonBody body, String field, Class<E> type, boolean required) {
    Object v = body.value(field);
    if (v == null) {
      if (required) {
        body.error(field, "is required: one of " + java.util.Arrays.toString(type.getEnumConstants()));
      }
      return null;
    }
    E e = v instanceof String s ? IncidentRules.parse(type, s).orElse(null) : null;
    if (e == null) {
      body.error(field, "must be one of " + java.util.Arrays.toString(type.getEnumConstants()));
    }
    return e;
  }

  private static OffsetDateTime time(JsonBody body, String field) {
    Object v = body.value(field);
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s)) {
      body.error(field, "must be an ISO-8601 time with offset");
      return null;
    }
    try {
      OffsetDateTime t = OffsetDateTime.parse(s.strip());
      String problem = InputRules.timeProblem(t);
      if (problem != null) {
        body.error(field, problem);
        return null;
      }
      return t;
    } catch (DateTimeParseException e) {
      body.error(field, "must be an ISO-8601 time with offset");
      return null;
    }
  }

  private static List<IncidentStore.TeamMember> members(JsonBody body) {
    Object v = body.value("members");
    List<IncidentStore.TeamMember> out = new ArrayList<>();
    if (!(v instanceof JsonArray arr) || arr.isEmpty() || arr.size() > 20) {
      body.error("members", "is required: 1 to 20 team members {role, name, phone?, userId?}");
      return out;
    }
    for (int i = 0; i < arr.size(); i++) {
      String f = "members[" + i + "]";
      if (!(arr.getValue(i) instanceof JsonObject m)) {
        body.error(f, "must be an object {role, name, phone?, userId?}");
        continue;
      }
      for (String key : m.fieldNames()) {
        if (!Set.of("role", "name", "phone", "userId").contains(key)) {
          body.error(f + "." + key, "is not a field of a team member; expected role, name, phone, userId");
        }
      }
      TeamRole role = m.getValue("role") instanceof String s ? IncidentRules.parse(TeamRole.class, s).orElse(null) : null;
      if (role == null) {
        body.error(f + ".role", "must be one of " + java.util.Arrays.toString(TeamRole.values()));
      }
      String name = m.getValue("name") instanceof String s ? s.strip() : null;
      if (name == null || name.isEmpty() || name.codePointCount(0, name.length()) > 50
          || InputRules.textProblem(name, false) != null) {
        body.error(f + ".name", "is required: 1 to 50 characters");
        name = null;
      }
      String phone = null;
      if (m.getValue("phone") != null) {
        phone = m.getValue("phone") instanceof String s ? s.strip() : null;
        if (phone == null || !phone.matches("\\+?[0-9][0-9 -]{2,19}")) {
          body.error(f + ".phone", "must be a phone number: digits, blanks and dashes, 3 to 20 characters");
          phone = null;
        }
      }
      Long userId = null;
      if (m.getValue("userId") != null) {
        if (!(m.getValue("userId") instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())
            || n.longValue() < 1) {
          body.error(f + ".userId", "must be a user id (a whole number, 1 or more)");
        } else {
          userId = n.longValue();
        }
      }
      if (role != null && name != null) {
        out.add(new IncidentStore.TeamMember(role, name, phone, userId));
      }
    }
    return out;
  }

  /** The check-in ({@code location {lon, lat, crs?}}, converted to WGS84), optional. */
  private static IncidentStore.Arrive arrive(JsonBody body) {
    if (body.value("location") == null) {
      return new IncidentStore.Arrive(null, null);
    }
    ReportedLocation at = ReportedLocation.read(body, "location");
    return at == null ? null : new IncidentStore.Arrive(at.lon(), at.lat());
  }
}
