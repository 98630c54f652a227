package io.gridwatch.cases;

import io.gridwatch.cases.clock.CaseCategory;
import io.gridwatch.cases.clock.Deadline;
import io.gridwatch.cases.clock.DeadlineCalculator;
import io.gridwatch.cases.clock.Milestone;
import io.gridwatch.cases.clock.Urgency;
import io.gridwatch.cases.workflow.Command;
import io.gridwatch.cases.workflow.CaseState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * How the workflow drives a case's clocks: which accepted command starts, meets, moves, pauses
 * or resumes which deadline. Plain Java, no Vert.x; the result is written to the deadline table
 * in the same transaction as the case change.
 *
 * <ul>
 *   <li>filing (received, 待受理) starts the acceptance clock and the service promise's clocks;
 *   <li>admit (受理) meets acceptance and starts the legal registration clock (立案 on the day
 *       of acceptance);
 *   <li>register (立案) accepts first if that has not happened (受理 and 立案 at once), meets
 *       acceptance and registration and starts the 60-working-day investigation;
 *   <li>dispatch (派遣) starts the team's acceptance clock (DISPATCH_ACCEPT, {@code
 *       dispatch.acceptTimeoutSeconds}); the last acceptance of the team meets it, and a refusal,
 *       a return or the timeout itself ends it;
 *   <li>arrive (到场) meets the on-site promise;
 *   <li>extend (延期, approved) moves the investigation by its working days, or the service
 *       promise to close by its calendar days;
 *   <li>park (挂账) stops the running clocks and starts the review clock; unpark resumes them
 *       with the time they had left and meets the review;
 *   <li>close (结案), decline (不予受理) and merge (合并) end the case's handling and so meet every
 *       clock (a decline or merge is the decision the acceptance clock waits for);
 *   <li>everything else (resolve, verify, reopen, follow-up, transfer, note) leaves the
 *       clocks as they are: a rework runs against the deadlines the case already has.
 * </ul>
 *
 * Immutable and thread-safe.
 */
public final class CaseClocks {
  private final DeadlineCalculator calculator;
  private final Duration acceptWithin;

  /** @param acceptWithin how long a dispatched team has to accept (dispatch.acceptTimeoutSeconds) */
  public CaseClocks(DeadlineCalculator calculator, Duration acceptWithin) {
    this.calculator = calculator;
    this.acceptWithin = acceptWithin;
  }

  /** How long a dispatched team has to accept. */
  public Duration acceptWithin() {
    return acceptWithin;
  }

  public DeadlineCalculator calculator() {
    return calculator;
  }

  /** The clocks a complaint starts when it is filed at {@code at}. */
  public List<Deadline> filed(String category, Urgency urgency, Instant at) {
    return calculator.onReceived(at, categoryOf(category), urgency);
  }

  /** The clocks after {@code command} was accepted at {@code at}, leaving the case in {@code next}. */
  public List<Deadline> after(List<Deadline> current, Command command, CaseState next, Instant at) {
    List<Deadline> out = after(current, command, at);
    boolean teamAccepted = !next.assignedInspectors().isEmpty()
        && next.acceptedBy().containsAll(next.assignedInspectors());
    if (teamAccepted && (command instanceof Command.Accept || command instanceof Command.Arrive)) {
      out = calculator.onStatusReached(out, Milestone.TEAM_ACCEPTED, at);
    }
    return out;
  }

  private List<Deadline> after(List<Deadline> current, Command command, Instant at) {
    if (command instanceof Command.Dispatch) {
      return calculator.onDispatched(current, at, acceptWithin);
    } else if (command instanceof Command.Refuse || command instanceof Command.DispatchTimeout
        || command instanceof Command.Return) {
      return calculator.onStatusReached(current, Milestone.DISPATCH_ENDED, at);
    } else if (command instanceof Command.Admit) {
      return calculator.onAccepted(current, at);
    } else if (command instanceof Command.Register) {
      return calculator.onRegistered(calculator.onAccepted(current, at), at);
    } else if (command instanceof Command.Arrive) {
      return calculator.onStatusReached(current, Milestone.ON_SITE, at);
    } else if (command instanceof Command.Extend e) {
      return e.clock() == Command.ExtendedClock.PROMISE
          ? calculator.onPromiseExtended(current, e.days(), at)
          : calculator.onExtended(current, e.workingDays(), at);
    } else if (command instanceof Command.Park p) {
      return calculator.onParked(current, at, p.reviewDate());
    } else if (command instanceof Command.Unpark) {
      return calculator.onUnparked(current, at);
    } else if (command instanceof Command.Close || command instanceof Command.Decline
        || command instanceof Command.Merge) {
      return calculator.onStatusReached(current, Milestone.CLOSED, at);
    }
    return current;
  }

  /** The service-promise category of a case category; unknown ones are {@link CaseCategory#OTHER}. */
  static CaseCategory categoryOf(String category) {
    try {
      return CaseCategory.valueOf(category);
    } catch (IllegalArgumentException | NullPointerException e) {
      return CaseCategory.OTHER;
    }
  }
}
