package io.gridwatch.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.auth.Role;
import io.gridwatch.auth.User;
import io.gridwatch.cases.CaseService.Caller;
import io.gridwatch.cases.workflow.Actor;
import io.gridwatch.cases.workflow.CaseState;
import io.gridwatch.cases.workflow.CaseStatus;
import io.gridwatch.cases.workflow.Command;
import io.gridwatch.cases.workflow.Decision;
import io.gridwatch.cases.workflow.Outcome;
import io.gridwatch.cases.workflow.OutcomeAction;
import io.gridwatch.cases.workflow.TeamMember;
import io.gridwatch.cases.workflow.Workflow;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The demo's moves, played against the real workflow model: every move it makes is one the
 * workflow accepts, taken by a user whose role and grid fit.
 */
class DemoWorkflowTest {
  private static final String CELL = "510105001002";
  private static final java.time.LocalDate TODAY = java.time.LocalDate.of(2026, 3, 10);
  private static final List<User> USERS = List.of(
      user(1, "operator1", Role.OPERATOR, null),
      user(2, "supervisor1", Role.SUPERVISOR, null),
      user(3, "inspector_510105_1", Role.INSPECTOR, "510105"),
      user(4, "inspector_510105_2", Role.INSPECTOR, "510105"),
      user(5, "inspector_510104_1", Role.INSPECTOR, "510104"),
      user(6, "inspector_510104_2", Role.INSPECTOR, "510104"),
      user(7, "assistant_510105_1", Role.ASSISTANT, "510105"),
      user(8, "someone_else", Role.INSPECTOR, "510105"),
      user(9, "assistant_510104_1", Role.ASSISTANT, "510104"));
  private static final DemoCast CAST = DemoCast.of(USERS).orElseThrow();
  private static final Map<Long, Role> ROLES = new HashMap<>();

  static {
    USERS.forEach(u -> ROLES.put(u.id(), u.role()));
  }

  private static User user(long id, String name, Role role, String grid) {
    OffsetDateTime t = OffsetDateTime.now();
    return new User(id, name, name, role, grid, false, false, 0, null, null, t, t);
  }

  private static DemoWorkflow.Facts facts(String category, int workers, String amount) {
    return new DemoWorkflow.Facts(CELL, category, workers, amount == null ? null : new BigDecimal(amount));
  }

  /** Plays the demo's moves on a new case until it has none left; answers the event types. */
  private static List<String> play(long seed, DemoWorkflow.Facts facts, Long duplicateOf) {
    CaseState state = CaseState.received(100);
    List<String> events = new ArrayList<>();
    for (int moves = 0; moves < 60; moves++) {
      Optional<DemoWorkflow.Step> next = DemoWorkflow.next(state, facts, CAST, new Random(DemoTraffic.mix(seed, moves)),
          duplicateOf, TODAY);
      if (next.isEmpty()) {
        return events;
      }
      DemoWorkflow.Step step = next.get();
      Caller caller = step.caller();
      Command command = step.command();
      if (step.dispatchTeam() != null) {
        assertThat(caller.username()).isEqualTo("operator1");
        assertThat(step.dispatchTeam()).hasSize(2).doesNotHaveDuplicates().allMatch(id -> id == 3 || id == 4);
        command = new Command.Dispatch(state.version(),
            step.dispatchTeam().stream().map(id -> new TeamMember(id, ROLES.get(id))).toList());
      }
      // Field staff act only in their grid, and only demo accounts act.
      assertThat(caller.scope().covers(CELL)).as(caller.username()).isTrue();
      assertThat(caller.userId()).isNotEqualTo(8L);
      Decision d = Workflow.decide(state, command, new Actor(caller.userId(), caller.role()));
      assertThat(d).as(caller.username() + " " + command).isInstanceOf(Decision.Accepted.class);
      Decision.Accepted ok = (Decision.Accepted) d;
      ok.events().forEach(e -> events.add(e.type()));
      state = ok.state();
    }
    throw new AssertionError("a demo case never came to rest: " + events);
  }

  @Test
  void every_move_is_one_the_workflow_accepts_and_cases_come_to_rest() {
    Set<String> seen = new HashSet<>();
    int closed = 0;
    for (long seed = 0; seed < 400; seed++) {
      List<String> events = play(seed, facts("WAGE_ARREARS", 1 + (int) (seed % 12), "12500.00"), null);
      seen.addAll(events);
      if (events.contains("closed")) {
        closed++;
        assertThat(events).containsSubsequence("registered", "dispatched", "accepted", "accepted", "arrived",
            "investigation-started", "resolved", "verified", "closed", "followed-up");
      }
    }
    assertThat(closed).isGreaterThan(300);
    assertThat(seen).contains("admitted", "registered", "declined", "dispatched", "accepted", "arrived", "investigation-started",
        "resolved", "verified", "verification-failed", "closed", "followed-up", "returned", "extended", "parked",
        "unparked", "reopened");
  }

