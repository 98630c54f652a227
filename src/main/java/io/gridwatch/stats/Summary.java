package io.gridwatch.stats;

import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.OffsetDateTime;

/**
 * The key figures of one part of the grid over one period {@code [from, to)}, as leadership and
 * the wall read them (shared/DOMAIN.md "Figures leadership reads"). Immutable.
 *
 * <p>Every count is of cases whose cell is the requested cell or inside it (for the whole city:
 * every case, unassigned ones included):
 * <ul>
 *   <li>{@code received} (接收数): complaints received in the period ({@code created_at}); 受理 is
 *       a later, legal act (status ADMITTED or a direct registration), not counted here.
 *   <li>{@code registered} (立案数): cases with a {@code registered} event in the period.
 *   <li>{@code closed} (结案数): cases with a {@code closed} event in the period (a case closed,
 *       reopened and closed again in one period counts once).
 *   <li>{@code open}: cases open now (any status but CLOSED, DECLINED, MERGED; parked ones are
 *       open), whatever the period.
 *   <li>{@code parked} (挂账数): of the open cases, those parked now (status PARKED), whatever
 *       the period; {@code parkedPastReview}: of those, the ones whose review date (PARK_REVIEW)
 *       has passed. Parked clocks are paused, so without these a parked case would vanish from
 *       every other figure.
 *   <li>A case's <em>closing deadline</em> is the earliest due of its closing clocks in the
 *       {@code case_deadline} table (kinds {@code LEGAL_INVESTIGATE} and {@code SERVICE_CLOSE}, which
 *       only closing meets); declined and merged cases have none. It <em>settles</em> at
 *       {@code met_at} or {@code due_at}, whichever comes first.
 *   <li>{@code dueToClose} (应结案数): cases whose closing deadline settled in the period and not
 *       after now: closed before falling due, or fallen due (closed or not). Each case counts in
 *       exactly one period, and a case not yet due and not closed counts in none; nor does a
 *       paused (parked) clock that is not met, which has no due time until it runs again.
 *   <li>{@code closedOfDue}: of those, the ones whose closing deadline is met ({@code met_at} set,
 *       possibly after the period: a late closing still counts as closed, not as on time).
 *   <li>{@code closedOnTime} (按期结案数): of those, met on time ({@code met_at < due_at}).
 *   <li>{@code closureRate} (结案率) = closedOfDue / dueToClose; {@code onTimeRate} (按期结案率) =
 *       closedOnTime / dueToClose; both in [0, 1] to 4 places, or null when nothing was due.
 *   <li>{@code overdue}: cases open now with at least one running (not paused), unmet deadline
 *       of any kind past its {@code due_at} now; {@code overdueDeadlines} counts those deadlines.
 *       Both are as of now, not of the period.
 *   <li>{@code amountRecovered} (追回金额, yuan, 2 places) and {@code workersHelped} (涉及人数): the
 *       sums of the outcomes of the cases closed in the period.
 *   <li>{@code massIncidents} (群体性事件): mass incidents (io.gridwatch.incidents) opened in the
 *       period, automatically or declared, by the incident's cell.
 * </ul>
 */
public record Summary(OffsetDateTime from, OffsetDateTime to, OffsetDateTime asOf, String cell, long received,
    long registered, long closed, long open, long dueToClose, long closedOfDue, long closedOnTime, long overdue,
    long overdueDeadlines, BigDecimal amountRecovered, long workersHelped, long massIncidents, long parked,
    long parkedPastReview) {

  /** closedOfDue / dueToClose, or null when nothing was due to close. */
  public BigDecimal closureRate() {
    return rate(closedOfDue);
  }

  /** closedOnTime / dueToClose, or null when nothing was due to close. */
  public BigDecimal onTimeRate() {
    return rate(closedOnTime);
  }

  private BigDecimal rate(long part) {
    return dueToClose == 0 ? null : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(dueToClose), 4,
        RoundingMode.HALF_UP);
  }

  /** The API's JSON (openapi.yaml {@code StatsSummary}). */
  public JsonObject toJson() {
    return new JsonObject()
        .put("from", from.toString()).put("to", to.toString()).put("asOf", asOf.toString()).put("cell", cell)
        .put("received", received).put("registered", registered).put("closed", closed).put("open", open)
        .put("dueToClose", dueToClose).put("closedOfDue", closedOfDue).put("closedOnTime", closedOnTime)
        .put("closureRate", closureRate() == null ? null : closureRate().doubleValue())
        .put("onTimeRate", onTimeRate() == null ? null : onTimeRate().doubleValue())
        .put("overdue", overdue).put("overdueDeadlines", overdueDeadlines)
        .put("amountRecovered", amountRecovered.setScale(2, RoundingMode.UNNECESSARY).toPlainString())
        .put("workersHelped", workersHelped).put("massIncidents", massIncidents)
        .put("parked", parked).put("parkedPastReview", parkedPastReview);
  }
}
