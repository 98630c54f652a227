package io.gridwatch.dispatch;

import java.util.Objects;

/**
 * One line of explanation of a ranking: a stable code (for tests, icons and translation) and a
 * short Chinese text with the figures (for people). Immutable and thread-safe.
 *
 * @param code what kind of reason
 * @param userId the staff member the reason is about, or null for a reason about the whole
 *     recommendation or team
 * @param text the human-readable text, e.g. {@code 张伟：距案发地 1112 米，定位精度 ±15 米（+250 +47.3）}
 */
public record Reason(Code code, Long userId, String text) {

  public Reason {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(text, "text");
  }

  /**
   * The reason as one string for the API's {@code reasons} arrays: the code, a space, the text,
   * e.g. {@code DISTANCE 张伟：距案发地 1112 米…}. Stable for a given input.
   */
  public String line() {
    return code.name() + " " + text;
  }

  @Override
  public String toString() {
    return line();
  }

  /** The kinds of reason. Member reasons explain one person's score; notes explain the whole. */
  public enum Code {
    /** The team's score: the mean of its members' scores, with each member's score. */
    TEAM_SCORE,
    /** The member belongs to the case's own (deepest) cell: 属地. */
    GRID_OWN,
    /** The member belongs to the cell one level above the case's cell: 兜底. */
    GRID_PARENT,
    /** The member belongs to the cell two levels above the case's cell (the district): 兜底. */
    GRID_GRANDPARENT,
    /** The member is AVAILABLE or EN_ROUTE. */
    STATUS_READY,
    /** The member is ON_SITE or BUSY, so ranks after the ready ones of the same level. */
    STATUS_OCCUPIED,
    /** Distance in metres from the member's fresh position to the case. */
    DISTANCE,
    /** The member's last position is stale, so ranks after members with a fresh one. */
    POSITION_STALE,
    /** The member has never reported a position, so ranks after members with a fresh one. */
    POSITION_UNKNOWN,
    /** The member's open assignments. */
    WORKLOAD,
    /** Time since the member's last assignment. */
    IDLE,
    /** The member has never been assigned a case. */
    NEVER_ASSIGNED,
    /** Note: the case has no location, so distance plays no part. */
    NO_CASE_LOCATION,
    /** Note: staff of the case's grid chain who are off duty were left out. */
    OFF_DUTY_LEFT_OUT,
    /** Note: assistants of the chain on duty do not count toward an enforcement team. */
    ASSISTANTS_NOT_COUNTED,
    /** Note: staff outside the case's grid chain were left out. */
    OUTSIDE_CHAIN_LEFT_OUT,
    /** Note: fewer on-duty inspectors in the chain than an enforcement team needs: no team. */
    NOT_ENOUGH_INSPECTORS,
    /** Note: fewer on-duty staff in the chain than the team needs: no team. */
    NOT_ENOUGH_STAFF
  }
}
