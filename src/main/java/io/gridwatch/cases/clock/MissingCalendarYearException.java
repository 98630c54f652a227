package io.gridwatch.cases.clock;

import java.util.Set;
import java.util.TreeSet;

/**
 * A working-day question touched a year for which no holiday data is loaded. The calendar never
 * guesses a plain Monday–Friday week for such a year: the State Council publishes each year's
 * holidays and make-up days separately, and a guess would move legal deadlines.
 */
public final class MissingCalendarYearException extends IllegalStateException {
  private final int year;

  MissingCalendarYearException(int year, Set<Integer> loaded) {
    super("No working-day calendar for " + year + " (loaded years: " + new TreeSet<>(loaded)
        + "). Add calendar/cn-" + year + ".json, transcribed from the State Council notice on the "
        + year + " public holidays.");
    this.year = year;
  }

  /** The year that has no data. */
  public int year() {
    return year;
  }
}
