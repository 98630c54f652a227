package io.gridwatch.cases.workflow;

import io.gridwatch.auth.Role;
import java.util.Objects;

/**
 * Who takes a workflow action: a signed-in user and their role. Not to be confused with
 * {@link io.gridwatch.audit.Actor}, the audit trail's view (which also covers the system and the
 * command line, who take no workflow actions). Immutable.
 */
public record Actor(long userId, Role role) {
  /**
   * The system itself, for what it does on its own (an acceptance timeout, an automatic
   * dispatch): user id 0, which no account has, acting with a supervisor's rights. Its events
   * name no user and the role {@code SYSTEM}.
   */
  public static final Actor SYSTEM = new Actor(0, Role.SUPERVISOR);

  public Actor {
    Objects.requireNonNull(role, "role");
  }

  /** Whether this is {@link #SYSTEM}. */
  public boolean isSystem() {
    return userId == 0;
  }
}
