package io.gridwatch.dispatch;

import static io.gridwatch.dispatch.Roster.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Enforcement needs at least two inspectors on site (劳动保障监察条例 art. 16). */
class TwoInspectorRuleTest {

  @Test
  void every_enforcement_team_is_two_distinct_inspectors_and_assistants_are_never_on_it() {
    Recommendation r = TeamRanker.rank(enforcementCase(), List.of(
        assistant(1).build(), assistant(2).build(),          // nearest and idle, but assistants
        inspector(3).metresAway(800).build(),
        inspector(4).grid(PARENT).build(),
        inspector(5).grid(DISTRICT).metresAway(3_000).build()), NOW);
    assertThat(r.teams()).isNotEmpty().allSatisfy(team -> {
      assertThat(team.inspectors()).hasSize(2).doesNotHaveDuplicates().doesNotContain(1L, 2L);
      assertThat(team.members()).allSatisfy(m -> assertThat(m.staff().role()).isEqualTo(io.gridwatch.auth.Role.INSPECTOR));
    });
    assertThat(r.teams()).extracting(Team::inspectors)
        .containsExactly(List.of(3L, 4L), List.of(3L, 5L), List.of(4L, 5L));
    assertThat(r.noteLines()).contains(
        "ASSISTANTS_NOT_COUNTED 协管员不计入执法人数（劳动保障监察条例第十六条），未推荐在岗协管员 2 人：协管员1、协管员2");
  }

  @Test
  void one_inspector_and_many_assistants_make_no_team_and_the_caller_is_told_why() {
    Recommendation r = TeamRanker.rank(enforcementCase(), List.of(
        inspector(1).build(), assistant(2).build(), assistant(3).build(), assistant(4).build(),
        assistant(5).build()), NOW);
    assertThat(r.teams()).isEmpty();
    assertThat(r.eligible()).isEqualTo(1);
    assertThat(r.notes()).extracting(Reason::code)
        .containsExactly(Reason.Code.NOT_ENOUGH_INSPECTORS, Reason.Code.ASSISTANTS_NOT_COUNTED);
    assertThat(r.noteLines().get(0)).isEqualTo("NOT_ENOUGH_INSPECTORS 执法需至少 2 名监察员"
        + "（劳动保障监察条例第十六条），本网格链在岗监察员仅 1 名，无法组队；协管员不计入");
    assertThat(r.noteLines().get(1)).endsWith("未推荐在岗协管员 4 人：协管员2、协管员3、协管员4 等");
  }

  @Test
  void no_staff_at_all_makes_no_team_with_the_same_reason() {
    Recommendation r = TeamRanker.rank(enforcementCase(), List.of(), NOW);
    assertThat(r.teams()).isEmpty();
    assertThat(r.noteLines()).singleElement().asString().contains("在岗监察员仅 0 名");
  }

  @Test
  void a_team_of_three_needs_three_inspectors() {
    TeamRanker.Options threes = new TeamRanker.Options(5, 3);
    Recommendation two = TeamRanker.rank(enforcementCase(),
        List.of(inspector(1).build(), inspector(2).build(), assistant(3).build()), NOW, threes);
    assertThat(two.teams()).isEmpty();
    assertThat(two.noteLines().get(0)).contains("至少 3 名监察员").contains("仅 2 名");

    Recommendation four = TeamRanker.rank(enforcementCase(), List.of(inspector(1).build(),
        inspector(2).build(), inspector(3).build(), inspector(4).build()), NOW, threes);
    assertThat(four.teams()).extracting(Team::inspectors).containsExactly(
        List.of(1L, 2L, 3L), List.of(1L, 2L, 4L), List.of(1L, 3L, 4L), List.of(2L, 3L, 4L));
    assertThat(four.teams()).allSatisfy(t -> assertThat(new HashSet<>(t.inspectors())).hasSize(3));
  }

  @Test
  void enforcement_work_cannot_ask_for_a_team_of_one() {
    assertThatThrownBy(() -> TeamRanker.rank(enforcementCase(), List.of(inspector(1).build()), NOW,
        new TeamRanker.Options(5, 1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("art. 16");
  }

  @Test
  void work_that_is_not_enforcement_may_be_done_by_assistants_and_by_one_person() {
    Recommendation pairs = TeamRanker.rank(checkCase(), List.of(
        assistant(1).build(), inspector(2).metresAway(2_000).build(), assistant(3).metresAway(500).build()),
        NOW);
    assertThat(pairs.teams()).extracting(Team::inspectors)
        .containsExactly(List.of(1L, 3L), List.of(1L, 2L), List.of(3L, 2L));
    assertThat(pairs.notes()).isEmpty();

    Recommendation singles = TeamRanker.rank(checkCase(), List.of(assistant(1).build()), NOW,
        new TeamRanker.Options(5, 1));
    assertThat(singles.teams()).extracting(Team::inspectors).containsExactly(List.of(1L));

    Recommendation none = TeamRanker.rank(checkCase(), List.of(assistant(1).build()), NOW);
    assertThat(none.noteLines()).containsExactly("NOT_ENOUGH_STAFF 需 2 人，本网格链在岗人员仅 1 名，无法组队");
  }
}
