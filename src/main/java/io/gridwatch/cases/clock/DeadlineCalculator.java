package io.gridwatch.cases.clock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Computes and moves a case's deadlines as its workflow reaches events: pure functions from a
 * list of {@link Deadline}s (at most one per {@link DeadlineKind}) and an event to the new list.
 * The caller stores the result in the deadline table; nothing is scheduled here.
 *
 * <p>Every event method takes the instant the event happened; the overloads without it use the
 * injected {@link Clock}, as does {@link #status(Deadline)}.
 *
 * <p>Rules:
 * <ul>
 *   <li>Working-day clocks count days after the day of the triggering event (Beijing time) and
 *       fall due at 24:00 of the last one ({@link WorkingCalendar}).
 *   <li>Parking stops every running, unmet clock that is not yet overdue; an overdue clock stays
 *       red (the miss stands). A calendar clock keeps its remaining time; a working-day clock
 *       keeps the working days after the day of parking. Unparking re-applies them from the
 *       moment (calendar) or the day (working days; that day not counted) of unparking. The
 *       yellow lead is kept.
 *   <li>An extension moves LEGAL_INVESTIGATE by whole working days; it needs a registered,
 *       unmet, not yet overdue investigation clock and is refused beyond
 *       {@value DeadlineKind#MAX_EXTENSION_WORKING_DAYS} working days in total.
 *   <li>A milestone meets every unmet deadline whose kind it meets, also a paused one (which is
 *       first resumed, so "on time" compares against the shifted due time).
 *   <li>当天立案 counts from the working day of receipt (after office hours or on a rest day: the
 *       next working day); the service promise to close may be extended by calendar days;
 *       parking sets a review date (PARK_REVIEW), met by unparking.
 *   <li>A clock counted over a year with no holiday file, or an unverified one, is computed on
 *       weekends only (no file) or on the unverified file, and marked
 *       {@link Deadline#provisional()}; nothing is refused for it.
 * </ul>
 *
 * <p>Immutable and thread-safe (given thread-safe calendar, promises and clock, which the
 * bundled ones are).
 */
public final class DeadlineCalculator {
  private final WorkingCalendar calendar;
  private final ServicePromises promises;
  private final WarningPolicy warning;
  private final Clock clock;

  public DeadlineCalculator(WorkingCalendar calendar, ServicePromises promises,
      WarningPolicy warning, Clock clock) {
    this.calendar = Objects.requireNonNull(calendar, "calendar");
    this.promises = Objects.requireNonNull(promises, "promises");
    this.warning = Objects.requireNonNull(warning, "warning");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** With {@link WarningPolicy#DEFAULT}. */
  public DeadlineCalculator(WorkingCalendar calendar, ServicePromises promises, Clock clock) {
    this(calendar, promises, WarningPolicy.DEFAULT, clock);
  }

  public WorkingCalendar calendar() {
    return calendar;
  }

  /**
   * The clocks started by receipt of a complaint: LEGAL_ACCEPT, and the service clocks the
   * promise for {@code category} and {@code urgency} asks for. 当天立案 (SERVICE_REGISTER) counts
   * from the working day of receipt: due at 24:00 of that day when the complaint came in on a
   * working day before {@link ServicePromises#workdayEndsAt()}, otherwise at 24:00 of the next
   * working day.
   */
  public List<Deadline> onReceived(Instant receivedAt, CaseCategory category, Urgency urgency) {
    Objects.requireNonNull(receivedAt, "receivedAt");
    LocalDate day = WorkingCalendar.dateOf(receivedAt);
    List<Deadline> out = new ArrayList<>();
    out.add(start(DeadlineKind.LEGAL_ACCEPT, receivedAt, WorkingCalendar.endOfDay(
        calendar.addWorkingDays(day, DeadlineKind.ACCEPT_WORKING_DAYS))));
    ServicePromise p = promises.forCase(category, urgency);
    if (p.onSiteWithin() != null) {
      out.add(start(DeadlineKind.SERVICE_ON_SITE, receivedAt, receivedAt.plus(p.onSiteWithin())));
    }
    if (p.registerSameDay()) {
      out.add(start(DeadlineKind.SERVICE_REGISTER, receivedAt,
          WorkingCalendar.endOfDay(sameDayRegistrationDay(receivedAt))));
    }
    if (p.closeWithinDays() != null) {
      out.add(start(DeadlineKind.SERVICE_CLOSE, receivedAt,
          WorkingCalendar.endOfDay(day.plusDays(p.closeWithinDays()))));
    }
    return List.copyOf(out);
  }

  /** {@link #onAccepted(List, Instant)} now. */
  public List<Deadline> onAccepted(List<Deadline> deadlines) {
    return onAccepted(deadlines, clock.instant());
  }

  /**
   * Acceptance: meets LEGAL_ACCEPT and starts LEGAL_REGISTER, due at the end of the working day
   * of acceptance (the next working day's end when accepted on a day off). Repeating it leaves
   * an existing LEGAL_REGISTER alone.
   */
  public List<Deadline> onAccepted(List<Deadline> deadlines, Instant acceptedAt) {
    List<Deadline> out = new ArrayList<>(onStatusReached(deadlines, Milestone.ACCEPTED, acceptedAt));
    if (find(out, DeadlineKind.LEGAL_REGISTER) == null) {
      out.add(start(DeadlineKind.LEGAL_REGISTER, acceptedAt,
          calendar.endOfWorkingDay(WorkingCalendar.dateOf(acceptedAt))));
    }
    return List.copyOf(out);
  }

  /** {@link #onRegistered(List, Instant)} now. */
  public List<Deadline> onRegistered(List<Deadline> deadlines) {
    return onRegistered(deadlines, clock.instant());
  }

  /**
   * Registration (立案): meets LEGAL_ACCEPT, LEGAL_REGISTER and SERVICE_REGISTER, and starts
   * LEGAL_INVESTIGATE, due at the end of the 60th working day after the day of registration.
   * Repeating it leaves an existing LEGAL_INVESTIGATE alone.
   */
  public List<Deadline> onRegistered(List<Deadline> deadlines, Instant registeredAt) {
    List<Deadline> out =
        new ArrayList<>(onStatusReached(deadlines, Milestone.REGISTERED, registeredAt));
    if (find(out, DeadlineKind.LEGAL_INVESTIGATE) == null) {
      out.add(start(DeadlineKind.LEGAL_INVESTIGATE, registeredAt, WorkingCalendar.endOfDay(
          calendar.addWorkingDays(WorkingCalendar.dateOf(registeredAt),
              DeadlineKind.INVESTIGATE_WORKING_DAYS))));
    }
    return List.copyOf(out);
  }

  /** {@link #onExtended(List, int, Instant)} approved now. */
  public List<Deadline> onExtended(List<Deadline> deadlines, int workingDays) {
    return onExtended(deadlines, workingDays, clock.instant());
  }

  /**
   * An approved extension of the investigation by {@code workingDays}.
   *
   * @throws IllegalArgumentException if {@code workingDays < 1}
   * @throws IllegalStateException if there is no unmet LEGAL_INVESTIGATE, it is already overdue
   *     at {@code approvedAt}, or the total would exceed 30 working days
   */
  public List<Deadline> onExtended(List<Deadline> deadlines, int workingDays, Instant approvedAt) {
    if (workingDays < 1) {
      throw new IllegalArgumentException("an extension is at least 1 working day, was "
          + workingDays);
    }
    Deadline inv = find(deadlines, DeadlineKind.LEGAL_INVESTIGATE);
    if (inv == null) {
      throw new IllegalStateException("no investigation clock to extend: register the case first");
    }
    if (inv.isMet()) {
      throw new IllegalStateException("the investigation is already closed");
    }
    if (!inv.isPaused() && !approvedAt.isBefore(inv.dueAt())) {
      throw new IllegalStateException("the investigation fell due at " + inv.dueAt()
          + "; an extension must be approved before that");
    }
    int total = inv.extensionWorkingDays() + workingDays;
    if (total > DeadlineKind.MAX_EXTENSION_WORKING_DAYS) {
      throw new IllegalStateException("extension refused: " + inv.extensionWorkingDays()
          + " working days already approved, " + workingDays + " more would make " + total
          + "; the limit is " + DeadlineKind.MAX_EXTENSION_WORKING_DAYS);
    }
    Deadline changed;
    if (inv.isPaused()) {
      changed = inv.extended(total, inv.dueAt(), inv.warnAt(), null,
          inv.remainingWorkingDays() + workingDays, inv.provisional());
    } else {
      Instant due = WorkingCalendar.endOfDay(calendar.addWorkingDays(dueDate(inv), workingDays));
      changed = inv.extended(total, due, warning.warnAt(inv.startedAt(), due), null, null,
          provisional(inv.kind(), inv.startedAt(), due));
    }
    return replace(deadlines, changed);
  }

  /**
   * A supervisor's extension of the service promise to close (SERVICE_CLOSE) by {@code days}
   * calendar days, e.g. for an absconding employer's case that waits for the police and the court.
   * Like the legal extension it must be approved before the promise falls due, and all such
   * extensions together stay within {@value DeadlineKind#MAX_PROMISE_EXTENSION_DAYS} days.
   *
   * @throws IllegalArgumentException if {@code days < 1}
   * @throws IllegalStateException if there is no unmet SERVICE_CLOSE, it is already overdue at
   *     {@code approvedAt}, or the total would exceed the limit
   */
  public List<Deadline> onPromiseExtended(List<Deadline> deadlines, int days, Instant approvedAt) {
    if (days < 1) {
      throw new IllegalArgumentException("an extension of the promise is at least 1 day, was " + days);
    }
    Deadline close = find(deadlines, DeadlineKind.SERVICE_CLOSE);
    if (close == null) {
      throw new IllegalStateException("this case has no service promise to close by; nothing to extend");
    }
    if (close.isMet()) {
      throw new IllegalStateException("the service promise was already met");
    }
    if (!close.isPaused() && !approvedAt.isBefore(close.dueAt())) {
      throw new IllegalStateException("the service promise fell due at " + close.dueAt()
          + "; an extension must be approved before that");
    }
    int total = close.extensionWorkingDays() + days;
    if (total > DeadlineKind.MAX_PROMISE_EXTENSION_DAYS) {
      throw new IllegalStateException("extension refused: the promise was already extended by "
          + close.extensionWorkingDays() + " days, " + days + " more would make " + total
          + "; the limit is " + DeadlineKind.MAX_PROMISE_EXTENSION_DAYS);
    }
    Duration more = Duration.ofDays(days);
    Deadline changed = close.isPaused()
        ? close.extended(total, close.dueAt(), close.warnAt(), close.remainingTime().plus(more), null, false)
        : close.extended(total, close.dueAt().plus(more),
            warning.warnAt(close.startedAt(), close.dueAt().plus(more)), null, null, false);
    return replace(deadlines, changed);
  }

  /**
   * The case was dispatched at {@code at}: the team has {@code acceptWithin} to accept
   * ({@link DeadlineKind#DISPATCH_ACCEPT}), replacing the clock of an earlier dispatch. It warns
   * at its due time only: the release at the due time is the escalation.
   */
  public List<Deadline> onDispatched(List<Deadline> deadlines, Instant at, Duration acceptWithin) {
    if (acceptWithin.isNegative() || acceptWithin.isZero()) {
      throw new IllegalArgumentException("the acceptance time must be positive: " + acceptWithin);
    }
    List<Deadline> out = new ArrayList<>();
    for (Deadline d : deadlines) {
      if (d.kind() != DeadlineKind.DISPATCH_ACCEPT) {
        out.add(d);
      }
    }
    Instant due = at.plus(acceptWithin);
    out.add(Deadline.running(DeadlineKind.DISPATCH_ACCEPT, at, due, due, false));
    return List.copyOf(out);
  }

  /** {@link #onParked(List, Instant)} now. */
  public List<Deadline> onParked(List<Deadline> deadlines) {
    return onParked(deadlines, clock.instant());
  }

  /**
   * The case is parked (挂账) at {@code at} until a review on {@code reviewDate}: stops the running
   * clocks ({@link #onParked(List, Instant)}) and starts PARK_REVIEW, due at 24:00 of
   * {@code reviewDate} (replacing the met review of an earlier parking).
   *
   * @throws IllegalArgumentException if {@code reviewDate} is not after the day of parking or
   *     lies more than {@value DeadlineKind#MAX_PARK_REVIEW_DAYS} days after it
   */
  public List<Deadline> onParked(List<Deadline> deadlines, Instant at, LocalDate reviewDate) {
    LocalDate today = WorkingCalendar.dateOf(at);
    if (!reviewDate.isAfter(today)) {
      throw new IllegalArgumentException("the review date " + reviewDate + " must be after the day of parking, "
          + today);
    }
    if (reviewDate.isAfter(today.plusDays(DeadlineKind.MAX_PARK_REVIEW_DAYS))) {
      throw new IllegalArgumentException("the review date " + reviewDate + " is more than "
          + DeadlineKind.MAX_PARK_REVIEW_DAYS + " days after " + today + "; a parked case is reviewed within "
          + DeadlineKind.MAX_PARK_REVIEW_DAYS + " days");
    }
    List<Deadline> out = new ArrayList<>();
    for (Deadline d : onParked(deadlines, at)) {
      if (d.kind() != DeadlineKind.PARK_REVIEW) {
        out.add(d);
      }
    }
    out.add(start(DeadlineKind.PARK_REVIEW, at, WorkingCalendar.endOfDay(reviewDate)));
    return List.copyOf(out);
  }

  /**
   * The case is parked (挂账): stops running, unmet clocks that are not overdue. The review clock
   * ({@link #onParked(List, Instant, LocalDate)}) is not started here.
   */
  public List<Deadline> onParked(List<Deadline> deadlines, Instant at) {
    List<Deadline> out = new ArrayList<>();
    for (Deadline d : deadlines) {
      if (d.isMet() || d.isPaused() || !at.isBefore(d.dueAt()) || d.kind() == DeadlineKind.PARK_REVIEW) {
        out.add(d);
      } else if (d.kind().basis() == DeadlineKind.Basis.CALENDAR) {
        out.add(d.paused(at, Duration.between(at, d.dueAt()), null));
      } else {
        out.add(d.paused(at, null,
            calendar.workingDaysBetween(WorkingCalendar.dateOf(at), dueDate(d))));
      }
    }
    return List.copyOf(out);
  }

  /** {@link #onUnparked(List, Instant)} now. */
  public List<Deadline> onUnparked(List<Deadline> deadlines) {
    return onUnparked(deadlines, clock.instant());
  }

  /**
   * The case resumes: every paused clock gets its remaining time or working days back from
   * {@code at}. A working-day clock parked on its last day resumes due at the end of the first
   * working day on or after the day of unparking.
   *
   * @throws IllegalArgumentException if {@code at} is before the parking
   */
  public List<Deadline> onUnparked(List<Deadline> deadlines, Instant at) {
    List<Deadline> out = new ArrayList<>();
    for (Deadline d : deadlines) {
      out.add(d.isPaused() ? resume(d, at) : d);
    }
    return onStatusReached(out, Milestone.UNPARKED, at);
  }

  /** {@link #onStatusReached(List, Milestone, Instant)} now. */
  public List<Deadline> onStatusReached(List<Deadline> deadlines, Milestone milestone) {
    return onStatusReached(deadlines, milestone, clock.instant());
  }

  /**
   * Marks met every unmet deadline that {@code milestone} meets ({@link DeadlineKind#metBy}).
   * Already met deadlines keep their first {@code metAt}.
   */
  public List<Deadline> onStatusReached(List<Deadline> deadlines, Milestone milestone,
      Instant at) {
    Objects.requireNonNull(milestone, "milestone");
    List<Deadline> out = new ArrayList<>();
    for (Deadline d : deadlines) {
      if (d.isMet() || !d.kind().metBy(milestone)) {
        out.add(d);
      } else {
        Deadline running = d.isPaused() ? resume(d, at) : d;
        out.add(running.met(at));
      }
    }
    return List.copyOf(out);
  }

  /** {@link #status(Deadline, Instant)} now. */
  public TimerState status(Deadline d) {
    return status(d, clock.instant());
  }

  /** The colour and time left of {@code d} at {@code now}. */
  public TimerState status(Deadline d, Instant now) {
    boolean workingDays = d.kind().basis() == DeadlineKind.Basis.WORKING_DAYS;
    if (d.isMet()) {
      return new TimerState(TimerStatus.MET, Duration.between(d.metAt(), d.dueAt()), null);
    }
    if (d.isPaused()) {
      return new TimerState(TimerStatus.PAUSED, d.remainingTime(), d.remainingWorkingDays());
    }
    Integer daysLeft = workingDays
        ? calendar.workingDaysBetween(WorkingCalendar.dateOf(now), dueDate(d)) : null;
    Duration left = Duration.between(now, d.dueAt());
    TimerStatus s = !now.isBefore(d.dueAt()) ? TimerStatus.RED
        : !now.isBefore(d.warnAt()) ? TimerStatus.YELLOW : TimerStatus.GREEN;
    return new TimerState(s, left, daysLeft);
  }

  private Deadline resume(Deadline d, Instant at) {
    if (at.isBefore(d.pausedAt())) {
      throw new IllegalArgumentException("unparked at " + at + ", before it was parked at "
          + d.pausedAt());
    }
    Duration lead = Duration.between(d.warnAt(), d.dueAt());
    Instant due;
    if (d.kind().basis() == DeadlineKind.Basis.CALENDAR) {
      due = at.plus(d.remainingTime());
    } else {
      LocalDate day = WorkingCalendar.dateOf(at);
      int left = d.remainingWorkingDays();
      due = left == 0 ? calendar.endOfWorkingDay(day)
          : WorkingCalendar.endOfDay(calendar.addWorkingDays(day, left));
    }
    Instant warn = due.minus(lead);
    return d.resumed(due, warn.isBefore(at) ? (at.isAfter(due) ? due : at) : warn,
        provisional(d.kind(), d.startedAt(), due));
  }

  private Deadline start(DeadlineKind kind, Instant startedAt, Instant due) {
    return Deadline.running(kind, startedAt, due, warning.warnAt(startedAt, due),
        provisional(kind, startedAt, due));
  }

  /**
   * Whether a clock of {@code kind} from {@code startedAt} to {@code due} was counted over guessed
   * calendar days: only clocks whose due time depends on the working-day calendar can be.
   */
  private boolean provisional(DeadlineKind kind, Instant startedAt, Instant due) {
    boolean usesCalendar = kind.basis() == DeadlineKind.Basis.WORKING_DAYS
        || kind == DeadlineKind.SERVICE_REGISTER;
    return usesCalendar && calendar.anyProvisional(WorkingCalendar.dateOf(startedAt), dueDate(due));
  }

  /**
   * The day 当天立案 counts from: the day of receipt if it is a working day and the complaint came
   * before the office's working day ended; otherwise the next working day.
   */
  private LocalDate sameDayRegistrationDay(Instant receivedAt) {
    LocalDate day = WorkingCalendar.dateOf(receivedAt);
    LocalTime time = LocalTime.ofInstant(receivedAt, WorkingCalendar.ZONE);
    boolean inOfficeHours = calendar.isWorkingDay(day) && time.isBefore(promises.workdayEndsAt());
    return inOfficeHours ? day : calendar.addWorkingDays(day, 1);
  }

  /** The last counted day of a working-day clock (due at 24:00 of it). */
  private static LocalDate dueDate(Deadline d) {
    return dueDate(d.dueAt());
  }

  private static LocalDate dueDate(Instant due) {
    return WorkingCalendar.dateOf(due.minusNanos(1));
  }

  private static Deadline find(List<Deadline> deadlines, DeadlineKind kind) {
    for (Deadline d : deadlines) {
      if (d.kind() == kind) {
        return d;
      }
    }
    return null;
  }

  private static List<Deadline> replace(List<Deadline> deadlines, Deadline changed) {
    List<Deadline> out = new ArrayList<>();
    for (Deadline d : deadlines) {
      out.add(d.kind() == changed.kind() ? changed : d);
    }
    return List.copyOf(out);
  }
}
