package io.gridwatch.stats;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * The rows of {@code GET /api/stats/trend} and {@code GET /api/stats/ranking} as JSON, and the
 * columns their CSV and XLSX exports write, in that order. docs/figures.md defines every figure;
 * the rows are read by {@link StatsStore}. Pure.
 */
final class Figures {
  private Figures() {}

  /** part / whole to 4 places, or null when whole is 0. */
  static Double rate(long part, long whole) {
    return whole == 0 ? null
        : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_UP).doubleValue();
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
