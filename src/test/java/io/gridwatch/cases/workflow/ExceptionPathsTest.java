package io.gridwatch.cases.workflow;

import static io.gridwatch.cases.workflow.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.auth.Role;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Decline, return, rework, parking, reopening and merging. */
class ExceptionPathsTest {

  @Test
  void a_received_complaint_is_declined_with_a_reason_and_then_nothing_more_happens_to_it() {
    CaseState s = CaseState.received(CASE_ID);
    Decision.Rejected noReason = rejected(Workflow.decide(s, new Command.Decline(s.version(), "  "), SUPERVISOR));
    assertThat(noReason.kind()).isEqualTo(Decision.Kind.INVALID);
    assertThat(noReason.reason()).contains("reason is required");

    Decision.Accepted d = (Decision.Accepted) Workflow.decide(s,
        new Command.Decline(s.version(), " outside labour inspection's remit "), SUPERVISOR);
    assertThat(d.state().status()).isEqualTo(CaseStatus.DECLINED);
    assertThat(d.events()).singleElement().satisfies(e -> {
      assertThat(e.type()).isEqualTo("declined");
      assertThat(e.data()).containsEntry("reason", "outside labour inspection's remit");
    });
    assertThat(Workflow.availableActions(d.state(), SUPERVISOR)).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(value = CaseStatus.class, names = {"DISPATCHED", "ON_SITE"})
  void a_wrong_dispatch_is_returned_with_a_reason_releasing_the_team_for_a_new_dispatch(CaseStatus from) {
    CaseState s = in(from);
    assertThat(rejected(Workflow.decide(s, new Command.Return(s.version(), null), OPERATOR)).kind())
        .isEqualTo(Decision.Kind.INVALID);

    CaseState returned = accept(s, new Command.Return(s.version(), "belongs to 510105"), OPERATOR);
    assertThat(returned.status()).isEqualTo(CaseStatus.REGISTERED);
    assertThat(returned.assignedInspectors()).isEmpty();
    assertThat(returned.acceptedBy()).isEmpty();

    List<TeamMember> other = List.of(TeamMember.inspector(51), TeamMember.inspector(52));
    CaseState redispatched = accept(returned, new Command.Dispatch(returned.version(), other), SUPERVISOR);
    assertThat(redispatched.assignedInspectors()).containsExactly(51L, 52L);
    Decision.Rejected oldTeam = rejected(Workflow.decide(redispatched, new Command.Accept(redispatched.version()),
        INSPECTOR_A));
    assertThat(oldTeam.kind()).isEqualTo(Decision.Kind.FORBIDDEN_FOR_ROLE);
  }

  @Test
  void a_failed_verification_sends_the_case_back_to_investigation_with_a_reason() {
    CaseState s = in(CaseStatus.RESOLVED);
    Decision.Rejected noReason = rejected(Workflow.decide(s, new Command.Verify(s.version(), false, ""), ASSISTANT));
    assertThat(noReason.kind()).isEqualTo(Decision.Kind.INVALID);
    assertThat(noReason.reason()).contains("reason is required when the verification failed");

    Decision.Accepted d = (Decision.Accepted) Workflow.decide(s,
        new Command.Verify(s.version(), false, "workers say nothing was paid"), ASSISTANT);
    assertThat(d.state().status()).isEqualTo(CaseStatus.INVESTIGATING);
    assertThat(d.state().reworks()).isEqualTo(1);
    assertThat(d.events()).singleElement().satisfies(e -> {
      assertThat(e.type()).isEqualTo("verification-failed");
      assertThat(e.data()).containsEntry("passed", false).containsEntry("reason", "workers say nothing was paid");
    });
    CaseState again = then(d.state(), CaseAction.RESOLVE);
    assertThat(again.status()).isEqualTo(CaseStatus.RESOLVED);
  }

  @ParameterizedTest
  @EnumSource(value = CaseStatus.class, names = {"REGISTERED", "DISPATCHED", "ON_SITE", "INVESTIGATING"})
  void a_parked_case_returns_on_unpark_to_the_status_it_was_parked_from(CaseStatus from) {
    CaseState s = in(from);
    Decision.Accepted parked = (Decision.Accepted) take(s, CaseAction.PARK);
    assertThat(parked.state().status()).isEqualTo(CaseStatus.PARKED);
    assertThat(parked.state().parked()).isTrue();
    assertThat(parked.state().statusBeforeParking()).isEqualTo(from);
    assertThat(parked.events()).singleElement().satisfies(e -> {
      assertThat(e.type()).isEqualTo("parked");
      assertThat(e.from()).isEqualTo(from);
      assertThat(e.data()).containsKey("reason");
    });

    Decision.Accepted unparked = (Decision.Accepted) take(parked.state(), CaseAction.UNPARK);
    assertThat(unparked.state().status()).isEqualTo(from);
    assertThat(unparked.state().parked()).isFalse();
    assertThat(unparked.state().statusBeforeParking()).isNull();
    assertThat(unparked.state().assignedInspectors()).isEqualTo(s.assignedInspectors());
    assertThat(unparked.events()).singleElement().satisfies(e -> {
      assertThat(e.type()).isEqualTo("unparked");
      assertThat(e.to()).isEqualTo(from);
    });
  }

  @Test
  void parking_needs_a_reason() {
    CaseState s = in(CaseStatus.INVESTIGATING);
    assertThat(rejected(Workflow.decide(s, new Command.Park(s.version(), null,
        java.time.LocalDate.of(2026, 4, 30)), SUPERVISOR)).kind()).isEqualTo(Decision.Kind.INVALID);
  }

  @Test
  void parking_needs_a_review_date_and_only_a_supervisor_may_park() {
    CaseState s = in(CaseStatus.INVESTIGATING);
    Decision.Rejected noDate = rejected(Workflow.decide(s,
        new Command.Park(s.version(), "employer absconded", null), SUPERVISOR));
    assertThat(noDate.kind()).isEqualTo(Decision.Kind.INVALID);
    assertThat(noDate.reason()).contains("reviewDate");
    for (Role role : List.of(Role.OPERATOR, Role.INSPECTOR, Role.ASSISTANT, Role.LEADER, Role.ADMIN)) {
      assertThat(rejected(Workflow.decide(s, new Command.Park(s.version(), "employer absconded",
          java.time.LocalDate.of(2026, 4, 30)), new Actor(9, role))).kind())
          .as(role.name()).isEqualTo(Decision.Kind.FORBIDDEN_FOR_ROLE);
    }
  }

  @Test
  void the_service_promise_is_extended_by_calendar_days_with_a_reason_and_leaves_the_legal_allowance() {
    CaseState s = in(CaseStatus.INVESTIGATING);
    Command.Extend promise = new Command.Extend(s.version(), Command.ExtendedClock.PROMISE, 0, 14,
        "employer absconded; case transferred to the police");
    CaseState after = accepted(Workflow.decide(s, promise, SUPERVISOR)).state();
    assertThat(after.extensionWorkingDays()).isZero();
    assertThat(accepted(Workflow.decide(s, promise, SUPERVISOR)).events().get(0).data())
        .containsEntry("clock", "PROMISE").containsEntry("days", 14);
    assertThat(rejected(Workflow.decide(s, new Command.Extend(s.version(), Command.ExtendedClock.PROMISE, 0, 0,
        "x"), SUPERVISOR)).reason()).contains("days must be between 1 and 30");
    assertThat(rejected(Workflow.decide(s, new Command.Extend(s.version(), Command.ExtendedClock.PROMISE, 0, 7,
        " "), SUPERVISOR)).reason()).contains("reason is required");
  }

  @Test
  void a_complaint_is_admitted_before_it_is_registered_or_registered_directly() {
    CaseState received = CaseState.received(1);
    Decision.Accepted admitted = accepted(Workflow.decide(received, new Command.Admit(1),
        new Actor(5, Role.OPERATOR)));
    assertThat(admitted.state().status()).isEqualTo(CaseStatus.ADMITTED);
    assertThat(admitted.events().get(0).type()).isEqualTo("admitted");
    assertThat(accepted(Workflow.decide(admitted.state(), new Command.Register(2), SUPERVISOR)).state().status())
        .isEqualTo(CaseStatus.REGISTERED);
    assertThat(accepted(Workflow.decide(admitted.state(), new Command.Decline(2, "not a labour matter"),
        SUPERVISOR)).state().status()).isEqualTo(CaseStatus.DECLINED);
    assertThat(accepted(Workflow.decide(received, new Command.Register(1), SUPERVISOR)).state().status())
        .isEqualTo(CaseStatus.REGISTERED);
    assertThat(rejected(Workflow.decide(received, new Command.Admit(1), new Actor(7, Role.INSPECTOR))).kind())
        .isEqualTo(Decision.Kind.FORBIDDEN_FOR_ROLE);
    assertThat(rejected(Workflow.decide(admitted.state(), new Command.Admit(2), SUPERVISOR)).kind())
        .isEqualTo(Decision.Kind.NOT_ALLOWED_FROM_STATUS);
  }

  @Test
  void a_closed_case_is_reopened_after_a_dissatisfied_follow_up_and_needs_a_new_one_to_reopen_again() {
    CaseState closed = in(CaseStatus.VERIFIED);
    closed = then(closed, CaseAction.CLOSE);
    Decision.Rejected noFollowUp = rejected(take(closed, CaseAction.REOPEN));
    assertThat(noFollowUp.kind()).isEqualTo(Decision.Kind.NOT_ALLOWED_FROM_STATUS);
    assertThat(noFollowUp.reason()).contains("DISSATISFIED").contains("no follow-up");

    CaseState dissatisfied = accept(closed, new Command.FollowUp(closed.version(), Satisfaction.DISSATISFIED,
        "half the wages still owed"), OPERATOR);
    Decision.Rejected noReason = rejected(Workflow.decide(dissatisfied,
        new Command.Reopen(dissatisfied.version(), " "), SUPERVISOR));
    assertThat(noReason.kind()).isEqualTo(Decision.Kind.INVALID);

    Decision.Accepted reopened = (Decision.Accepted) take(dissatisfied, CaseAction.REOPEN);
    assertThat(reopened.state().status()).isEqualTo(CaseStatus.INVESTIGATING);
    assertThat(reopened.state().reworks()).isEqualTo(1);
    assertThat(reopened.state().followUp()).isNull();
    assertThat(reopened.state().assignedInspectors()).containsExactly(11L, 12L);
    assertThat(reopened.events()).singleElement().extracting(CaseEvent::type).isEqualTo("reopened");

    CaseState reclosed = reopened.state();
    for (CaseAction a : List.of(CaseAction.RESOLVE, CaseAction.VERIFY, CaseAction.CLOSE)) {
      reclosed = then(reclosed, a);
    }
    assertThat(rejected(take(reclosed, CaseAction.REOPEN)).kind()).isEqualTo(Decision.Kind.NOT_ALLOWED_FROM_STATUS);
  }

  @Test
  void a_satisfied_follow_up_does_not_allow_a_reopen_and_the_latest_follow_up_counts() {
    CaseState closed = then(in(CaseStatus.VERIFIED), CaseAction.CLOSE);
    CaseState satisfied = accept(closed, new Command.FollowUp(closed.version(), Satisfaction.SATISFIED, null),
        OPERATOR);
    Decision.Rejected r = rejected(take(satisfied, CaseAction.REOPEN));
    assertThat(r.kind()).isEqualTo(Decision.Kind.NOT_ALLOWED_FROM_STATUS);
    assertThat(r.reason()).contains("SATISFIED");

    CaseState changedMind = accept(satisfied, new Command.FollowUp(satisfied.version(), Satisfaction.DISSATISFIED,
        "the employer stopped paying again"), OPERATOR);
    assertThat(take(changedMind, CaseAction.REOPEN).accepted()).isTrue();
    assertThat(rejected(Workflow.decide(closed, new Command.FollowUp(closed.version(), null, null), OPERATOR)).kind())
        .isEqualTo(Decision.Kind.INVALID);
  }

  @ParameterizedTest
  @EnumSource(value = CaseStatus.class, names = {"RECEIVED", "REGISTERED", "DISPATCHED", "ON_SITE", "INVESTIGATING",
      "RESOLVED", "VERIFIED", "PARKED"})
  void a_duplicate_is_merged_into_another_case_from_every_open_status(CaseStatus from) {
    CaseState s = in(from);
    Decision.Accepted d = (Decision.Accepted) Workflow.decide(s, new Command.Merge(s.version(), OTHER_CASE_ID,
        "same construction site"), OPERATOR);
    assertThat(d.state().status()).isEqualTo(CaseStatus.MERGED);
    assertThat(d.state().mergedInto()).isEqualTo(OTHER_CASE_ID);
    assertThat(d.state().statusBeforeParking()).isNull();
    assertThat(d.events()).singleElement().satisfies(e -> {
      assertThat(e.type()).isEqualTo("merged");
      assertThat(e.from()).isEqualTo(from);
      assertThat(e.data()).containsEntry("into", OTHER_CASE_ID);
    });
  }

  @ParameterizedTest
  @EnumSource(value = CaseStatus.class, names = {"DECLINED", "CLOSED", "MERGED"})
  void a_declined_closed_or_merged_case_is_not_merged(CaseStatus from) {
    CaseState s = in(from);
    assertThat(rejected(take(s, CaseAction.MERGE)).kind()).isEqualTo(Decision.Kind.NOT_ALLOWED_FROM_STATUS);
  }

  @Test
  void a_case_is_not_merged_into_itself_or_into_no_case() {
    CaseState s = in(CaseStatus.REGISTERED);
    assertThat(rejected(Workflow.decide(s, new Command.Merge(s.version(), CASE_ID, null), OPERATOR)).reason())
        .contains("itself");
    assertThat(rejected(Workflow.decide(s, new Command.Merge(s.version(), 0, null), OPERATOR)).kind())
        .isEqualTo(Decision.Kind.INVALID);
  }
}
