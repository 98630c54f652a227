package io.gridwatch.stats;

import io.gridwatch.auth.CurrentUser;
import io.gridwatch.geo.GridService;
import io.gridwatch.http.Respond;
import io.gridwatch.http.ApiException;
import io.gridwatch.http.Endpoint;
import io.gridwatch.http.FieldError;
import io.gridwatch.http.Params;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/stats/summary?from=..&to=..&cell=..}: the {@link Summary} figures of the
 * caller's scope, or of one cell inside it. {@code from} defaults to the start of today in
 * China Standard Time and {@code to} to one day after {@code from}; the period is at most
 * {@value #MAX_DAYS} days. A cell outside the caller's scope is refused (403), an unknown cell
 * is 422. "Now" comes from the injected {@link Clock}. Also the trend (day by day) and the
 * ranking (cell by cell) with their CSV and XLSX exports; docs/figures.md defines every figure.
 * Thread-safe.
 */
public final class StatsEndpoint implements Endpoint {
  /** Days are counted in China Standard Time, where the service works. */
  public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
  static final int MAX_DAYS = 400;
  static final int MAX_TREND_DAYS = 366;
  static final int MAX_CELLS = 5000;
  private static final String CODE_PATTERN = "[0-9]{6}([0-9]{3}){0,2}([0-9]{2})?";
  private final StatsStore store;
  private final GridService grid;
  private final Clock clock;

  public StatsEndpoint(StatsStore store, GridService grid, Clock clock) {
    this.store = store;
    this.grid = grid;
    this.clock = clock;
  }

  @Override
  public void addRoutes(Router router) {
    router.get("/api/stats/summary").handler(this::summary);
    router.get("/api/stats/trend").handler(this::trend);
    router.get("/api/stats/ranking").handler(this::ranking);
  }

  /**
   * {@code GET /api/stats/trend?days=N&cell=CODE&format=json|csv|xlsx&lang=zh|en}: one row per
   * China Standard Time calendar day, the last {@code days} (1..366, default 30) up to today by
   * the clock, oldest first (trend.sql; docs/figures.md).
   */
  private void trend(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    Params p = new Params(ctx);
    Integer daysParam = p.optionalInt("days", 1, MAX_TREND_DAYS);
    String cellParam = p.optionalText("cell", CODE_PATTERN, "a grid code (6, 9, 12 or 14 digits)");
    Export export = Export.of(p);
    p.validate();
    String cell = cell(user, cellParam);
    int days = daysParam == null ? 30 : daysParam;
    OffsetDateTime now = OffsetDateTime.now(clock.withZone(ZONE));
    LocalDate today = now.toLocalDate();
    LocalDate first = today.minusDays(days - 1L);
    store.trend(cell, first, today, now)
        .onComplete(Respond.to(ctx, list -> {
          JsonObject json = new JsonObject().put("cell", cell).put("asOf", now.toString())
              .put("from", first.toString()).put("to", today.toString()).put("days", new JsonArray(list));
          export.send(ctx, json, new Table("趋势 trend", Figures.TREND, list), "trend-" + (cell == null ? "city" : cell)
              + "-" + today);
        }));
  }

  /**
   * {@code GET /api/stats/ranking?level=N&cell=CODE&from=..&to=..&sort=..&format=..&lang=..}: the
   * figures of every current grid cell of level N (1..3, default 1) inside {@code cell} (default:
   * the caller's scope) over the summary's period, sorted (ranking.sql; docs/figures.md).
   */
  private void ranking(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    Params p = new Params(ctx);
    Integer levelParam = p.optionalInt("level", 1, 3);
    OffsetDateTime fromParam = p.optionalTime("from");
    OffsetDateTime toParam = p.optionalTime("to");
    String cellParam = p.optionalText("cell", CODE_PATTERN, "a grid code (6, 9, 12 or 14 digits)");
    String sortParam = p.optionalText("sort", "overdue|closureRate|onTimeRate|received|cellCode",
        "one of overdue, closureRate, onTimeRate, received, cellCode");
    Export export = Export.of(p);
    p.validate();
    OffsetDateTime now = OffsetDateTime.now(clock.withZone(ZONE));
    OffsetDateTime from = fromParam != null ? fromParam : LocalDate.now(clock.withZone(ZONE)).atStartOfDay(ZONE)
        .toOffsetDateTime();
    OffsetDateTime to = toParam != null ? toParam : from.plusDays(1);
    period(from, to);
    String cell = cell(user, cellParam);
    int level = levelParam == null ? 1 : levelParam;
    int length = 3 + 3 * level;
    if (cell != null && cell.length() > length) {
      throw ApiException.invalid(List.of(new FieldError("level", "cell " + cell + " lies below level " + level
          + "; ask for a deeper level or a wider cell")));
    }
    String sort = sortParam == null ? "overdue" : sortParam;
    store.ranking(length, cell, level, from, to, now)
        .map(list -> {
          if (list.size() > MAX_CELLS) {
            throw new ApiException(422, "too-many-cells", "Too many cells", "More than " + MAX_CELLS
                + " cells of level " + level + "; narrow the ranking with cell.", List.of());
          }
          list.sort(ORDERS.get(sort));
          for (int i = 0; i < list.size(); i++) {
            list.get(i).put("rank", i + 1);
          }
          return list;
        })
        .onComplete(Respond.to(ctx, list -> {
          JsonObject json = new JsonObject().put("cell", cell).put("level", level).put("from", from.toString())
              .put("to", to.toString()).put("asOf", now.toString()).put("sort", sort)
              .put("items", new JsonArray(list));
          export.send(ctx, json, new Table("排名 ranking", Figures.RANKING, list), "ranking-L" + level + "-"
              + (cell == null ? "city" : cell) + "-" + from.toLocalDate());
        }));
  }

  /** The sort orders of the ranking: worst first, then by cell code. */
  private static final Map<String, Comparator<JsonObject>> ORDERS = Map.of(
      "overdue", Comparator.<JsonObject>comparingLong(j -> -j.getLong("overdue"))
          .thenComparing(j -> j.getDouble("closureRate"), Comparator.nullsLast(Comparator.naturalOrder()))
          .thenComparing(j -> j.getString("cellCode")),
      "closureRate", Comparator.<JsonObject, Double>comparing(j -> j.getDouble("closureRate"),
          Comparator.nullsLast(Comparator.naturalOrder())).thenComparing(j -> j.getString("cellCode")),
      "onTimeRate", Comparator.<JsonObject, Double>comparing(j -> j.getDouble("onTimeRate"),
          Comparator.nullsLast(Comparator.naturalOrder())).thenComparing(j -> j.getString("cellCode")),
      "received", Comparator.<JsonObject>comparingLong(j -> -j.getLong("received"))
          .thenComparing(j -> j.getString("cellCode")),
      "cellCode", Comparator.comparing(j -> j.getString("cellCode")));

  /** The cell asked for (checked against the scope and the grid), else the caller's scope (null: the city). */
  private String cell(CurrentUser user, String cellParam) {
    if (cellParam != null && !user.scope().covers(cellParam)) {
      throw ApiException.forbidden("outside-scope", "Cell " + cellParam + " lies outside your scope ("
          + user.scope() + ").");
    }
    if (cellParam != null && grid.snapshot().resolver().cell(cellParam).isEmpty()) {
      throw new ApiException(422, "unknown-cell", "Unknown cell", "cell names no current grid cell.",
          List.of(new FieldError("cell", "is not a current grid cell")));
    }
    return cellParam != null ? cellParam : user.scope().gridCode();
  }

  private static void period(OffsetDateTime from, OffsetDateTime to) {
    if (!from.isBefore(to)) {
      throw ApiException.invalid(List.of(new FieldError("to", "must be after from (" + from + ")")));
    }
    if (Duration.between(from, to).toDays() > MAX_DAYS) {
      throw ApiException.invalid(List.of(new FieldError("to", "the period is at most " + MAX_DAYS + " days")));
    }
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
    period(from, to);
    String cell = cell(user, cellParam);
    String prefix = cell == null ? "" : cell;
    store.summary(prefix, from, to, now, cell)
        .onComplete(Respond.to(ctx, s -> ctx.response().putHeader("Content-Type", "application/json").end(s.toJson().encode())));
  }
}
