package io.gridwatch.dispatch;

import static io.gridwatch.dispatch.Roster.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Off-duty staff and staff outside the case's grid chain are never proposed, and the notes say so. */
class WhoIsLeftOutTest {

  @Test
  void off_duty_staff_are_never_proposed_even_when_they_are_the_nearest_of_the_own_cell() {
    Recommendation r = TeamRanker.rank(enforcementCase(), List.of(
        inspector(1).status(DutyStatus.OFF_DUTY).build(),
        inspector(2).status(DutyStatus.OFF_DUTY).name("孙磊").build(),
        inspector(3).grid(DISTRICT).metresAway(9_000).build(),
        inspector(4).grid(DISTRICT).metresAway(12_000).build()), NOW);
    assertThat(r.teams()).extracting(Team::inspectors).containsExactly(List.of(3L, 4L));
    assertThat(r.candidates()).extracting(Candidate::userId).containsExactly(3L, 4L);
    assertThat(r.noteLines()).containsExactly("OFF_DUTY_LEFT_OUT 下班未推荐 2 人：监察员1、孙磊");
  }

  @Test
  void only_off_duty_inspectors_in_the_chain_means_no_team() {
    Recommendation r = TeamRanker.rank(enforcementCase(), List.of(
        inspector(1).status(DutyStatus.OFF_DUTY).build(),
        inspector(2).status(DutyStatus.OFF_DUTY).build()), NOW);
    assertThat(r.teams()).isEmpty();
    assertThat(r.notes()).extracting(Reason::code)
        .containsExactly(Reason.Code.NOT_ENOUGH_INSPECTORS, Reason.Code.OFF_DUTY_LEFT_OUT);
  }

  @Test
  void staff_of_a_sibling_cell_another_street_or_another_district_are_never_proposed() {
    Recommendation r = TeamRanker.rank(enforcementCase(), List.of(
        inspector(1).grid(SIBLING).build(),           // the next community, same street
        inspector(2).grid("510104002").build(),       // another street of the district
        inspector(3).grid("510104002001").build(),    // a community of that street
        inspector(4).grid("510105").build(),          // 青羊区
        inspector(5).grid("510105001001").build(),
        inspector(6).grid(OWN).metresAway(4_000).build(),
        inspector(7).grid(DISTRICT).metresAway(20_000).build()), NOW);
    assertThat(r.teams()).extracting(Team::inspectors).containsExactly(List.of(6L, 7L));
    assertThat(r.noteLines()).containsExactly(
        "OUTSIDE_CHAIN_LEFT_OUT 不在本案网格链（510104001001 / 510104001 / 510104）的 5 人未推荐");
  }

  @Test
  void off_duty_assistants_are_not_listed_for_enforcement_work_since_they_would_not_count_anyway() {
    Recommendation r = TeamRanker.rank(enforcementCase(), List.of(
        assistant(1).status(DutyStatus.OFF_DUTY).build(),
        inspector(2).build(), inspector(3).build()), NOW);
    assertThat(r.notes()).isEmpty();
  }

  @Test
  void a_long_list_of_left_out_people_names_the_first_three_by_user_id() {
    Recommendation r = TeamRanker.rank(enforcementCase(), List.of(
        inspector(9).status(DutyStatus.OFF_DUTY).build(),
        inspector(5).status(DutyStatus.OFF_DUTY).build(),
        inspector(7).status(DutyStatus.OFF_DUTY).build(),
        inspector(6).status(DutyStatus.OFF_DUTY).build(),
        inspector(1).build(), inspector(2).build()), NOW);
    assertThat(r.noteLines()).containsExactly("OFF_DUTY_LEFT_OUT 下班未推荐 4 人：监察员5、监察员6、监察员7 等");
  }
}
