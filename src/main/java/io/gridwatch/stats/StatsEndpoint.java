package io.gridwatch.stats;

import io.gridwatch.auth.CurrentUser;
import io.gridwatch.geo.GridService;
import io.gridwatch.http.ApiException;
import io.gridwatch.http.Endpoint;
import io.gridwatch.http.FieldError;
import io.gridwatch.http.Params;
import io.gridwatch.store.Sql;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;

/**
 * {@code GET /api/stats/summary?from=..&to=..&cell=..}: the {@link Summary} figures of the
 * caller's scope, or of one cell inside it. {@code from} defaults to the start of today in
 * China Standard Time and {@code to} to one day after {@code from}; the period is at most
 * {@value #MAX_DAYS} days. A cell outside the caller's scope is refused (403), an unknown cell
 * is 422. "Now" comes from the injected {@link Clock}. Thread-safe.
 */
public final class StatsEndpoint implements Endpoint {
  /** Days are counted in China Standard Time, where the service works. */
  public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
  static final int MAX_DAYS = 400;
  private static final String CODE_PATTERN = "[0-9]{6}([0-9]{3}){0,2}([0-9]{2})?";
  private final Pool pool;
  private final GridService grid;
  private final Clock clock;

  public StatsEndpoint(Pool pool, GridService grid, Clock clock) {
    this.pool = pool;
    this.grid = grid;
    this.clock = clock;
  }

  @Override
  public void addRoutes(Router router) {
    router.get("/api/stats/summary").handler(this::summary);
  }

  private void summary(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    Params p = new Params(ctx);
    OffsetDateTime now = OffsetDateTime.now(clock.withZone(ZONE));
    OffsetDateTime fromParam = p.optionalTime("from");
    OffsetDateTime toParam = p.optionalTime("to");
    String cellParam = p.optionalText("cell", CODE_PATTERN, "a grid code (6, 9, 12 or 14 digits)");
    p.validate();
    OffsetDateTime from = fromParam != null ? fromParam : LocalDate.now(clock.withZone(ZONE)).atStartOfDay(ZONE)
        .toOffsetDateTime();
    OffsetDateTime to = toParam != null ? toParam : from.plusDays(1);
    if (!from.isBefore(to)) {
      throw ApiException.invalid(List.of(new FieldError("to", "must be after from (" + from + ")")));
    }
    if (Duration.between(from, to).toDays() > MAX_DAYS) {
      throw ApiException.invalid(List.of(new FieldError("to", "the period is at most " + MAX_DAYS + " days")));
    }
    if (cellParam != null && !user.scope().covers(cellParam)) {
      throw ApiException.forbidden("outside-scope", "Cell " + cellParam + " lies outside your scope ("
          + user.scope() + ").");
    }
    if (cellParam != null && grid.snapshot().resolver().cell(cellParam).isEmpty()) {
      throw new ApiException(422, "unknown-cell", "Unknown cell", "cell names no current grid cell.",
          List.of(new FieldError("cell", "is not a current grid cell")));
    }
    String cell = cellParam != null ? cellParam : user.scope().gridCode();
    String prefix = cell == null ? "" : cell;
    pool.preparedQuery(Sql.get("stats/summary")).execute(Tuple.of(prefix, from, to, now))
        .map(rows -> summary(rows.iterator().next(), from, to, now, cell))
        .onSuccess(s -> ctx.response().putHeader("Content-Type", "application/json").end(s.toJson().encode()))
        .onFailure(ctx::fail);
  }

  private static Summary summary(Row r, OffsetDateTime from, OffsetDateTime to, OffsetDateTime now, String cell) {
    return new Summary(from, to, now, cell, r.getLong("received"), r.getLong("registered"), r.getLong("closed"),
        r.getLong("open"), r.getLong("due_to_close"), r.getLong("closed_of_due"), r.getLong("closed_on_time"),
        r.getLong("overdue"), r.getLong("overdue_deadlines"), new BigDecimal(r.getString("amount_recovered")),
        r.getLong("workers_helped"), r.getLong("mass_incidents"), r.getLong("parked"),
        r.getLong("parked_past_review"));
  }
}
