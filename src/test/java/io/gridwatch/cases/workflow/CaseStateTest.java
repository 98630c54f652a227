package io.gridwatch.cases.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A state that the workflow could never produce is refused on construction (e.g. loaded from bad data). */
class CaseStateTest {

  @Test
  void a_new_case_is_received_at_the_first_version_with_nothing_else_known() {
    CaseState s = CaseState.received(5);
    assertThat(s.status()).isEqualTo(CaseStatus.RECEIVED);
    assertThat(s.version()).isEqualTo(1);
    assertThat(s.assignedInspectors()).isEmpty();
    assertThat(s.parked()).isFalse();
    assertThat(s.extensionWorkingDaysLeft()).isEqualTo(30);
  }

  @Test
  void impossible_states_are_refused() {
    assertThatThrownBy(() -> new CaseState(1, CaseStatus.PARKED, 1, List.of(), Set.of(), 0, null, null, 0, null,
        null)).hasMessageContaining("statusBeforeParking");
    assertThatThrownBy(() -> new CaseState(1, CaseStatus.PARKED, 1, List.of(), Set.of(), 0, CaseStatus.CLOSED, null,
        0, null, null)).hasMessageContaining("parked from CLOSED");
    assertThatThrownBy(() -> new CaseState(1, CaseStatus.MERGED, 1, List.of(), Set.of(), 0, null, null, 0, null,
        null)).hasMessageContaining("mergedInto");
    assertThatThrownBy(() -> new CaseState(1, CaseStatus.INVESTIGATING, 1, List.of(), Set.of(), 31, null, null, 0,
        null, null)).hasMessageContaining("extensionWorkingDays");
  }

  @Test
  void the_state_does_not_share_the_caller_s_lists() {
    List<Long> team = new ArrayList<>(List.of(11L, 12L));
    CaseState s = new CaseState(1, CaseStatus.DISPATCHED, 3, team, Set.of(12L), 0, null, null, 0, null, null);
    team.add(99L);
    assertThat(s.assignedInspectors()).containsExactly(11L, 12L);
    assertThatThrownBy(() -> s.assignedInspectors().add(1L)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> s.acceptedBy().add(1L)).isInstanceOf(UnsupportedOperationException.class);
  }
}
