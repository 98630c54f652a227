package io.gridwatch.demo;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The pre-Spring-Festival rush (春节前欠薪高发期): in the weeks before the lunar new year, migrant
 * workers want their year's wages before going home, construction settles its accounts, and
 * wage-arrears complaints climb (the yearly 根治欠薪冬季专项行动 runs from mid-November to the
 * festival). Stateless and thread-safe.
 */
final class SpringFestival {
  /** 春节 (the first day of the lunar year), as published; the demo has no rush outside these years. */
  static final List<LocalDate> DATES = List.of(
      LocalDate.of(2024, 2, 10), LocalDate.of(2025, 1, 29), LocalDate.of(2026, 2, 17), LocalDate.of(2027, 2, 6),
      LocalDate.of(2028, 1, 26), LocalDate.of(2029, 2, 13), LocalDate.of(2030, 2, 3), LocalDate.of(2031, 1, 23));
  /** Days before the festival the rush starts to build. */
  static final int RAMP_DAYS = 75;
  /** Days before the festival the rush is at its height (and stays until the festival). */
  static final int PEAK_DAYS = 21;

  private SpringFestival() {}

  /**
   * How strong the rush is on {@code date}: 0 outside it, rising linearly from {@link #RAMP_DAYS}
   * before the festival to 1 at {@link #PEAK_DAYS} before it, 1 until the eve, 0 from the festival on.
   */
  static double rush(LocalDate date) {
    for (LocalDate festival : DATES) {
      long before = ChronoUnit.DAYS.between(date, festival);
      if (before > 0 && before <= RAMP_DAYS) {
        return before <= PEAK_DAYS ? 1.0 : (double) (RAMP_DAYS - before) / (RAMP_DAYS - PEAK_DAYS);
      }
    }
    return 0;
  }
}
