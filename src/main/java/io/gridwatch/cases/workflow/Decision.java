package io.gridwatch.cases.workflow;

import java.util.List;
import java.util.Objects;

/**
 * What {@link Workflow#decide} made of a command: accepted, with the new state and the events to
 * append, or rejected, with why. Immutable.
 */
public sealed interface Decision {

  /** Whether the command was accepted. */
  boolean accepted();

  /** The command is accepted: store {@code state} (one version up) and append {@code events}. */
  record Accepted(CaseState state, List<CaseEvent> events) implements Decision {
    public Accepted {
      Objects.requireNonNull(state, "state");
      events = List.copyOf(events);
    }

    @Override
    public boolean accepted() {
      return true;
    }
  }

  /** The command is refused; nothing changes. {@code reason} is a sentence for the problem's detail. */
  record Rejected(Kind kind, String reason) implements Decision {
    public Rejected {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public boolean accepted() {
      return false;
    }
  }

  /**
   * Why a command was refused, in the workflow's own words (what HTTP answers each is decided by
   * the cases capability: {@code CaseService.rejected}). The rule of thumb: if another role or user
   * could have done it, FORBIDDEN_FOR_ROLE; if a different payload could have succeeded, INVALID;
   * if nothing could succeed in the case's current state, NOT_ALLOWED_FROM_STATUS.
   */
  enum Kind {
    /** The action is not possible in the case's current state (status, or a state guard). */
    NOT_ALLOWED_FROM_STATUS,
    /** The actor's role may not take the action, or not on this case (e.g. not on the team). */
    FORBIDDEN_FOR_ROLE,
    /** The payload is missing or wrong: reason, outcome, team, days. */
    INVALID,
    /** The caller's {@code expectedVersion} is not the case's version: reload and retry. */
    STALE_VERSION
  }
}
