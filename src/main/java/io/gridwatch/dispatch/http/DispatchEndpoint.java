package io.gridwatch.dispatch.http;

import io.gridwatch.auth.CurrentUser;
import io.gridwatch.auth.Role;
import io.gridwatch.auth.Scope;
import io.gridwatch.config.DispatchSettings;
import io.gridwatch.dispatch.DutyStatus;
import io.gridwatch.dispatch.Recommendation;
import io.gridwatch.dispatch.Team;
import io.gridwatch.dispatch.store.Candidates;
import io.gridwatch.dispatch.store.DispatchStore;
import io.gridwatch.geo.model.GeoMath;
import io.gridwatch.geo.crs.Crs;
import io.gridwatch.http.Respond;
import io.gridwatch.http.ApiException;
import io.gridwatch.http.Coordinates;
import io.gridwatch.http.Endpoint;
import io.gridwatch.http.HttpServerVerticle;
import io.gridwatch.http.JsonBody;
import io.gridwatch.http.Params;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The roster's HTTP surface (issue 11, items 1 and 2):
 * <ul>
 *   <li>{@code POST /api/me/status} {@code {"status"}}: an inspector or assistant sets their own
 *       duty status → 200 with their roster entry;</li>
 *   <li>{@code POST /api/me/position} {@code {"lon","lat","crs"?,"accuracyMeters","at"?}}: their
 *       phone's position → 204, stored only while on duty (else 409 {@code off-duty}) and at most
 *       once per {@code dispatch.positionMinIntervalSeconds} (a faster one is answered 204 too,
 *       with {@code Position-Stored: false}, and not stored: a phone need not handle an error for
 *       sending too often);</li>
 *   <li>{@code GET /api/dispatch/staff?cell=CODE}: the staff in the caller's scope;</li>
 *   <li>{@code GET /api/dispatch/staff/{userId}/track?date=YYYY-MM-DD}: the route of the day (a
 *       day in Asia/Shanghai, by default today on the injected clock) of one staff member in the
 *       caller's scope, or of the caller themself; at most {@link #MAX_TRACK_POINTS} points;</li>
 *   <li>{@code GET /api/cases/{caseId}/candidates}: the teams {@link TeamRanker} recommends for a
 *       case the caller sees (404 otherwise, as for the case itself).</li>
 * </ul>
 * Who may call which route is the access table's ({@code AccessPolicy}); which staff and cases,
 * {@code Scope}'s. Thread-safe: holds only immutable settings and the thread-safe store.
 */
public final class DispatchEndpoint implements Endpoint {
  static final String CODE_PATTERN = "[0-9]{6}([0-9]{3}){0,2}([0-9]{2})?";
  /** The most a position's time may lie ahead of the server's clock (phones' clocks drift). */
  static final Duration MAX_FUTURE = Duration.ofMinutes(1);
  /** The oldest position accepted (a phone sending what it kept while offline). */
  static final Duration MAX_AGE = Duration.ofDays(1);
  /** The largest accuracy radius accepted, in metres. */
  static final double MAX_ACCURACY_METERS = 100_000;
  /**
   * The most points one route of the day returns. At the default throttle (one point per 5 s) a
   * full day is 17,280 points; a phone sharing every 10 s for a working day, about 3,000.
   */
  public static final int MAX_TRACK_POINTS = 5_000;
  /** Whose day a {@code date} is: the city's. */
  static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

  private final DispatchStore store;
  private final Candidates candidates;
  private final DispatchSettings settings;
  private final long maxBodyBytes;
  private final Clock clock;

