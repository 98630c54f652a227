package io.gridwatch.dispatch;

import static io.gridwatch.dispatch.Roster.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** How individuals are ordered: level, then readiness, then a fresh position, then the rest. */
class IndividualOrderTest {

  private static final TeamRanker.Options WIDE = new TeamRanker.Options(20, 2);

  private static List<Long> order(DispatchCase c, Staff... staff) {
    return TeamRanker.rank(c, List.of(staff), NOW, WIDE).candidates().stream()
        .map(Candidate::userId).toList();
  }

  private static List<Long> order(Staff... staff) {
    return order(enforcementCase(), staff);
  }

  @Test
  void own_cell_staff_come_first_then_the_parent_then_the_district_even_when_farther_and_busier() {
    List<Long> ids = order(
        inspector(1).grid(DISTRICT).build(),
        inspector(2).grid(PARENT).build(),
        inspector(3).grid(OWN).metresAway(15_000).open(5).lastAssigned(Duration.ZERO).build());
    assertThat(ids).containsExactly(3L, 2L, 1L);
  }

  @Test
  void ready_staff_come_before_occupied_ones_of_the_same_level_but_not_before_a_higher_level() {
    List<Long> ids = order(
        inspector(1).status(DutyStatus.ON_SITE).build(),
        inspector(2).status(DutyStatus.BUSY).build(),
        inspector(3).status(DutyStatus.EN_ROUTE).metresAway(9_000).open(3).build(),
        inspector(4).status(DutyStatus.AVAILABLE).metresAway(9_000).open(3).build(),
        inspector(5).grid(PARENT).status(DutyStatus.AVAILABLE).build());
    assertThat(ids).containsExactly(3L, 4L, 1L, 2L, 5L);
  }

  @Test
  void within_a_level_the_nearer_comes_first() {
    List<Long> ids = order(
        inspector(1).metresAway(5_000).build(),
        inspector(2).metresAway(200).build(),
        inspector(3).metresAway(1_200).build());
    assertThat(ids).containsExactly(2L, 3L, 1L);
  }

  @Test
  void at_the_same_distance_fewer_open_assignments_come_first() {
    List<Long> ids = order(
        inspector(1).open(3).build(),
        inspector(2).open(0).build(),
        inspector(3).open(1).build());
    assertThat(ids).containsExactly(2L, 3L, 1L);
  }

  @Test
  void at_the_same_distance_and_workload_the_longer_idle_comes_first_and_never_assigned_counts_as_longest() {
    List<Long> ids = order(
        inspector(1).lastAssigned(Duration.ofMinutes(10)).build(),
        inspector(2).lastAssigned(Duration.ofHours(5)).build(),
        inspector(3).build(),
        inspector(4).lastAssigned(Duration.ofHours(1)).build());
    assertThat(ids).containsExactly(3L, 2L, 4L, 1L);
  }

  @Test
  void distance_workload_and_idle_time_are_weighed_together_100_60_40() {
    // 1 km with two open (50 + 20 = 70) against 2 km with one open (33.3 + 30 = 63.3).
    assertThat(order(
        inspector(1).metresAway(1_000).open(2).build(),
        inspector(2).metresAway(2_000).open(1).build())).containsExactly(1L, 2L);
    // None open, assigned 2 h ago (60 + 10 = 70) against one open, assigned 6 h ago (30 + 30 = 60).
    assertThat(order(
        inspector(1).open(1).lastAssigned(Duration.ofHours(6)).build(),
        inspector(2).open(0).lastAssigned(Duration.ofHours(2)).build())).containsExactly(2L, 1L);
    // Idle time counts up to 8 hours: beyond that, everyone is equally rested.
    Recommendation r = TeamRanker.rank(enforcementCase(), List.of(
        inspector(1).lastAssigned(Duration.ofHours(8)).build(),
        inspector(2).lastAssigned(Duration.ofDays(3)).build()), NOW, WIDE);
    assertThat(r.candidates()).extracting(Candidate::idleTenths).containsExactly(400, 400);
    assertThat(r.candidates()).extracting(Candidate::userId).containsExactly(1L, 2L);
  }

