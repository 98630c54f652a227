package io.gridwatch.cases.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.auth.Role;
import java.math.BigDecimal;
import java.util.List;

/** Actors, valid commands and cases in every status, reached through the workflow itself. */
final class Fixtures {
  static final long CASE_ID = 1001;
  static final long OTHER_CASE_ID = 1002;

  static final Actor OPERATOR = new Actor(1, Role.OPERATOR);
  static final Actor SUPERVISOR = new Actor(2, Role.SUPERVISOR);
  static final Actor INSPECTOR_A = new Actor(11, Role.INSPECTOR);
  static final Actor INSPECTOR_B = new Actor(12, Role.INSPECTOR);
  /** An inspector who is not on the team. */
  static final Actor INSPECTOR_ELSEWHERE = new Actor(13, Role.INSPECTOR);
  static final Actor ASSISTANT = new Actor(21, Role.ASSISTANT);
  static final Actor LEADER = new Actor(31, Role.LEADER);
  static final Actor ADMIN = new Actor(41, Role.ADMIN);

  static final List<TeamMember> TEAM = List.of(TeamMember.inspector(11), TeamMember.inspector(12));
  static final Outcome MEDIATED = new Outcome(new BigDecimal("12500.00"), 14, OutcomeAction.MEDIATION);

  private Fixtures() {}

  /** A user of {@code role} who may take {@code action} on the fixtures' cases if the role may. */
  static Actor as(Role role) {
    return switch (role) {
      case OPERATOR -> OPERATOR;
      case SUPERVISOR -> SUPERVISOR;
      case INSPECTOR -> INSPECTOR_A;
      case ASSISTANT -> ASSISTANT;
      case LEADER -> LEADER;
      case ADMIN -> ADMIN;
    };
  }

  /** A command for {@code action} with a valid payload, expecting {@code version}. */
  static Command valid(CaseAction action, long version) {
    return switch (action) {
      case ADMIT -> new Command.Admit(version);
      case REGISTER -> new Command.Register(version);
      case DECLINE -> new Command.Decline(version, "not a labour matter: a consumer dispute");
      case DISPATCH -> new Command.Dispatch(version, TEAM);
      case ACCEPT -> new Command.Accept(version);
      case ARRIVE -> new Command.Arrive(version);
      case INVESTIGATE -> new Command.Investigate(version);
      case RESOLVE -> new Command.Resolve(version, MEDIATED);
      case VERIFY -> new Command.Verify(version, true, null);
      case CLOSE -> new Command.Close(version);
      case RETURN -> new Command.Return(version, "the site is in the neighbouring district");
      case EXTEND -> new Command.Extend(version, 10, "employer's accounts held by the court");
      case PARK -> new Command.Park(version, "employer absconded; awaiting the police",
          java.time.LocalDate.of(2026, 4, 30));
      case UNPARK -> new Command.Unpark(version);
      case REOPEN -> new Command.Reopen(version, "complainant says wages are still unpaid");
      case MERGE -> new Command.Merge(version, OTHER_CASE_ID, "same site, same employer");
      case FOLLOW_UP -> new Command.FollowUp(version, Satisfaction.DISSATISFIED, "only half was paid");
      case REFUSE -> new Command.Refuse(version, "on another urgent case across the district");
      case DISPATCH_TIMEOUT -> new Command.DispatchTimeout(version, 300);
      case TRANSFER -> new Command.Transfer(version, "510104001002", "the site is across the street", "510104001001");
      case NOTE -> new Command.Note(version, "the foreman says payroll is on Friday");
    };
  }

  /** The valid command for {@code action} on {@code s}, by a user the permission table allows. */
  static Decision take(CaseState s, CaseAction action) {
    if (action == CaseAction.DISPATCH_TIMEOUT) {
      return Workflow.timeOut(s, (Command.DispatchTimeout) valid(action, s.version()));
    }
    return Workflow.decide(s, valid(action, s.version()), permittedActor(action));
  }

  /** A user who may take {@code action} (an inspector on the team where that matters). */
  static Actor permittedActor(CaseAction action) {
    return switch (action) {
      case REGISTER, DECLINE, VERIFY, CLOSE, EXTEND, PARK, UNPARK, REOPEN, TRANSFER, DISPATCH_TIMEOUT -> SUPERVISOR;
      case ADMIT, DISPATCH, RETURN, MERGE, FOLLOW_UP, NOTE -> OPERATOR;
      case ACCEPT, ARRIVE, INVESTIGATE, RESOLVE, REFUSE -> INSPECTOR_A;
    };
  }

  /** ON_SITE with inspector A arrived and the partner, B, not yet accepted. */
  static CaseState onSiteAwaitingPartner() {
    CaseState s = in(CaseStatus.DISPATCHED);
    return accept(s, new Command.Arrive(s.version()), INSPECTOR_A);
  }

  /** Applies {@code command}, which must be accepted, and returns the new state. */
  static CaseState accept(CaseState s, Command command, Actor actor) {
    Decision d = Workflow.decide(s, command, actor);
    assertThat(d).as("%s by %s on %s", command, actor, s).isInstanceOf(Decision.Accepted.class);
    return ((Decision.Accepted) d).state();
  }

  static CaseState then(CaseState s, CaseAction action) {
    return accept(s, valid(action, s.version()), permittedActor(action));
  }

  static Decision.Accepted accepted(Decision d) {
    assertThat(d).isInstanceOf(Decision.Accepted.class);
    return (Decision.Accepted) d;
  }

  static Decision.Rejected rejected(Decision d) {
    assertThat(d).isInstanceOf(Decision.Rejected.class);
    return (Decision.Rejected) d;
  }

  /**
   * A case in {@code status}, reached through the workflow. PARKED is parked from INVESTIGATING;
   * CLOSED has had a dissatisfied follow-up (so it may be reopened).
   */
  static CaseState in(CaseStatus status) {
    CaseState s = CaseState.received(CASE_ID);
    switch (status) {
      case RECEIVED:
        return s;
      case ADMITTED:
        return then(s, CaseAction.ADMIT);
      case DECLINED:
        return then(s, CaseAction.DECLINE);
      case MERGED:
        return then(s, CaseAction.MERGE);
      default:
        break;
    }
    CaseAction[] path = {CaseAction.REGISTER, CaseAction.DISPATCH, CaseAction.ARRIVE, CaseAction.INVESTIGATE,
        CaseAction.RESOLVE, CaseAction.VERIFY, CaseAction.CLOSE};
    CaseStatus stop = status == CaseStatus.PARKED ? CaseStatus.INVESTIGATING : status;
    for (CaseAction a : path) {
      if (s.status() == stop) {
        break;
      }
      s = then(s, a);
      if (a == CaseAction.DISPATCH && s.status() != stop) {
        // The partner accepts while A heads out: an investigation needs both (art. 16).
        s = accept(s, new Command.Accept(s.version()), INSPECTOR_B);
      }
    }
    if (status == CaseStatus.PARKED) {
      s = then(s, CaseAction.PARK);
    }
    if (status == CaseStatus.CLOSED) {
      s = then(s, CaseAction.FOLLOW_UP);
    }
    assertThat(s.status()).isEqualTo(status);
    return s;
  }
}
