package io.gridwatch.cases.workflow;

import static io.gridwatch.cases.workflow.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.auth.Role;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An investigation needs at least two inspectors (劳动保障监察条例 art. 16). */
class DispatchTeamTest {

  private final CaseState registered = in(CaseStatus.REGISTERED);

  private Decision dispatch(List<TeamMember> team) {
    return Workflow.decide(registered, new Command.Dispatch(registered.version(), team), OPERATOR);
  }

  @Test
  void two_inspectors_are_enough_and_three_are_fine() {
    assertThat(dispatch(TEAM).accepted()).isTrue();
    Decision.Accepted three = (Decision.Accepted) dispatch(List.of(TeamMember.inspector(11),
        TeamMember.inspector(12), TeamMember.inspector(13)));
    assertThat(three.state().assignedInspectors()).containsExactly(11L, 12L, 13L);
  }

  @Test
  void one_inspector_alone_is_refused_citing_the_regulation() {
    Decision.Rejected r = rejected(dispatch(List.of(TeamMember.inspector(11))));
    assertThat(r.kind()).isEqualTo(Decision.Kind.INVALID);
    assertThat(r.reason()).contains("at least 2").contains("art. 16");
  }

  @Test
  void no_team_at_all_is_refused() {
    assertThat(rejected(dispatch(List.of())).kind()).isEqualTo(Decision.Kind.INVALID);
    assertThat(rejected(dispatch(null)).kind()).isEqualTo(Decision.Kind.INVALID);
  }

  @Test
  void the_same_inspector_twice_is_not_a_team_of_two() {
    Decision.Rejected r = rejected(dispatch(List.of(TeamMember.inspector(11), TeamMember.inspector(11))));
    assertThat(r.kind()).isEqualTo(Decision.Kind.INVALID);
    assertThat(r.reason()).contains("user 11 more than once").contains("1 distinct");
  }

  @Test
  void an_assistant_or_other_role_cannot_make_up_the_numbers() {
    for (Role role : Role.values()) {
      if (role == Role.INSPECTOR) {
        continue;
      }
      Decision.Rejected r = rejected(dispatch(List.of(TeamMember.inspector(11), new TeamMember(21, role))));
      assertThat(r.kind()).as(role.name()).isEqualTo(Decision.Kind.INVALID);
      assertThat(r.reason()).contains("user 21 is " + role + ", not an INSPECTOR");
    }
  }

  @Test
  void the_dispatched_event_names_the_team_and_a_supervisor_may_dispatch_too() {
    Decision.Accepted d = (Decision.Accepted) Workflow.decide(registered,
        new Command.Dispatch(registered.version(), TEAM), SUPERVISOR);
    assertThat(d.events()).singleElement().satisfies(e -> {
      assertThat(e.type()).isEqualTo("dispatched");
      assertThat(e.data()).containsEntry("inspectors", List.of(11L, 12L));
    });
  }
}
