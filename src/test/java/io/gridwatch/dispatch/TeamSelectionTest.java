package io.gridwatch.dispatch;

import static io.gridwatch.dispatch.Roster.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridwatch.auth.Role;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Teams come from the best individuals only, in a bounded number, deterministically. */
class TeamSelectionTest {

  private static final String[] CHAIN_AND_AROUND = {OWN, PARENT, DISTRICT, SIBLING, "510105"};
  private static final DutyStatus[] STATUSES = DutyStatus.values();

  /** A random roster with many equal scores (coarse distances, few workloads). */
  private static List<Staff> randomRoster(Random random, int size) {
    List<Staff> staff = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      Roster.Builder b = random.nextInt(5) == 0 ? assistant(1000 + i) : inspector(1000 + i);
      b.grid(CHAIN_AND_AROUND[random.nextInt(CHAIN_AND_AROUND.length)])
          .status(STATUSES[random.nextInt(STATUSES.length)])
          .open(random.nextInt(3));
      switch (random.nextInt(4)) {
        case 0 -> b.noPosition();
        case 1 -> b.staleSince(Duration.ofMinutes(10));
        default -> b.metresAway(500 * random.nextInt(4));
      }
      if (random.nextBoolean()) {
        b.lastAssigned(Duration.ofHours(random.nextInt(3)));
      }
      staff.add(b.build());
    }
    Collections.shuffle(staff, random);
    return staff;
  }

  /** Every team of {@code size} from every eligible person, ordered as the ranker promises. */
  private static List<List<Long>> bruteForce(DispatchCase c, List<Staff> staff, int size, int limit) {
    GridChain chain = GridChain.of(c.cellCode());
    List<Candidate> all = new ArrayList<>();
    for (Staff s : staff) {
      int level = chain.levelIn(s.gridCode());
      if (level > 0 && s.status().onDuty() && (!c.enforcement() || s.role() == Role.INSPECTOR)) {
        all.add(TeamRanker.score(c, chain, s, level, NOW));
      }
    }
    all.sort(TeamRanker.BEST_FIRST);
    List<int[]> teams = new ArrayList<>();
    combine(all.size(), size, 0, new int[size], 0, teams);
    Comparator<int[]> bySum = Comparator.comparingLong(
        t -> -java.util.Arrays.stream(t).mapToLong(i -> all.get(i).scoreTenths()).sum());
    Comparator<int[]> byRanks = (a, b) -> java.util.Arrays.compare(a, b);
    teams.sort(bySum.thenComparing(byRanks));
    return teams.stream().limit(limit)
        .map(t -> java.util.Arrays.stream(t).mapToObj(i -> all.get(i).userId()).toList()).toList();
  }

  private static void combine(int n, int k, int from, int[] current, int depth, List<int[]> out) {
    if (depth == k) {
      out.add(current.clone());
      return;
    }
    for (int i = from; i < n; i++) {
      current[depth] = i;
      combine(n, k, i + 1, current, depth + 1, out);
    }
  }

  @Test
  void choosing_from_the_best_individuals_gives_the_same_teams_as_trying_every_combination() {
    Random random = new Random(20261202);
    for (int round = 0; round < 200; round++) {
      List<Staff> staff = randomRoster(random, 5 + random.nextInt(40));
      int size = 2 + random.nextInt(2);
      int maxTeams = 1 + random.nextInt(8);
      DispatchCase c = random.nextBoolean() ? enforcementCase() : checkCase();
      Recommendation r = TeamRanker.rank(c, staff, NOW, new TeamRanker.Options(maxTeams, size));
      assertThat(r.teams()).extracting(Team::inspectors)
          .as("round %d, %d staff, teams of %d, top %d", round, staff.size(), size, maxTeams)
          .isEqualTo(bruteForce(c, staff, size, maxTeams));
    }
  }

  @Test
  void a_city_of_two_thousand_in_one_chain_yields_five_teams_chosen_from_six_people() {
    List<Staff> staff = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      staff.add(inspector(i).grid(i % 3 == 0 ? OWN : i % 3 == 1 ? PARENT : DISTRICT)
          .metresAway(i * 7 % 15_000).open(i % 4).build());
    }
    Recommendation r = TeamRanker.rank(enforcementCase(), staff, NOW);
    assertThat(r.teams()).hasSize(5);
    assertThat(r.candidates()).hasSize(6);
    assertThat(r.eligible()).isEqualTo(2_000);
    assertThat(r.teams()).isSortedAccordingTo(Comparator.comparingDouble(Team::score).reversed());
  }

  @Test
  void at_most_the_requested_number_of_teams_and_fewer_when_there_are_not_that_many_pairs() {
    List<Staff> three = List.of(inspector(1).build(), inspector(2).build(), inspector(3).build());
    assertThat(TeamRanker.rank(enforcementCase(), three, NOW).teams()).hasSize(3);
    assertThat(TeamRanker.rank(enforcementCase(), three, NOW, TeamRanker.Options.top(1)).teams())
        .extracting(Team::inspectors).containsExactly(List.of(1L, 2L));
    assertThatThrownBy(() -> TeamRanker.Options.top(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TeamRanker.Options.top(21)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TeamRanker.Options(5, 5)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void equal_teams_are_ordered_by_their_members_user_ids_whatever_the_input_order() {
    List<Staff> twins = new ArrayList<>();
    for (long id : new long[] {30, 10, 40, 20}) {
      twins.add(inspector(id).metresAway(700).build());
    }
    for (long seed = 0; seed < 10; seed++) {
      Collections.shuffle(twins, new Random(seed));
      Recommendation r = TeamRanker.rank(enforcementCase(), twins, NOW);
      assertThat(r.teams()).extracting(Team::inspectors).containsExactly(List.of(10L, 20L),
          List.of(10L, 30L), List.of(10L, 40L), List.of(20L, 30L), List.of(20L, 40L));
      assertThat(r.teams()).extracting(Team::score).containsOnly(r.teams().get(0).score());
    }
  }

  @Test
  void the_same_input_gives_the_same_recommendation_reasons_included() {
    List<Staff> staff = randomRoster(new Random(7), 60);
    Recommendation a = TeamRanker.rank(enforcementCase(), staff, NOW);
    List<Staff> reversed = new ArrayList<>(staff);
    Collections.reverse(reversed);
    Recommendation b = TeamRanker.rank(enforcementCase(), reversed, NOW);
    assertThat(b).isEqualTo(a);
  }

  @Test
  void the_same_user_twice_on_the_roster_is_a_caller_error() {
    assertThatThrownBy(() -> TeamRanker.rank(enforcementCase(),
        List.of(inspector(1).build(), inspector(1).grid(PARENT).build()), NOW))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("user 1");

    List<Staff> many = new ArrayList<>();
    for (int i = 1; i <= 30; i++) {
      many.add(inspector(i).metresAway(100 * i).build());
    }
    many.add(inspector(2).metresAway(200).build());
    assertThatThrownBy(() -> TeamRanker.rank(enforcementCase(), many, NOW))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("user 2 is on the roster twice");
  }
}
