package io.gridwatch.dispatch;

import static io.gridwatch.dispatch.Roster.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A wage-arrears inspection in 锦江区, community 510104001001, worked out by hand from the rules
 * in {@link TeamRanker} (and docs/dispatch.md) before running the code.
 *
 * <pre>
 *                  grid   ready  position  proximity          workload     idle                 total
 * 张伟 own cell     3000 + 500  + 250     + 100 (0 m)       + 30 (1 open) + 15.4 (3 h 5 min)   = 3895.4
 * 李娜 street       2000 + 500  + 250     +  50 (1000 m)    + 20 (2 open) + 40 (never)         = 2860
 * 王强 district     1000 +   0  +   0 (stale)               + 60 (0 open) + 40 (10 h, capped)  = 1100
 * 赵敏 assistant, 孙磊 off duty, 周杰 next community, 吴芳 青羊区: left out.
 * teams: 张伟+李娜 (3895.4 + 2860) / 2 = 3377.7; 张伟+王强 2497.7; 李娜+王强 1980
 * </pre>
 * 15.4 = 40 × 185 min / 480 min = 15.42; 50 = 100 × 1000 / (1000 + 1000).
 */
class HandWorkedExampleTest {

  private final Recommendation recommendation = TeamRanker.rank(enforcementCase(), List.of(
      inspector(11).name("张伟").grid(OWN).at(SITE, 15).open(1)
          .lastAssigned(Duration.ofMinutes(185)).build(),
      inspector(12).name("李娜").grid(PARENT).status(DutyStatus.EN_ROUTE).at(north(1_000), 30)
          .open(2).build(),
      inspector(13).name("王强").grid(DISTRICT).status(DutyStatus.BUSY)
          .staleSince(Duration.ofMinutes(20)).open(0).lastAssigned(Duration.ofHours(10)).build(),
      assistant(14).name("赵敏").grid(OWN).build(),
      inspector(15).name("孙磊").grid(OWN).status(DutyStatus.OFF_DUTY).build(),
      inspector(16).name("周杰").grid(SIBLING).build(),
      inspector(17).name("吴芳").grid("510105").build()), NOW);

  @Test
  void individual_scores_are_the_hand_computed_ones() {
    assertThat(recommendation.candidates()).extracting(Candidate::userId).containsExactly(11L, 12L, 13L);
    assertThat(recommendation.candidates()).extracting(Candidate::score)
        .containsExactly(3895.4, 2860.0, 1100.0);
    Candidate lina = recommendation.candidates().get(1);
    assertThat(lina.distanceMeters()).isCloseTo(1_000.0, org.assertj.core.api.Assertions.within(1e-6));
    assertThat(recommendation.eligible()).isEqualTo(3);
  }

  @Test
  void teams_are_the_three_pairs_with_the_mean_scores() {
    assertThat(recommendation.teams()).extracting(Team::inspectors)
        .containsExactly(List.of(11L, 12L), List.of(11L, 13L), List.of(12L, 13L));
    assertThat(recommendation.teams()).extracting(Team::score).containsExactly(3377.7, 2497.7, 1980.0);
  }

  @Test
  void the_best_team_explains_every_point() {
    assertThat(recommendation.teams().get(0).reasonLines()).containsExactly(
        "TEAM_SCORE 团队得分 3377.7，为成员得分之平均（张伟 3895.4，李娜 2860）",
        "GRID_OWN 张伟：属地，三级网格 510104001001（+3000）",
        "STATUS_READY 张伟：空闲（+500）",
        "DISTANCE 张伟：距案发地 0 米，定位精度 ±15 米（+250 +100）",
        "WORKLOAD 张伟：在办 1 件（+30）",
        "IDLE 张伟：距上次派遣 3 小时 5 分钟（+15.4）",
        "GRID_PARENT 李娜：兜底，二级网格 510104001（+2000）",
        "STATUS_READY 李娜：在途（+500）",
        "DISTANCE 李娜：距案发地 1000 米，定位精度 ±30 米（+250 +50）",
        "WORKLOAD 李娜：在办 2 件（+20）",
        "NEVER_ASSIGNED 李娜：尚无派遣记录，按空闲最久计（+40）");
  }

  @Test
  void the_district_inspector_is_explained_as_busy_and_without_a_fresh_position() {
    assertThat(recommendation.teams().get(2).reasonLines()).containsSubsequence(
        "GRID_GRANDPARENT 王强：兜底，一级网格 510104（+1000）",
        "STATUS_OCCUPIED 王强：忙碌，排在空闲、在途人员之后（+0）",
        "POSITION_STALE 王强：位置已过期（最后定位于 20 分钟前），排在有实时位置者之后（+0）",
        "WORKLOAD 王强：在办 0 件（+60）",
        "IDLE 王强：距上次派遣 10 小时（+40）");
  }

  @Test
  void the_notes_say_who_was_left_out_and_why() {
    assertThat(recommendation.noteLines()).containsExactly(
        "ASSISTANTS_NOT_COUNTED 协管员不计入执法人数（劳动保障监察条例第十六条），未推荐在岗协管员 1 人：赵敏",
        "OFF_DUTY_LEFT_OUT 下班未推荐 1 人：孙磊",
        "OUTSIDE_CHAIN_LEFT_OUT 不在本案网格链（510104001001 / 510104001 / 510104）的 2 人未推荐");
  }
}
