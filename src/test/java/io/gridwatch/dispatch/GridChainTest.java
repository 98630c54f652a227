package io.gridwatch.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridwatch.auth.Role;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The 6+3+3 grid chain, and the inputs the ranking refuses. */
class GridChainTest {

  @Test
  void a_community_code_has_its_street_and_district_above_it() {
    GridChain chain = GridChain.of("510104001001");
    assertThat(chain.deepestLevel()).isEqualTo(3);
    assertThat(chain.codeAt(1)).isEqualTo("510104");
    assertThat(chain.codeAt(2)).isEqualTo("510104001");
    assertThat(chain.levelIn("510104001001")).isEqualTo(3);
    assertThat(chain.levelIn("510104001")).isEqualTo(2);
    assertThat(chain.levelIn("510104")).isEqualTo(1);
  }

  @Test
  void siblings_cousins_other_districts_and_malformed_codes_are_not_in_the_chain() {
    GridChain chain = GridChain.of("510104001001");
    assertThat(chain.levelIn("510104001002")).isZero();
    assertThat(chain.levelIn("510104002")).isZero();
    assertThat(chain.levelIn("510105")).isZero();
    assertThat(chain.levelIn("5101040")).isZero();
    assertThat(chain.levelIn("51010400100")).isZero();
    assertThat(chain.levelIn("")).isZero();
    assertThat(chain.levelIn(null)).isZero();
  }

  @Test
  void a_street_code_has_a_chain_of_two() {
    GridChain chain = GridChain.of("510104001");
    assertThat(chain.deepestLevel()).isEqualTo(2);
    assertThat(chain.levelIn("510104001001")).isZero();
    assertThat(chain.levelIn("510104")).isEqualTo(1);
  }

  @Test
  void codes_must_be_6_9_or_12_ascii_digits() {
    assertThat(GridChain.levelOf("510104")).isEqualTo(1);
    assertThat(GridChain.levelOf("51010400100１")).isZero();
    assertThat(GridChain.levelOf("51010a")).isZero();
    assertThat(GridChain.levelOf("5101040010011")).isZero();
    assertThatThrownBy(() -> GridChain.of("5101")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DispatchCase(1, "abc", null, true))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("case 1");
  }

  @Test
  void staff_must_be_inspectors_or_assistants_with_a_grid_code_and_no_negative_workload() {
    assertThatThrownBy(() -> new Staff(1, "op", "", Role.OPERATOR, "510104", DutyStatus.AVAILABLE,
        null, false, 0, null)).hasMessageContaining("INSPECTOR or ASSISTANT");
    assertThatThrownBy(() -> new Staff(1, "i", "", Role.INSPECTOR, "51010", DutyStatus.AVAILABLE,
        null, false, 0, null)).hasMessageContaining("grid code");
    assertThatThrownBy(() -> new Staff(1, "i", "", Role.INSPECTOR, "510104", DutyStatus.AVAILABLE,
        null, false, -1, null)).hasMessageContaining("openAssignments");
    assertThat(new Staff(1, "inspector1", null, Role.INSPECTOR, "510104", DutyStatus.AVAILABLE,
        null, false, 0, null).displayName()).isEqualTo("inspector1");
  }

  @Test
  void positions_must_be_on_earth_with_a_finite_accuracy() {
    assertThatThrownBy(() -> new LonLat(181, 30)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LonLat(104, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Position.of(104, 30, -1, Instant.EPOCH))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Position.of(104, 30, Double.POSITIVE_INFINITY, Instant.EPOCH))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void durations_read_naturally_in_reasons() {
    assertThat(TeamRanker.duration(30)).isEqualTo("不到 1 分钟");
    assertThat(TeamRanker.duration(25 * 60)).isEqualTo("25 分钟");
    assertThat(TeamRanker.duration(3 * 3600)).isEqualTo("3 小时");
    assertThat(TeamRanker.duration(3 * 3600 + 5 * 60 + 59)).isEqualTo("3 小时 5 分钟");
    assertThat(TeamRanker.duration(2 * 86400 + 3 * 3600)).isEqualTo("2 天 3 小时");
    assertThat(TeamRanker.duration(86400)).isEqualTo("1 天");
  }
}
