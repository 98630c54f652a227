package io.gridwatch.cases.clock;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One running, paused or met deadline of a case: a row of the deadline table, swept on a timer
 * (ARCHITECTURE convention 6). Created and changed only through {@link DeadlineCalculator}.
 *
 * <p>{@code dueAt} is exclusive: the deadline is met by a milestone strictly before it and is
 * missed (red) from {@code dueAt} on. It turns yellow at {@code warnAt}.
 *
 * <p>Immutable and thread-safe; every change returns a new instance.
 *
 * @param kind which deadline
 * @param startedAt when the clock started (receipt, acceptance or registration)
 * @param dueAt when it falls due (for working-day clocks, 24:00 Beijing time of the last day)
 * @param warnAt when it turns yellow ({@link WarningPolicy})
 * @param pausedAt when the case was parked, or {@code null} while running
 * @param remainingTime while parked, the time left on a calendar clock; otherwise {@code null}
 * @param remainingWorkingDays while parked, the working days left on a working-day clock (the
 *     day of parking counts as used); otherwise {@code null}
 * @param extensionWorkingDays approved extension so far, 0..30: working days for LEGAL_INVESTIGATE,
 *     calendar days for SERVICE_CLOSE (the service promise), 0 for the others
 * @param metAt when the milestone meeting it was reached, or {@code null}
 * @param provisional whether the due time was counted over calendar days that are a guess (a
 *     year with no holiday file, or one not checked against the State Council's notice): shown
 *     as provisional on the case and the wall ({@link WorkingCalendar#isProvisional})
 */
public record Deadline(
    DeadlineKind kind,
    Instant startedAt,
    Instant dueAt,
    Instant warnAt,
    Instant pausedAt,
    Duration remainingTime,
    Integer remainingWorkingDays,
    int extensionWorkingDays,
    Instant metAt,
    boolean provisional) {

  public Deadline {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(dueAt, "dueAt");
    Objects.requireNonNull(warnAt, "warnAt");
    if (warnAt.isAfter(dueAt)) {
      throw new IllegalArgumentException("warnAt " + warnAt + " after dueAt " + dueAt);
    }
    if (pausedAt != null) {
      boolean calendar = kind.basis() == DeadlineKind.Basis.CALENDAR;
      if (calendar ? remainingTime == null : remainingWorkingDays == null) {
        throw new IllegalArgumentException("a paused " + kind + " needs its remaining "
            + (calendar ? "time" : "working days"));
      }
    }
    if (extensionWorkingDays < 0
        || extensionWorkingDays > DeadlineKind.MAX_EXTENSION_WORKING_DAYS) {
      throw new IllegalArgumentException("extension out of range: " + extensionWorkingDays);
    }
  }

  /** A deadline counted on known calendar days only ({@code provisional} false). */
  public Deadline(DeadlineKind kind, Instant startedAt, Instant dueAt, Instant warnAt, Instant pausedAt,
      Duration remainingTime, Integer remainingWorkingDays, int extensionWorkingDays, Instant metAt) {
    this(kind, startedAt, dueAt, warnAt, pausedAt, remainingTime, remainingWorkingDays, extensionWorkingDays,
        metAt, false);
  }

  /** A new running deadline. */
  static Deadline running(DeadlineKind kind, Instant startedAt, Instant dueAt, Instant warnAt,
      boolean provisional) {
    return new Deadline(kind, startedAt, dueAt, warnAt, null, null, null, 0, null, provisional);
  }

  /** Whether the case is parked and this clock is stopped. */
  public boolean isPaused() {
    return pausedAt != null;
  }

  /** Whether the milestone meeting this deadline has been reached (on time or late). */
  public boolean isMet() {
    return metAt != null;
  }

  /** Whether it was met before it fell due. */
  public boolean isMetOnTime() {
    return metAt != null && metAt.isBefore(dueAt);
  }

  /** Whether it is missed as of {@code now}: met late, or unmet and running at or past due. */
  public boolean isMissed(Instant now) {
    if (metAt != null) {
      return !metAt.isBefore(dueAt);
    }
    return pausedAt == null && !now.isBefore(dueAt);
  }

  Deadline paused(Instant at, Duration time, Integer workingDays) {
    return new Deadline(kind, startedAt, dueAt, warnAt, at, time, workingDays,
        extensionWorkingDays, metAt, provisional);
  }

  Deadline resumed(Instant newDue, Instant newWarn, boolean provisionalNow) {
    return new Deadline(kind, startedAt, newDue, newWarn, null, null, null,
        extensionWorkingDays, metAt, provisionalNow);
  }

  Deadline extended(int totalExtension, Instant newDue, Instant newWarn, Duration remainingTimeNow,
      Integer remainingDays, boolean provisionalNow) {
    return new Deadline(kind, startedAt, newDue, newWarn, pausedAt, remainingTimeNow, remainingDays,
        totalExtension, metAt, provisionalNow);
  }

  Deadline met(Instant at) {
    return new Deadline(kind, startedAt, dueAt, warnAt, pausedAt, remainingTime,
        remainingWorkingDays, extensionWorkingDays, at, provisional);
  }
}
