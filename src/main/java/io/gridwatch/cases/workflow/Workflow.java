package io.gridwatch.cases.workflow;

import io.gridwatch.auth.Role;
import io.gridwatch.cases.workflow.Decision.Kind;
import io.gridwatch.cases.workflow.Decision.Rejected;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The case workflow's one decision: given a case's state, a command and who gives it, accept it
 * (new state, events to append) or refuse it (why, and as which {@link Decision.Kind}). Pure: no
 * I/O, no clock, no randomness; the same inputs give the same decision. Stateless and
 * thread-safe.
 *
 * <p>Checks, in order, and the first that fails decides the refusal:
 *
 * <ol>
 *   <li>the actor's role may take the action at all ({@link Permissions}) → FORBIDDEN_FOR_ROLE;
 *   <li>{@code expectedVersion} is the case's version → STALE_VERSION;
 *   <li>the action is allowed from the status ({@link Transitions}) → NOT_ALLOWED_FROM_STATUS;
 *   <li>the payload is complete and well-formed → INVALID;
 *   <li>the actor may act on this case (an inspector must be on the team) → FORBIDDEN_FOR_ROLE;
 *   <li>state guards: reopen needs a dissatisfied follow-up, an inspector accepts once →
 *       NOT_ALLOWED_FROM_STATUS;
 *   <li>payload against state: an assistant resolves only without enforcement →
 *       FORBIDDEN_FOR_ROLE; extensions total at most 30 working days, a case is not merged into
 *       itself → INVALID.
 * </ol>
 *
 * <p>Deadlines are not computed here: the clocks react to the events (see {@link CaseEvent}).
 */
public final class Workflow {

  private Workflow() {}

  /**
   * Files a new case (受理): RECEIVED at {@link CaseState#FIRST_VERSION}, with a {@code received}
   * event, if {@code actor} may file ({@link Permissions#FILERS}).
   */
  public static Decision file(long caseId, Actor actor) {
    Objects.requireNonNull(actor, "actor");
    if (!Permissions.mayFile(actor.role())) {
      return new Rejected(Kind.FORBIDDEN_FOR_ROLE, actor.role() + " may not file a complaint; "
          + roles(Permissions.FILERS) + " may");
    }
    CaseState s = CaseState.received(caseId);
    return new Decision.Accepted(s, List.of(new CaseEvent("received", caseId, s.version(), actor,
        CaseStatus.RECEIVED, CaseStatus.RECEIVED, Map.of())));
  }

  /** Decides {@code command} on {@code current}, given by {@code actor}. Never throws for bad input. */
  public static Decision decide(CaseState current, Command command, Actor actor) {
    Objects.requireNonNull(current, "current");
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(actor, "actor");
    CaseAction action = command.action();

    if (!Permissions.allows(actor.role(), action)) {
      return new Rejected(Kind.FORBIDDEN_FOR_ROLE, actor.role() + " may not " + action.wireName() + " a case; "
          + (Permissions.rolesFor(action).isEmpty() ? "no role may" : roles(Permissions.rolesFor(action)) + " may"));
    }
    if (command.expectedVersion() != current.version()) {
      return new Rejected(Kind.STALE_VERSION, "case " + current.id() + " is at version " + current.version()
          + ", not " + command.expectedVersion() + "; reload it and try again");
    }
    Optional<Transitions.Target> target = Transitions.target(current.status(), action);
    if (target.isEmpty()) {
      return notFromStatus(current.status(), action);
    }
    List<String> problems = command.problems();
    if (!problems.isEmpty()) {
      return new Rejected(Kind.INVALID, String.join("; ", problems));
    }
    Optional<Rejected> refusal = actorAndStateCheck(current, action, actor)
        .or(() -> payloadAgainstState(current, command, actor));
    if (refusal.isPresent()) {
      return refusal.get();
    }
    return apply(current, command, actor, target.get());
  }

  /**
   * The actions {@code actor} could take on {@code current} now with a suitable payload (for the
   * buttons a client shows). Payload-dependent refusals (an assistant's enforcement outcome, the
   * extension cap) are not foreseen, except that extend is left out once no days are left.
   */
  public static Set<CaseAction> availableActions(CaseState current, Actor actor) {
    Set<CaseAction> out = EnumSet.noneOf(CaseAction.class);
    for (CaseAction a : Transitions.actionsFrom(current.status())) {
      if (Permissions.allows(actor.role(), a) && actorAndStateCheck(current, a, actor).isEmpty()
          && !(a == CaseAction.EXTEND && current.extensionWorkingDaysLeft() == 0)) {
        out.add(a);
      }
    }
    return out;
  }