  @Test
  void a_repeat_complaint_is_merged_into_the_earlier_case_by_the_operator() {
    Optional<DemoWorkflow.Step> step = DemoWorkflow.next(CaseState.received(101), facts("WAGE_ARREARS", 2, "9000.00"),
        CAST, new Random(1), 55L, TODAY);
    assertThat(step).isPresent();
    assertThat(step.get().caller().username()).isEqualTo("operator1");
    assertThat(step.get().command()).isEqualTo(new Command.Merge(1, 55, "同一用人单位同一事项重复投诉，合并办理"));
  }

  @Test
  void a_cell_that_no_two_demo_inspectors_cover_is_not_dispatched() {
    DemoCast thin = DemoCast.of(USERS.subList(0, 3)).orElseThrow();
    CaseState registered = stateAfter(new Command.Register(1), 2, Role.SUPERVISOR);
    assertThat(DemoWorkflow.next(registered, facts("OTHER", 1, null), thin, new Random(1), null, TODAY)).isEmpty();
    assertThat(DemoWorkflow.next(registered, new DemoWorkflow.Facts("510106001001", "OTHER", 1, null), CAST,
        new Random(1), null, TODAY)).isEmpty();
  }

  @Test
  void without_the_demo_operator_or_supervisor_there_is_no_cast() {
    assertThat(DemoCast.of(USERS.subList(1, USERS.size()))).isEmpty();
    assertThat(DemoCast.of(List.of(USERS.get(0), USERS.get(2)))).isEmpty();
  }

  private static CaseState stateAfter(Command c, long userId, Role role) {
    return ((Decision.Accepted) Workflow.decide(CaseState.received(102), c, new Actor(userId, role))).state();
  }

  @Test
  void outcomes_are_valid_recover_at_most_what_was_owed_and_include_every_action() {
    Set<OutcomeAction> actions = EnumSet.noneOf(OutcomeAction.class);
    Random rng = new Random(3);
    for (int i = 0; i < 3000; i++) {
      boolean big = i % 10 == 0;
      DemoWorkflow.Facts f = facts(i % 3 == 0 ? "SOCIAL_INSURANCE" : "WAGE_ARREARS", big ? 60 : 3,
          i % 3 == 0 ? null : big ? "480000.00" : "15000.00");
      Outcome o = DemoWorkflow.outcome(rng, f);
      assertThat(o.problems()).isEmpty();
      actions.add(o.action());
      BigDecimal owed = f.amountOwed() == null ? BigDecimal.ZERO : f.amountOwed();
      assertThat(o.wagesRecovered()).isBetween(BigDecimal.ZERO, owed);
      if (o.action() == OutcomeAction.NO_VIOLATION) {
        assertThat(o.workersHelped()).isZero();
        assertThat(o.wagesRecovered().signum()).isZero();
      } else {
        assertThat(o.workersHelped()).isEqualTo(f.workers());
      }
      if (o.action() == OutcomeAction.TRANSFER_TO_POLICE) {
        assertThat(f.workers() >= 30 || owed.compareTo(BigDecimal.valueOf(100_000)) >= 0).isTrue();
      }
    }
    assertThat(actions).containsExactlyInAnyOrder(OutcomeAction.values());
  }

  @Test
  void the_pace_of_a_case_comes_from_the_seed_and_urgent_cases_go_faster() {
    DemoTraffic traffic = new DemoTraffic(null, null, null, null, null, null, null, 20, 42);
    Map<Double, Integer> paces = new HashMap<>();
    for (long id = 1; id <= 2000; id++) {
      double p = traffic.pace(id, "REGISTERED", "NORMAL");
      paces.merge(p, 1, Integer::sum);
      assertThat(traffic.pace(id, "REGISTERED", "URGENT")).isEqualTo(p / 2);
      assertThat(traffic.pace(id, "PARKED", "NORMAL")).isGreaterThan(p);
      assertThat(new DemoTraffic(null, null, null, null, null, null, null, 20, 42).pace(id, "REGISTERED", "NORMAL")).isEqualTo(p);
    }
    assertThat(paces.keySet()).containsExactlyInAnyOrder(1.0, 3.0, 12.0);
    assertThat(paces.get(1.0)).isGreaterThan(1200);
  }
}