  /** @param maxBodyBytes the JSON body limit of the status and position reports ({@code http.maxBodyBytes}) */
  public DispatchEndpoint(DispatchStore store, Candidates candidates, DispatchSettings settings, long maxBodyBytes,
      Clock clock) {
    this.maxBodyBytes = maxBodyBytes;
    this.store = store;
    this.candidates = candidates;
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public void addRoutes(Router router) {
    router.post("/api/me/status").handler(HttpServerVerticle.jsonBodyHandler(maxBodyBytes)).handler(this::setStatus);
    router.post("/api/me/position").handler(HttpServerVerticle.jsonBodyHandler(maxBodyBytes)).handler(this::position);
    router.get("/api/dispatch/staff").handler(this::staff);
    router.get("/api/dispatch/staff/:userId/track").handler(this::track);
    router.get("/api/cases/:caseId/candidates").handler(this::candidates);
  }

  private Duration staleAfter() {
    return Duration.ofSeconds(settings.staleSeconds());
  }

  private void setStatus(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    JsonBody body = JsonBody.of(ctx).allowOnly("status");
    String name = body.requiredText("status", 1, 20);
    DutyStatus status = null;
    if (name != null) {
      status = Arrays.stream(DutyStatus.values()).filter(s -> s.name().equals(name)).findFirst().orElse(null);
      if (status == null) {
        body.error("status", "must be one of " + Arrays.toString(DutyStatus.values()));
      }
    }
    body.validate();
    Instant now = clock.instant();
    store.setStatus(user.id(), status, now)
        .compose(v -> store.entry(user.id()))
        .onComplete(Respond.to(ctx, entry -> ctx.response().putHeader("Content-Type", "application/json")
            .end(entry.orElseThrow().toJson(now, staleAfter()).encode())));
  }

  private void position(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    JsonBody body = JsonBody.of(ctx).allowOnly("lon", "lat", "crs", "accuracyMeters", "at");
    double lon = coordinate(body, "lon", true);
    double lat = coordinate(body, "lat", false);
    double accuracy = number(body, "accuracyMeters");
    if (!Double.isNaN(accuracy) && (accuracy < 0 || accuracy > MAX_ACCURACY_METERS)) {
      body.error("accuracyMeters", "must be within 0.." + (long) MAX_ACCURACY_METERS + " metres");
    }
    String crsName = body.optionalText("crs", 20);
    Crs crs = Crs.WGS84;
    try {
      crs = Crs.parse(crsName);
    } catch (IllegalArgumentException e) {
      body.error("crs", "must be one of " + Arrays.toString(Crs.values()));
    }
    Instant now = clock.instant();
    Instant at = now;
    String atText = body.optionalText("at", 64);
    if (atText != null) {
      try {
        at = OffsetDateTime.parse(atText).toInstant();
        if (at.isAfter(now.plus(MAX_FUTURE))) {
          body.error("at", "lies more than a minute in the future");
        } else if (at.isBefore(now.minus(MAX_AGE))) {
          body.error("at", "is more than a day old");
        }
      } catch (DateTimeParseException e) {
        body.error("at", "must be an ISO-8601 date-time with offset");
      }
    }
    body.validate();
    double[] wgs84 = crs.toWgs84(lon, lat);
    if (Coordinates.longitudeProblem(wgs84[0]) != null || Coordinates.latitudeProblem(wgs84[1]) != null) {
      throw ApiException.badRequest("lon", "lies outside the range of WGS84 after conversion from " + crs);
    }
    DispatchStore.Report report = new DispatchStore.Report(wgs84[0], wgs84[1], crs.name(), lon, lat, accuracy, at);
    store.storePosition(user.id(), report, Duration.ofSeconds(settings.positionMinIntervalSeconds()), now)
        .onComplete(Respond.to(ctx, outcome -> ctx.response().setStatusCode(204)
            .putHeader("Position-Stored", String.valueOf(outcome == DispatchStore.PositionOutcome.STORED)).end()));
  }

  private static double coordinate(JsonBody body, String field, boolean longitude) {
    double v = number(body, field);
    if (Double.isNaN(v)) {
      return v;
    }
    String problem = longitude ? Coordinates.longitudeProblem(v) : Coordinates.latitudeProblem(v);
    if (problem != null) {
      body.error(field, problem);
      return Double.NaN;
    }
    return v;
  }

  private static double number(JsonBody body, String field) {
    Object v = body.value(field);
    if (v == null) {
      body.error(field, "is required");
      return Double.NaN;
    }
    if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) {
      body.error(field, "must be a number");
      return Double.NaN;
    }
    return n.doubleValue();
  }

  private void staff(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    Params p = new Params(ctx);
    String cell = p.optionalText("cell", CODE_PATTERN, "a grid code (6, 9, 12 or 14 digits)");
    p.validate();
    if (cell != null && !user.scope().covers(cell)) {
      throw ApiException.forbidden("outside-scope", "Cell " + cell + " lies outside your scope (" + user.scope() + ").");
    }
    Instant now = clock.instant();
    store.staff(user.scope(), cell, null, null).onComplete(Respond.to(ctx, entries -> {
      JsonArray items = new JsonArray();
      entries.forEach(e -> items.add(e.toJson(now, staleAfter())));
      ctx.response().putHeader("Content-Type", "application/json").end(new JsonObject().put("items", items).encode());
    }));
  }