  /**
   * The acceptance clock ran out on a DISPATCHED case: the system releases the team (case back
   * to REGISTERED, a {@code dispatch-timeout} event naming who had not accepted). Not a user's
   * action, so no role is checked; refused (NOT_ALLOWED_FROM_STATUS) when the case is no longer
   * DISPATCHED, and STALE_VERSION when it changed meanwhile.
   */
  public static Decision timeOut(CaseState current, Command.DispatchTimeout command) {
    Objects.requireNonNull(current, "current");
    if (command.expectedVersion() != current.version()) {
      return new Rejected(Kind.STALE_VERSION, "case " + current.id() + " is at version " + current.version()
          + ", not " + command.expectedVersion());
    }
    Optional<Transitions.Target> target = Transitions.target(current.status(), CaseAction.DISPATCH_TIMEOUT);
    if (target.isEmpty()) {
      return notFromStatus(current.status(), CaseAction.DISPATCH_TIMEOUT);
    }
    return apply(current, command, Actor.SYSTEM, target.get());
  }

  private static Rejected notFromStatus(CaseStatus status, CaseAction action) {
    Set<CaseAction> allowed = Transitions.actionsFrom(status);
    return new Rejected(Kind.NOT_ALLOWED_FROM_STATUS, "cannot " + action.wireName() + " a case that is " + status
        + (allowed.isEmpty() ? "; no action is allowed from " + status
            : "; allowed from " + status + ": " + allowed.stream().map(CaseAction::wireName)
                .collect(Collectors.joining(", "))));
  }

  private static Optional<Rejected> actorAndStateCheck(CaseState s, CaseAction action, Actor actor) {
    if (Permissions.condition(actor.role(), action) == Permissions.Condition.ON_TEAM && !s.isAssigned(actor.userId())) {
      return Optional.of(new Rejected(Kind.FORBIDDEN_FOR_ROLE, "user " + actor.userId()
          + " is not on the team dispatched to case " + s.id() + " " + s.assignedInspectors()
          + "; only its inspectors may " + action.wireName() + " it"));
    }
    if (action == CaseAction.ACCEPT && s.acceptedBy().contains(actor.userId())) {
      return Optional.of(new Rejected(Kind.NOT_ALLOWED_FROM_STATUS, "user " + actor.userId()
          + " has already accepted case " + s.id()));
    }
    if (action == CaseAction.INVESTIGATE && !s.acceptedBy().containsAll(s.assignedInspectors())) {
      List<Long> waiting = s.assignedInspectors().stream().filter(u -> !s.acceptedBy().contains(u)).toList();
      return Optional.of(new Rejected(Kind.NOT_ALLOWED_FROM_STATUS, "case " + s.id()
          + " cannot be investigated before every assigned inspector has accepted it; waiting for " + waiting
          + " (劳动保障监察条例 art. 16: at least two inspectors)"));
    }
    if (action == CaseAction.REOPEN && s.followUp() != Satisfaction.DISSATISFIED) {
      return Optional.of(new Rejected(Kind.NOT_ALLOWED_FROM_STATUS, "case " + s.id()
          + " may be reopened only after a follow-up found the complainant DISSATISFIED"
          + (s.followUp() == null ? "; there has been no follow-up since it was closed"
              : "; the latest follow-up found " + s.followUp())));
    }
    return Optional.empty();
  }

  private static Optional<Rejected> payloadAgainstState(CaseState s, Command c, Actor actor) {
    if (c instanceof Command.Resolve r && Permissions.condition(actor.role(), c.action())
        == Permissions.Condition.NO_ENFORCEMENT && r.outcome().involvesEnforcement()) {
      return Optional.of(new Rejected(Kind.FORBIDDEN_FOR_ROLE, "only an inspector may resolve a case with "
          + r.outcome().action() + " (" + r.outcome().action().chinese() + "), an enforcement action; "
          + actor.role() + " may resolve only with MEDIATION or NO_VIOLATION"));
    }
    if (c instanceof Command.Extend e && e.clock() == Command.ExtendedClock.INVESTIGATION
        && e.workingDays() > s.extensionWorkingDaysLeft()) {
      return Optional.of(new Rejected(Kind.INVALID, "an extension of " + e.workingDays() + " working days would bring"
          + " case " + s.id() + " to " + (s.extensionWorkingDays() + e.workingDays()) + "; at most "
          + CaseState.MAX_EXTENSION_WORKING_DAYS + " in total are allowed, " + s.extensionWorkingDaysLeft() + " left"));
    }
    if (c instanceof Command.Merge m && m.intoCaseId() == s.id()) {
      return Optional.of(new Rejected(Kind.INVALID, "a case cannot be merged into itself"));
    }
    return Optional.empty();
  }

