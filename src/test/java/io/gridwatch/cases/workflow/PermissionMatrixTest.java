package io.gridwatch.cases.workflow;

import static io.gridwatch.cases.workflow.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.auth.Role;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every role and action, against a table written out here by hand: a role in it may take the
 * action (in a status that allows it, with a valid payload), any other role is
 * FORBIDDEN_FOR_ROLE. Conditions (team, enforcement) have their own tests.
 */
class PermissionMatrixTest {

  private static final String EXPECTED = """
      admit        OPERATOR SUPERVISOR
      register     SUPERVISOR
      decline      SUPERVISOR
      dispatch     OPERATOR SUPERVISOR
      accept       INSPECTOR
      arrive       INSPECTOR ASSISTANT
      investigate  INSPECTOR
      resolve      INSPECTOR ASSISTANT
      verify       SUPERVISOR ASSISTANT
      close        SUPERVISOR
      return       OPERATOR SUPERVISOR
      extend       SUPERVISOR
      park         SUPERVISOR
      unpark       SUPERVISOR
      reopen       SUPERVISOR
      merge        OPERATOR
      follow-up    OPERATOR
      refuse       INSPECTOR
      transfer     SUPERVISOR
      note         OPERATOR SUPERVISOR ASSISTANT INSPECTOR
      dispatch-timeout
      """;

  /** A status each action is allowed from, so that only the role decides. */
  private static final Map<CaseAction, CaseStatus> FROM = Map.ofEntries(
      Map.entry(CaseAction.ADMIT, CaseStatus.RECEIVED),
      Map.entry(CaseAction.REGISTER, CaseStatus.RECEIVED),
      Map.entry(CaseAction.DECLINE, CaseStatus.RECEIVED),
      Map.entry(CaseAction.DISPATCH, CaseStatus.REGISTERED),
      Map.entry(CaseAction.ACCEPT, CaseStatus.DISPATCHED),
      Map.entry(CaseAction.ARRIVE, CaseStatus.DISPATCHED),
      Map.entry(CaseAction.INVESTIGATE, CaseStatus.ON_SITE),
      Map.entry(CaseAction.RESOLVE, CaseStatus.INVESTIGATING),
      Map.entry(CaseAction.VERIFY, CaseStatus.RESOLVED),
      Map.entry(CaseAction.CLOSE, CaseStatus.VERIFIED),
      Map.entry(CaseAction.RETURN, CaseStatus.DISPATCHED),
      Map.entry(CaseAction.EXTEND, CaseStatus.INVESTIGATING),
      Map.entry(CaseAction.PARK, CaseStatus.INVESTIGATING),
      Map.entry(CaseAction.UNPARK, CaseStatus.PARKED),
      Map.entry(CaseAction.REOPEN, CaseStatus.CLOSED),
      Map.entry(CaseAction.MERGE, CaseStatus.REGISTERED),
      Map.entry(CaseAction.FOLLOW_UP, CaseStatus.CLOSED),
      Map.entry(CaseAction.REFUSE, CaseStatus.DISPATCHED),
      Map.entry(CaseAction.TRANSFER, CaseStatus.REGISTERED),
      Map.entry(CaseAction.NOTE, CaseStatus.INVESTIGATING),
      Map.entry(CaseAction.DISPATCH_TIMEOUT, CaseStatus.DISPATCHED));

  private static Map<CaseAction, Set<Role>> expected() {
    Map<CaseAction, Set<Role>> m = new HashMap<>();
    for (String line : EXPECTED.strip().split("\n")) {
      String[] f = line.strip().split("\\s+");
      Set<Role> roles = EnumSet.noneOf(Role.class);
      for (int i = 1; i < f.length; i++) {
        roles.add(Role.valueOf(f[i]));
      }
      m.put(CaseAction.parse(f[0]), roles);
    }
    return m;
  }

