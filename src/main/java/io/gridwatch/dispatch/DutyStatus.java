package io.gridwatch.dispatch;

/**
 * The duty status of a field staff member, as the roster keeps it (shared/API.md, "Dispatch and
 * the field": {@code OFF_DUTY}, {@code AVAILABLE}, {@code EN_ROUTE}, {@code ON_SITE},
 * {@code BUSY}). Immutable and thread-safe.
 */
public enum DutyStatus {
  /** Not on duty: never proposed for a team. */
  OFF_DUTY("下班"),
  /** On duty and free. */
  AVAILABLE("空闲"),
  /** On duty, travelling (usually to an assignment); can be redirected. */
  EN_ROUTE("在途"),
  /** On duty, at an assignment's site. */
  ON_SITE("在现场"),
  /** On duty, occupied otherwise (meeting, paperwork, another task). */
  BUSY("忙碌");

  private final String label;

  DutyStatus(String label) {
    this.label = label;
  }

  /** The Chinese label used in reasons. */
  public String label() {
    return label;
  }

  /** Whether the staff member is on duty at all (everything but {@link #OFF_DUTY}). */
  public boolean onDuty() {
    return this != OFF_DUTY;
  }

  /**
   * Whether the staff member can leave for a new case now: {@link #AVAILABLE} or
   * {@link #EN_ROUTE}. {@link #ON_SITE} and {@link #BUSY} staff are still proposed, after these.
   */
  public boolean ready() {
    return this == AVAILABLE || this == EN_ROUTE;
  }
}
