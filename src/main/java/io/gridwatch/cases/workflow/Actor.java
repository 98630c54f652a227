package io.gridwatch.cases.workflow;

import io.gridwatch.auth.Role;
import java.util.Objects;

/**
 * Who takes a workflow action: a signed-in user and their role. Not to be confused with
 * {@link io.gridwatch.audit.Actor}, the audit trail's view (which also covers the system and the
 * command line, who take no workflow actions). Immutable.
 */
public record Actor(long userId, Role role) {
  public Actor {
    Objects.requireNonNull(role, "role");
  }
}
