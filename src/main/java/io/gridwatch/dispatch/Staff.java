package io.gridwatch.dispatch;

import io.gridwatch.auth.Role;
import java.time.Instant;
import java.util.Objects;

/**
 * One field staff member as the roster sees them when a case needs a team: who, which grid, duty
 * status, last position, workload. The roster (issue 11, item 1) builds these; the ranking only
 * reads them. Immutable and thread-safe.
 *
 * @param userId the user's id; unique among the staff given to one ranking
 * @param username the login name (shown when {@code name} is blank)
 * @param name the person's name, e.g. 张伟
 * @param role {@link Role#INSPECTOR} (监察员, may investigate and enforce) or
 *     {@link Role#ASSISTANT} (协管员, never counts toward an enforcement team)
 * @param gridCode the grid cell the person belongs to: 6, 9 or 12 digits (level 1, 2 or 3)
 * @param status duty status
 * @param position the last reported position, or null when none was ever reported
 * @param stale whether the roster considers {@code position} too old to use (after 5 minutes by
 *     default); true is also accepted with a null position
 * @param openAssignments how many assignments the person has open now, 0 or more
 * @param lastAssignedAt when the person was last assigned a case, or null when never
 */
public record Staff(long userId, String username, String name, Role role, String gridCode,
    DutyStatus status, Position position, boolean stale, int openAssignments,
    Instant lastAssignedAt) {

  public Staff {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(gridCode, "gridCode");
    Objects.requireNonNull(status, "status");
    if (role != Role.INSPECTOR && role != Role.ASSISTANT) {
      throw new IllegalArgumentException("user " + userId + " is " + role
          + "; field staff are INSPECTOR or ASSISTANT");
    }
    if (GridChain.levelOf(gridCode) == 0) {
      throw new IllegalArgumentException("user " + userId + ": grid code '" + gridCode
          + "' is not 6, 9 or 12 digits");
    }
    if (openAssignments < 0) {
      throw new IllegalArgumentException("user " + userId + ": openAssignments " + openAssignments + " < 0");
    }
    name = name == null ? "" : name;
  }

  /** The name to show in reasons: the person's name, or the username when there is none. */
  public String displayName() {
    return name.isBlank() ? username : name;
  }

  /** The grid level of {@link #gridCode()}: 1, 2 or 3. */
  public int gridLevel() {
    return GridChain.levelOf(gridCode);
  }

  /** Whether the position can be used for distance: there is one and it is not stale. */
  public boolean hasFreshPosition() {
    return position != null && !stale;
  }
}