  private void track(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    long userId = Params.pathId(ctx, "userId");
    Params p = new Params(ctx);
    String dateText = p.optionalText("date", "[0-9]{4}-[0-9]{2}-[0-9]{2}", "a date, YYYY-MM-DD");
    LocalDate date = LocalDate.now(clock.withZone(CHINA));
    if (dateText != null) {
      try {
        date = LocalDate.parse(dateText);
        if (date.getYear() < 2000 || date.getYear() > 2100) {
          p.error("date", "must lie within the years 2000 to 2100");
        }
      } catch (DateTimeParseException e) {
        p.error("date", "'" + dateText + "' is not a date");
      }
    }
    p.validate();
    boolean own = user.id() == userId;
    boolean fieldStaff = user.role() == Role.INSPECTOR
        || user.role() == Role.ASSISTANT;
    if (fieldStaff && !own) {
      // Field staff read their own route only; someone else's is as missing as staff outside
      // one's scope (the access table lets field staff call the route for their own day).
      throw staffNotFound(userId);
    }
    LocalDate day = date;
    Instant from = day.atStartOfDay(CHINA).toInstant();
    Instant to = day.plusDays(1).atStartOfDay(CHINA).toInstant();
    // Own track: by id, whatever the scope; someone else's: only inside the caller's scope.
    store.staff(own ? Scope.cityWide() : user.scope(), null, null, userId)
        .compose(found -> {
          if (found.isEmpty()) {
            return Future.failedFuture(staffNotFound(userId));
          }
          return store.track(userId, from, to, MAX_TRACK_POINTS);
        })
        .onComplete(Respond.to(ctx, points -> {
          boolean truncated = points.size() > MAX_TRACK_POINTS;
          List<DispatchStore.TrackPoint> kept = truncated ? points.subList(0, MAX_TRACK_POINTS) : points;
          JsonArray out = new JsonArray();
          double distance = 0;
          DispatchStore.TrackPoint before = null;
          for (DispatchStore.TrackPoint t : kept) {
            out.add(new JsonObject().put("lon", t.lon()).put("lat", t.lat()).put("accuracyMeters", t.accuracyMeters())
                .put("at", t.at().atOffset(ZoneOffset.UTC).toString()));
            if (before != null) {
              distance += GeoMath.haversineMetres(before.lon(), before.lat(), t.lon(), t.lat());
            }
            before = t;
          }
          JsonObject body = new JsonObject().put("userId", userId).put("date", day.toString()).put("points", out)
              .put("distanceMeters", Math.round(distance * 10) / 10.0).put("truncated", truncated);
          ctx.response().putHeader("Content-Type", "application/json").end(body.encode());
        }));
  }

  private static ApiException staffNotFound(long userId) {
    return ApiException.notFound("staff-not-found", "Staff not found", "No field staff member " + userId + " in your scope.");
  }

  private void candidates(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    long caseId = Params.pathId(ctx, "caseId");
    candidates.forCase(caseId, Set.of()).onComplete(Respond.to(ctx, found -> {
      boolean visible = found.isPresent() && user.scope().seesCase(found.get().site().cellCode());
      if (!visible) {
        ctx.fail(ApiException.notFound("case-not-found", "Case not found", "No case " + caseId + "."));
        return;
      }
      Recommendation r = found.get().recommendation();
      JsonArray teams = new JsonArray();
      JsonArray notes = r == null ? new JsonArray().add(Candidates.UNASSIGNED_NOTE) : new JsonArray(r.noteLines());
      if (r != null) {
        for (Team t : r.teams()) {
          teams.add(new JsonObject().put("inspectors", new JsonArray(t.inspectors())).put("score", t.score())
              .put("reasons", new JsonArray(t.reasonLines())));
        }
      }
      ctx.response().putHeader("Content-Type", "application/json")
          .end(new JsonObject().put("teams", teams).put("notes", notes).encode());
    }));
  }
}
