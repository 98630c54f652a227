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
 * @param extensionWorkingDays approved extension so far (LEGAL_INVESTIGATE only), 0..30
 * @param metAt when the milestone meeting it was reached, or {@code null}
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
    Instant metAt) {

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

  /** A new running deadline. */
  static Deadline running(DeadlineKind kind, Instant startedAt, Instant dueAt, Instant warnAt) {
    return new Deadline(kind, startedAt, dueAt, warnAt, null, null, null, 0, null);
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

  Deadline withDue(Instant newDue, Instant newWarn) {
    return new Deadline(kind, startedAt, newDue, newWarn, pausedAt, remainingTime,
        remainingWorkingDays, extensionWorkingDays, metAt);
  }

  Deadline paused(Instant at, Duration time, Integer workingDays) {
    return new Deadline(kind, startedAt, dueAt, warnAt, at, time, workingDays,
        extensionWorkingDays, metAt);
  }

  Deadline resumed(Instant newDue, Instant newWarn) {
    return new Deadline(kind, startedAt, newDue, newWarn, null, null, null,
        extensionWorkingDays, metAt);
  }

  Deadline extended(int totalExtension, Instant newDue, Instant newWarn, Integer remainingDays) {
    return new Deadline(kind, startedAt, newDue, newWarn, pausedAt, remainingTime, remainingDays,
        totalExtension, metAt);
  }

  Deadline met(Instant at) {
    return new Deadline(kind, startedAt, dueAt, warnAt, pausedAt, remainingTime,
        remainingWorkingDays, extensionWorkingDays, at);
  }
}
