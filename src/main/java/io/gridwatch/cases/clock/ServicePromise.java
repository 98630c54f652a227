package io.gridwatch.cases.clock;

import java.time.Duration;
import java.util.Objects;

/**
 * The service promise (服务承诺) for one category and urgency: the calendar-time clocks a case
 * runs besides the legal, working-day ones. Each part is optional.
 *
 * <p>Immutable and thread-safe.
 *
 * @param category the case category
 * @param urgency the urgency
 * @param onSiteWithin how soon an inspector must be on site after receipt ("one-hour
 *     rights-protection circle", 一小时维权服务圈), or {@code null} for no on-site clock
 * @param registerSameDay whether the case must be registered by 24:00 (Beijing time) of the day
 *     it was received (当天立案)
 * @param closeWithinDays the case must be closed by 24:00 of the n-th calendar day after the day
 *     of receipt (7日结案 for wage arrears), or {@code null} for no service close clock
 */
public record ServicePromise(
    CaseCategory category,
    Urgency urgency,
    Duration onSiteWithin,
    boolean registerSameDay,
    Integer closeWithinDays) {

  public ServicePromise {
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(urgency, "urgency");
    if (onSiteWithin != null && (onSiteWithin.isNegative() || onSiteWithin.isZero())) {
      throw new IllegalArgumentException("onSiteWithin must be positive: " + onSiteWithin);
    }
    if (closeWithinDays != null && closeWithinDays < 1) {
      throw new IllegalArgumentException("closeWithinDays must be >= 1: " + closeWithinDays);
    }
  }
}
