package io.gridwatch.cases.clock;

/** The colour of a timer on the wall. */
public enum TimerStatus {
  /** Running, not yet near its due time. */
  GREEN,
  /** Running, due shortly ({@link WarningPolicy}). */
  YELLOW,
  /** Past due and not met: overdue, to be escalated (督办). */
  RED,
  /** Met (on time or late: see {@link Deadline#isMetOnTime()}). */
  MET,
  /** Stopped because the case is parked. */
  PAUSED
}
