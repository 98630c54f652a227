package io.gridwatch.cases;

import io.gridwatch.audit.AuditLog;
import io.gridwatch.auth.CurrentUser;
import io.gridwatch.config.GridWatchConfig;
import io.gridwatch.http.Endpoint;
import io.gridwatch.http.HttpServerVerticle;
import io.gridwatch.http.JsonBody;
import io.gridwatch.http.Params;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Supervision by hand (督办 / 挂牌督办, docs/supervision.md): {@code POST
 * /api/cases/{caseId}/supervision {level, dueAt, unit, note?}} places it (replacing the current
 * one), {@code DELETE} lifts it (note in an optional JSON body or {@code ?note=}). Both answer
 * 200 with the case as {@code GET /api/cases/{id}} renders it. Who may: {@link SupervisionRules};
 * the store checks it under the case's lock. Time comes from the case service's injected clock.
 */
public final class SupervisionEndpoint implements Endpoint {
  private final CaseService cases;
  private final CaseEndpoint caseEndpoint;
  private final SupervisionStore store;
  private final GridWatchConfig config;

  public SupervisionEndpoint(Pool pool, CaseService cases, CaseEndpoint caseEndpoint, AuditLog audit,
      GridWatchConfig config) {
    this.cases = cases;
    this.caseEndpoint = caseEndpoint;
    this.store = new SupervisionStore(pool, audit);
    this.config = config;
  }

  @Override
  public void addRoutes(Router router) {
    var body = HttpServerVerticle.jsonBodyHandler(config);
    router.post("/api/cases/:caseId/supervision").handler(body).handler(this::place);
    router.delete("/api/cases/:caseId/supervision").handler(body).handler(this::lift);
  }

  private OffsetDateTime now() {
    return OffsetDateTime.ofInstant(cases.clock().instant(), ZoneOffset.UTC);
  }

  private void place(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    long id = Params.pathId(ctx, "caseId");
    JsonBody body = JsonBody.of(ctx).allowOnly("level", "dueAt", "unit", "note");
    String level = body.value("level") instanceof String s ? s.strip() : null;
    if (level == null || !SupervisionRules.LEVELS.contains(level)) {
      body.error("level", "is required: SUPERVISED (督办) or LISTED (挂牌督办)");
    }
    OffsetDateTime now = now();
    OffsetDateTime due = null;
    if (!(body.value("dueAt") instanceof String s)) {
      body.error("dueAt", "is required: the due time (办结时限), ISO-8601 with offset");
    } else {
      try {
        due = OffsetDateTime.parse(s.strip());
        if (!due.isAfter(now)) {
          body.error("dueAt", "must lie in the future");
        } else if (due.isAfter(now.plus(Duration.ofDays(SupervisionRules.MAX_DUE_DAYS)))) {
          body.error("dueAt", "must lie at most " + SupervisionRules.MAX_DUE_DAYS + " days ahead");
        }
      } catch (DateTimeParseException e) {
        body.error("dueAt", "must be a date and time with offset, e.g. 2026-12-01T18:00:00+08:00");
      }
    }
    String unit = body.requiredText("unit", 1, SupervisionRules.UNIT_MAX);
    String note = body.optionalText("note", SupervisionRules.NOTE_MAX);
    body.validate();
    store.place(id, user, user.actor(ctx), new SupervisionStore.Placement(level, unit, due, note), now)
        .compose(v -> caseEndpoint.respond(ctx, user, id, 200))
        .onFailure(ctx::fail);
  }

  private void lift(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    long id = Params.pathId(ctx, "caseId");
    Params p = new Params(ctx);
    String queryNote = p.optionalSearchText("note", SupervisionRules.NOTE_MAX);
    p.validate();
    String note = queryNote;
    Buffer raw = ctx.body() == null ? null : ctx.body().buffer();
    if (raw != null && raw.length() > 0) {
      JsonBody body = JsonBody.of(ctx).allowOnly("note");
      String bodyNote = body.optionalText("note", SupervisionRules.NOTE_MAX);
      if (bodyNote != null && queryNote != null) {
        body.error("note", "is given twice (body and query); send it once");
      }
      body.validate();
      note = bodyNote != null ? bodyNote : queryNote;
    }
    store.lift(id, user, user.actor(ctx), note == null || note.isBlank() ? null : note.strip(), now())
        .compose(v -> caseEndpoint.respond(ctx, user, id, 200))
        .onFailure(ctx::fail);
  }
}
