package io.gridwatch.stats;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * The rows of {@code GET /api/stats/trend} and {@code GET /api/stats/ranking} as JSON, and the
 * columns their CSV and XLSX exports write, in that order. docs/figures.md defines every figure;
 * the SQL is {@code sql/stats/trend.sql} and {@code sql/stats/ranking.sql}. Pure.
 */
final class Figures {
  private Figures() {}

  /** part / whole to 4 places, or null when whole is 0. */
  static Double rate(long part, long whole) {
    return whole == 0 ? null
        : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_UP).doubleValue();
  }

  /** One day of the trend (a row of trend.sql). */
  static JsonObject day(Row r) {
    long due = r.getLong("due_to_close");
    return new JsonObject().put("date", r.getString("day"))
        .put("received", r.getLong("received")).put("registered", r.getLong("registered"))
        .put("dispatched", r.getLong("dispatched")).put("closed", r.getLong("closed"))
        .put("dueToClose", due).put("closedOfDue", r.getLong("closed_of_due"))
        .put("closedOnTime", r.getLong("closed_on_time"))
        .put("closureRate", rate(r.getLong("closed_of_due"), due))
        .put("onTimeRate", rate(r.getLong("closed_on_time"), due))
        .put("overdueAtEnd", r.getLong("overdue_at_end"))
        .put("massIncidents", r.getLong("mass_incidents"));
  }

  static final List<Table.Column> TREND = List.of(
      new Table.Column("date", "日期", "date"),
      new Table.Column("received", "接收数", "received"),
      new Table.Column("registered", "立案数", "registered"),
      new Table.Column("dispatched", "派遣数", "dispatched"),
      new Table.Column("closed", "结案数", "closed"),
      new Table.Column("dueToClose", "应结案数", "due to close"),
      new Table.Column("closedOfDue", "应结已结数", "closed of due"),
      new Table.Column("closedOnTime", "按期结案数", "closed on time"),
      new Table.Column("closureRate", "结案率", "closure rate"),
      new Table.Column("onTimeRate", "按期结案率", "on-time closure rate"),
      new Table.Column("overdueAtEnd", "日终超期案件数", "overdue at end of day"),
      new Table.Column("massIncidents", "群体性事件数", "mass incidents"));

  /** One grid cell of the ranking (a row of ranking.sql). */
  static JsonObject cell(Row r) {
    long due = r.getLong("due_to_close");
    long registered = r.getLong("registered");
    return new JsonObject().put("cellCode", r.getString("code")).put("name", r.getString("name"))
        .put("received", r.getLong("received")).put("registered", registered)
        .put("closed", r.getLong("closed")).put("open", r.getLong("open"))
        .put("dueToClose", due).put("closedOfDue", r.getLong("closed_of_due"))
        .put("closedOnTime", r.getLong("closed_on_time"))
        .put("closureRate", rate(r.getLong("closed_of_due"), due))
        .put("onTimeRate", rate(r.getLong("closed_on_time"), due))
        .put("legalDue", r.getLong("legal_due")).put("legalOnTime", r.getLong("legal_on_time"))
        .put("legalOnTimeRate", rate(r.getLong("legal_on_time"), r.getLong("legal_due")))
        .put("promiseDue", r.getLong("promise_due")).put("promiseOnTime", r.getLong("promise_on_time"))
        .put("promiseOnTimeRate", rate(r.getLong("promise_on_time"), r.getLong("promise_due")))
        .put("disposed", r.getLong("disposed")).put("disposalRate", rate(r.getLong("disposed"), registered))
        .put("resolved", r.getLong("resolved")).put("reworked", r.getLong("reworked"))
        .put("reworkRate", rate(r.getLong("reworked"), r.getLong("resolved")))
        .put("extended", r.getLong("extended")).put("extensionRate", rate(r.getLong("extended"), registered))
        .put("followedUp", r.getLong("followed_up")).put("satisfied", r.getLong("satisfied"))
        .put("satisfactionRate", rate(r.getLong("satisfied"), r.getLong("followed_up")))
        .put("overdue", r.getLong("overdue")).put("overdueDeadlines", r.getLong("overdue_deadlines"))
        .put("amountRecovered", r.getString("amount_recovered")).put("workersHelped", r.getLong("workers_helped"))
        .put("massIncidents", r.getLong("mass_incidents"))
        .put("massIncidentGroups", r.getLong("mass_incident_groups"))
        .put("parked", r.getLong("parked"));
  }

  static final List<Table.Column> RANKING = List.of(
      new Table.Column("rank", "名次", "rank"),
      new Table.Column("cellCode", "网格编码", "cell code"),
      new Table.Column("name", "网格名称", "name"),
      new Table.Column("received", "接收数", "received"),
      new Table.Column("registered", "立案数", "registered"),
      new Table.Column("closed", "结案数", "closed"),
      new Table.Column("open", "在办数", "open"),
      new Table.Column("dueToClose", "应结案数", "due to close"),
      new Table.Column("closedOfDue", "应结已结数", "closed of due"),
      new Table.Column("closedOnTime", "按期结案数", "closed on time"),
      new Table.Column("closureRate", "结案率", "closure rate"),
      new Table.Column("onTimeRate", "按期结案率", "on-time closure rate"),
      new Table.Column("legalOnTimeRate", "法定时限按期率", "statutory on-time rate"),
      new Table.Column("promiseOnTimeRate", "承诺时限按期率", "promise on-time rate"),
      new Table.Column("disposalRate", "处置率", "disposal rate"),
      new Table.Column("reworkRate", "返工率", "rework rate"),
      new Table.Column("extensionRate", "延期率", "extension rate"),
      new Table.Column("satisfactionRate", "满意度", "satisfaction"),
      new Table.Column("overdue", "超期案件数", "overdue"),
      new Table.Column("amountRecovered", "追回金额(元)", "wages recovered (yuan)"),
      new Table.Column("workersHelped", "涉及人数", "workers helped"),
      new Table.Column("massIncidents", "群体性事件数", "mass incidents"),
      new Table.Column("massIncidentGroups", "群体性欠薪单位数", "mass incident groups"),
      new Table.Column("parked", "挂账数", "parked"));
}