  @TestFactory
  Stream<DynamicTest> every_role_may_take_exactly_the_actions_the_table_gives_it() {
    Map<CaseAction, Set<Role>> expected = expected();
    assertThat(expected.keySet()).containsExactlyInAnyOrder(CaseAction.values());
    List<DynamicTest> tests = new ArrayList<>();
    for (CaseAction action : CaseAction.values()) {
      for (Role role : Role.values()) {
        boolean may = expected.get(action).contains(role);
        tests.add(DynamicTest.dynamicTest(role + (may ? " may " : " may not ") + action.wireName(), () -> {
          CaseState s = in(FROM.get(action));
          Decision d = Workflow.decide(s, valid(action, s.version()), as(role));
          if (may) {
            assertThat(d).as("%s", d).isInstanceOf(Decision.Accepted.class);
          } else {
            Decision.Rejected r = rejected(d);
            assertThat(r.kind()).isEqualTo(Decision.Kind.FORBIDDEN_FOR_ROLE);
            assertThat(r.reason()).contains(role.name()).contains(action.wireName());
          }
        }));
      }
    }
    return tests.stream();
  }

  @Test
  void admin_and_leader_take_no_workflow_action() {
    for (CaseAction a : CaseAction.values()) {
      assertThat(Permissions.allows(Role.ADMIN, a)).as(a.wireName()).isFalse();
      assertThat(Permissions.allows(Role.LEADER, a)).as(a.wireName()).isFalse();
    }
  }

  @Test
  void the_role_is_checked_before_the_status_so_a_forbidden_role_learns_nothing_about_the_case() {
    CaseState closed = in(CaseStatus.CLOSED);
    Decision d = Workflow.decide(closed, valid(CaseAction.REGISTER, closed.version()), LEADER);
    assertThat(rejected(d).kind()).isEqualTo(Decision.Kind.FORBIDDEN_FOR_ROLE);
  }

  @Test
  void an_inspector_who_is_not_on_the_team_may_not_accept_arrive_investigate_or_resolve() {
    for (CaseAction a : List.of(CaseAction.ACCEPT, CaseAction.ARRIVE, CaseAction.INVESTIGATE, CaseAction.RESOLVE)) {
      CaseState s = in(FROM.get(a));
      Decision.Rejected r = rejected(Workflow.decide(s, valid(a, s.version()), INSPECTOR_ELSEWHERE));
      assertThat(r.kind()).as(a.wireName()).isEqualTo(Decision.Kind.FORBIDDEN_FOR_ROLE);
      assertThat(r.reason()).contains("not on the team");
    }
  }

  @Test
  void an_assistant_may_arrive_without_being_on_the_inspectors_team() {
    CaseState s = in(CaseStatus.DISPATCHED);
    CaseState after = accept(s, new Command.Arrive(s.version()), ASSISTANT);
    assertThat(after.status()).isEqualTo(CaseStatus.ON_SITE);
    assertThat(after.acceptedBy()).isEmpty();
  }

  @Test
  void operators_and_assistants_file_complaints_and_no_one_else_does() {
    for (Role role : Role.values()) {
      Decision d = Workflow.file(7, as(role));
      boolean may = role == Role.OPERATOR || role == Role.ASSISTANT;
      assertThat(d.accepted()).as(role.name()).isEqualTo(may);
      if (may) {
        Decision.Accepted a = (Decision.Accepted) d;
        assertThat(a.state()).isEqualTo(CaseState.received(7));
        assertThat(a.events()).singleElement().extracting(CaseEvent::type).isEqualTo("received");
      } else {
        assertThat(rejected(d).kind()).isEqualTo(Decision.Kind.FORBIDDEN_FOR_ROLE);
      }
    }
  }

  @Test
  void available_actions_are_those_the_status_and_role_allow() {
    assertThat(Workflow.availableActions(in(CaseStatus.DISPATCHED), INSPECTOR_A))
        .containsExactlyInAnyOrder(CaseAction.ACCEPT, CaseAction.ARRIVE, CaseAction.REFUSE, CaseAction.NOTE);
    assertThat(Workflow.availableActions(in(CaseStatus.DISPATCHED), INSPECTOR_ELSEWHERE)).isEmpty();
    assertThat(Workflow.availableActions(in(CaseStatus.DISPATCHED), OPERATOR))
        .containsExactlyInAnyOrder(CaseAction.RETURN, CaseAction.MERGE, CaseAction.NOTE);
    assertThat(Workflow.availableActions(in(CaseStatus.CLOSED), SUPERVISOR)).containsExactly(CaseAction.REOPEN);
    assertThat(Workflow.availableActions(in(CaseStatus.INVESTIGATING), LEADER)).isEmpty();
  }
}
