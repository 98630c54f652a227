package io.gridwatch.cases.workflow;

import io.gridwatch.auth.Role;
import java.util.Objects;

/**
 * A user proposed for a dispatch team, with the role the caller looked up for them (the workflow
 * does no I/O, so it is told rather than asks). Immutable.
 */
public record TeamMember(long userId, Role role) {
  public TeamMember {
    Objects.requireNonNull(role, "role");
  }

  /** An inspector, as tests and demo data mostly need. */
  public static TeamMember inspector(long userId) {
    return new TeamMember(userId, Role.INSPECTOR);
  }
}