  @Test
  void a_stale_or_unknown_position_ranks_after_every_fresh_one_of_the_same_level_and_readiness() {
    List<Long> ids = order(
        inspector(1).staleSince(Duration.ofMinutes(6)).build(),  // stale but at the very site
        inspector(2).noPosition().build(),
        inspector(3).metresAway(40_000).open(4).lastAssigned(Duration.ZERO).build());
    assertThat(ids).containsExactly(3L, 1L, 2L);
  }

  @Test
  void stale_positions_still_rank_a_ready_person_before_an_occupied_one_with_a_fresh_position() {
    List<Long> ids = order(
        inspector(1).status(DutyStatus.BUSY).build(),
        inspector(2).staleSince(Duration.ofHours(2)).build());
    assertThat(ids).containsExactly(2L, 1L);
  }

  @Test
  void a_case_without_location_ranks_by_workload_and_idle_time_and_says_distance_plays_no_part() {
    DispatchCase noLocation = new DispatchCase(1, OWN, null, true);
    Recommendation r = TeamRanker.rank(noLocation, List.of(
        inspector(1).open(2).build(),
        inspector(2).noPosition().build(),
        inspector(3).metresAway(30).open(1).build()), NOW, WIDE);
    assertThat(r.candidates()).extracting(Candidate::userId).containsExactly(2L, 3L, 1L);
    assertThat(r.candidates()).allSatisfy(c -> assertThat(c.distanceKnown()).isFalse());
    assertThat(r.notes()).extracting(Reason::code).contains(Reason.Code.NO_CASE_LOCATION);
    assertThat(r.teams().get(0).reasons()).extracting(Reason::code)
        .doesNotContain(Reason.Code.DISTANCE, Reason.Code.POSITION_STALE, Reason.Code.POSITION_UNKNOWN);
  }

  @Test
  void equal_scores_are_ordered_by_user_id_whatever_the_input_order() {
    List<Staff> twins = new ArrayList<>();
    for (long id : new long[] {42, 7, 19, 3, 88}) {
      twins.add(inspector(id).metresAway(500).open(1).build());
    }
    for (long seed = 0; seed < 20; seed++) {
      Collections.shuffle(twins, new Random(seed));
      assertThat(order(twins.toArray(Staff[]::new))).containsExactly(3L, 7L, 19L, 42L, 88L);
    }
  }

  @Test
  void an_assignment_time_in_the_future_counts_as_just_assigned_not_as_an_error() {
    Recommendation r = TeamRanker.rank(enforcementCase(), List.of(
        inspector(1).lastAssigned(Duration.ofMinutes(-5)).build(),
        inspector(2).lastAssigned(Duration.ofMinutes(1)).build()), NOW, WIDE);
    assertThat(r.candidates().get(1).idleSeconds()).isZero();
    assertThat(r.candidates().get(1).idleTenths()).isZero();
  }

  @Test
  void a_case_placed_only_down_to_level_2_treats_its_street_as_the_own_cell() {
    DispatchCase streetCase = new DispatchCase(1, PARENT, SITE, true);
    Recommendation r = TeamRanker.rank(streetCase, List.of(
        inspector(1).grid(PARENT).build(),
        inspector(2).grid(DISTRICT).build(),
        inspector(3).grid(OWN).build()), NOW, WIDE);
    assertThat(r.candidates()).extracting(Candidate::userId).containsExactly(1L, 2L);
    assertThat(r.candidates()).extracting(Candidate::levelTenths).containsExactly(30_000, 20_000);
    assertThat(r.teams().get(0).reasonLines()).contains("GRID_OWN 监察员1：属地，二级网格 510104001（+3000）");
  }
}
