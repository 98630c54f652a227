package io.gridwatch.cases.clock;

/**
 * A point in a case's life that meets deadlines. The workflow reports the milestone its status
 * change reaches; {@link DeadlineKind#metBy(Milestone)} says which clocks that stops. A later
 * milestone implies the earlier ones it cannot happen without: registering implies accepting,
 * and closing stops every clock.
 */
public enum Milestone {
  /** 受理: the complaint is accepted for handling. */
  ACCEPTED,
  /** 立案: the case is registered for investigation. */
  REGISTERED,
  /** Every inspector of the dispatched team has accepted (接单). */
  TEAM_ACCEPTED,
  /** The dispatch ended without the team accepting: refused, timed out or returned. */
  DISPATCH_ENDED,
  /** An inspector reported arrival on site. */
  ON_SITE,
  /** Back from 挂账: the parked case was reviewed and resumed. */
  UNPARKED,
  /** 结案: the case is closed. */
  CLOSED
}