  private static Decision apply(CaseState s, Command c, Actor actor, Transitions.Target target) {
    CaseStatus from = s.status();
    CaseState next = s;
    String type = c.action().eventType();
    Map<String, Object> data = new LinkedHashMap<>(c.data());
    switch (c.action()) {
      case DISPATCH -> next = s.withTeam(((Command.Dispatch) c).inspectorIds(), Set.of());
      case ACCEPT -> next = s.withTeam(s.assignedInspectors(), plus(s.acceptedBy(), actor.userId()));
      case REFUSE, DISPATCH_TIMEOUT -> {
        data.put("inspectors", s.assignedInspectors());
        data.put("notAccepted", s.assignedInspectors().stream().filter(u -> !s.acceptedBy().contains(u)).toList());
        next = s.withTeam(List.of(), Set.of());
      }
      case ARRIVE -> {
        // Arriving implies accepting.
        if (actor.role() == Role.INSPECTOR) {
          next = s.withTeam(s.assignedInspectors(), plus(s.acceptedBy(), actor.userId()));
        }
      }
      case RESOLVE -> next = s.withOutcome(((Command.Resolve) c).outcome());
      case VERIFY -> {
        if (!((Command.Verify) c).passed()) {
          type = "verification-failed";
          next = s.withRework();
        }
      }
      case RETURN -> next = s.withTeam(List.of(), Set.of());
      case EXTEND -> {
        // The case keeps the legal extension (its cap is the workflow's rule); the promise's
        // extension lives on its deadline row, where the clocks cap it.
        Command.Extend e = (Command.Extend) c;
        if (e.clock() == Command.ExtendedClock.INVESTIGATION) {
          int total = s.extensionWorkingDays() + e.workingDays();
          next = s.withExtension(total);
          data.put("totalWorkingDays", total);
        }
      }
      case REOPEN -> next = s.withRework();
      case FOLLOW_UP -> next = s.withFollowUp(((Command.FollowUp) c).satisfaction());
      default -> {
        // ADMIT, REGISTER, DECLINE, INVESTIGATE, CLOSE, PARK, UNPARK, MERGE, TRANSFER, NOTE: the status
        // change below is all (a transfer's new cell is the store's: the state holds no cell).
      }
    }
    CaseStatus to = to(s, c, target);
    if (c.action() == CaseAction.PARK) {
      next = next.withParking(CaseStatus.PARKED, from);
    } else if (c.action() == CaseAction.UNPARK) {
      next = next.withParking(to, null);
    } else if (c.action() == CaseAction.MERGE) {
      next = next.withMergedInto(((Command.Merge) c).intoCaseId());
    } else {
      next = next.withStatus(to);
    }
    next = next.nextVersion();
    CaseEvent event = new CaseEvent(type, s.id(), next.version(), actor, from, to, data);
    return new Decision.Accepted(next, List.of(event));
  }

  private static CaseStatus to(CaseState s, Command c, Transitions.Target target) {
    if (target instanceof Transitions.Target.To t) {
      return t.status();
    } else if (target instanceof Transitions.Target.Stay) {
      return s.status();
    } else if (target instanceof Transitions.Target.BeforeParking) {
      return s.statusBeforeParking();
    } else if (target instanceof Transitions.Target.ByVerdict v) {
      return ((Command.Verify) c).passed() ? v.passed() : v.failed();
    }
    throw new IllegalStateException("unknown target " + target);
  }

  private static Set<Long> plus(Set<Long> set, long id) {
    Set<Long> s = new TreeSet<>(set);
    s.add(id);
    return s;
  }

  private static String roles(Set<Role> roles) {
    return roles.stream().map(Role::name).collect(Collectors.joining(", "));
  }
}
