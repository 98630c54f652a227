package io.gridwatch.stats;

import io.gridwatch.store.Sql;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The figures' SQL ({@code sql/stats/summary.sql}, {@code trend.sql}, {@code ranking.sql}; one
 * statement each, docs/figures.md) and the reading of their rows: a {@link Summary}, the trend's
 * days and the ranking's cells (as the JSON objects the API answers and the exports write, in the
 * columns of {@link Figures}). A cell prefix of null means the whole city. Thread-safe.
 */
public final class StatsStore {
  private final Pool pool;

  public StatsStore(Pool pool) {
    this.pool = pool;
  }

  /** The summary of the cases under {@code prefix} ("" for the city) filed in [from, to), as of now. */
  public Future<Summary> summary(String prefix, OffsetDateTime from, OffsetDateTime to, OffsetDateTime now,
      String cell) {
    return pool.preparedQuery(Sql.get("stats/summary")).execute(Tuple.of(prefix, from, to, now))
        .map(rows -> summary(rows.iterator().next(), from, to, now, cell));
  }

  /** One object per China Standard Time day from first to last, oldest first. */
  public Future<List<JsonObject>> trend(String cell, LocalDate first, LocalDate last, OffsetDateTime now) {
    return pool.preparedQuery(Sql.get("stats/trend")).execute(Tuple.of(cell == null ? "" : cell, first, last, now))
        .map(rows -> {
          List<JsonObject> list = new ArrayList<>();
          rows.forEach(r -> list.add(day(r)));
          return list;
        });
  }

  /** One object per current grid cell of {@code level} (code length {@code length}) inside cell, unsorted. */
  public Future<List<JsonObject>> ranking(int length, String cell, int level, OffsetDateTime from,
      OffsetDateTime to, OffsetDateTime now) {
    return pool.preparedQuery(Sql.get("stats/ranking"))
        .execute(Tuple.of(length, cell == null ? "" : cell, level, from, to, now))
        .map(rows -> {
          List<JsonObject> list = new ArrayList<>();
          rows.forEach(r -> list.add(cell(r)));
          return list;
        });
  }

  private static Summary summary(Row r, OffsetDateTime from, OffsetDateTime to, OffsetDateTime now, String cell) {
    return new Summary(from, to, now, cell, r.getLong("received"), r.getLong("registered"), r.getLong("closed"),
        r.getLong("open"), r.getLong("due_to_close"), r.getLong("closed_of_due"), r.getLong("closed_on_time"),
        r.getLong("overdue"), r.getLong("overdue_deadlines"), new BigDecimal(r.getString("amount_recovered")),
        r.getLong("workers_helped"), r.getLong("mass_incidents"), r.getLong("parked"),
        r.getLong("parked_past_review"));
  }

  /** One day of the trend (a row of trend.sql). */
  private static JsonObject day(Row r) {
    long due = r.getLong("due_to_close");
    return new JsonObject().put("date", r.getString("day"))
        .put("received", r.getLong("received")).put("registered", r.getLong("registered"))
        .put("dispatched", r.getLong("dispatched")).put("closed", r.getLong("closed"))
        .put("dueToClose", due).put("closedOfDue", r.getLong("closed_of_due"))
        .put("closedOnTime", r.getLong("closed_on_time"))
        .put("closureRate", Figures.rate(r.getLong("closed_of_due"), due))
        .put("onTimeRate", Figures.rate(r.getLong("closed_on_time"), due))
        .put("overdueAtEnd", r.getLong("overdue_at_end"))
        .put("massIncidents", r.getLong("mass_incidents"));
  }

  /** One grid cell of the ranking (a row of ranking.sql). */
  private static JsonObject cell(Row r) {
    long due = r.getLong("due_to_close");
    long registered = r.getLong("registered");
    return new JsonObject().put("cellCode", r.getString("code")).put("name", r.getString("name"))
        .put("received", r.getLong("received")).put("registered", registered)
        .put("closed", r.getLong("closed")).put("open", r.getLong("open"))
        .put("dueToClose", due).put("closedOfDue", r.getLong("closed_of_due"))
        .put("closedOnTime", r.getLong("closed_on_time"))
        .put("closureRate", Figures.rate(r.getLong("closed_of_due"), due))
        .put("onTimeRate", Figures.rate(r.getLong("closed_on_time"), due))
        .put("legalDue", r.getLong("legal_due")).put("legalOnTime", r.getLong("legal_on_time"))
        .put("legalOnTimeRate", Figures.rate(r.getLong("legal_on_time"), r.getLong("legal_due")))
        .put("promiseDue", r.getLong("promise_due")).put("promiseOnTime", r.getLong("promise_on_time"))
        .put("promiseOnTimeRate", Figures.rate(r.getLong("promise_on_time"), r.getLong("promise_due")))
        .put("disposed", r.getLong("disposed")).put("disposalRate", Figures.rate(r.getLong("disposed"), registered))
        .put("resolved", r.getLong("resolved")).put("reworked", r.getLong("reworked"))
        .put("reworkRate", Figures.rate(r.getLong("reworked"), r.getLong("resolved")))
        .put("extended", r.getLong("extended")).put("extensionRate", Figures.rate(r.getLong("extended"), registered))
        .put("followedUp", r.getLong("followed_up")).put("satisfied", r.getLong("satisfied"))
        .put("satisfactionRate", Figures.rate(r.getLong("satisfied"), r.getLong("followed_up")))
        .put("overdue", r.getLong("overdue")).put("overdueDeadlines", r.getLong("overdue_deadlines"))
        .put("amountRecovered", r.getString("amount_recovered")).put("workersHelped", r.getLong("workers_helped"))
        .put("massIncidents", r.getLong("mass_incidents"))
        .put("massIncidentGroups", r.getLong("mass_incident_groups"))
        .put("parked", r.getLong("parked"));
  }
}
