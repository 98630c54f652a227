package io.gridwatch.incidents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridwatch.config.ConfigException;
import io.gridwatch.config.ConfigLoader;
import io.gridwatch.config.IncidentSettings;
import io.gridwatch.incidents.IncidentRules.Member;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The plain rules: the incident's cell, its summary, grades and their settings. */
class IncidentRulesTest {
  @Test
  void the_cell_is_the_deepest_one_holding_every_case_else_the_first_case_s_district() {
    assertThat(IncidentRules.commonCell(List.of("510104001002", "510104001002"))).isEqualTo("510104001002");
    assertThat(IncidentRules.commonCell(List.of("510104001002", "510104001003"))).isEqualTo("510104001");
    assertThat(IncidentRules.commonCell(List.of("510104001002", "510104002002"))).isEqualTo("510104");
    assertThat(IncidentRules.commonCell(List.of("510104001002", "510104"))).isEqualTo("510104");
    // 510104001 and 510104011 share "51010400" but no cell below the district.
    assertThat(IncidentRules.commonCell(List.of("510104001001", "510104011001"))).isEqualTo("510104");
    assertThat(IncidentRules.commonCell(List.of("510105001001", "510104001001"))).isEqualTo("510105");
    assertThat(IncidentRules.commonCell(List.of())).isNull();
  }

  @Test
  void merged_cases_count_through_their_target_and_the_place_is_the_first_located_case() {
    var summary = IncidentRules.summarise(List.of(
        new Member(1, "RECEIVED", "510104001002", null, null, "甲公司", null, null, 20),
        new Member(2, "MERGED", "510104001002", 104.08, 30.65, "甲公司", "91510104X", " 某项目 ", 15),
        new Member(3, "CLOSED", "510104001003", 104.09, 30.66, "乙公司", "91510104X", null, 12)),
        "EMPLOYER", "91510104X");
    assertThat(summary.workers()).isEqualTo(32);
    assertThat(summary.cellCode()).isEqualTo("510104001");
    assertThat(summary.lon()).isEqualTo(104.08);
    assertThat(summary.creditCode()).isEqualTo("91510104X");
    assertThat(summary.employerName()).isEqualTo("甲公司");
    assertThat(summary.projectName()).isEqualTo("某项目");
  }

  @Test
  void grades_go_by_headcount_and_are_never_lowered() {
    IncidentSettings s = ConfigLoader.load(Optional.empty(), Map.of("GRIDWATCH_INCIDENTS_GRADES", "III:30, I:100,II:50"),
        false).incidents();
    assertThat(s.grades().stream().map(IncidentSettings.Grade::name)).containsExactly("I", "II", "III");
    assertThat(s.gradeFor(29)).isEqualTo("III");
    assertThat(s.gradeFor(50)).isEqualTo("II");
    assertThat(s.gradeFor(1000)).isEqualTo("I");
    assertThat(IncidentRules.higherGrade(List.of("I", "II", "III"), "II", "III")).isEqualTo("II");
    assertThat(IncidentRules.higherGrade(List.of("I", "II", "III"), "II", "I")).isEqualTo("I");
    assertThat(ConfigLoader.load(Optional.empty(), Map.of(), false).incidents())
        .isEqualTo(IncidentSettings.defaults());
  }

  @Test
  void bad_incident_settings_are_reported_together() {
    assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("GRIDWATCH_INCIDENTS_GRADES", "I:lots",
        "GRIDWATCH_INCIDENTS_THRESHOLD", "0", "GRIDWATCH_INCIDENTS_ON_SITE_MINUTES", "-5"), false))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("incidents.grades").hasMessageContaining("incidents.threshold")
        .hasMessageContaining("incidents.onSiteMinutes");
    assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("GRIDWATCH_INCIDENTS_GRADES", "I:30,I:50"),
        false)).isInstanceOf(ConfigException.class).hasMessageContaining("twice");
  }

  @Test
  void action_names_are_the_api_s() {
    assertThat(IncidentRules.Action.parse("assign-team")).contains(IncidentRules.Action.ASSIGN_TEAM);
    assertThat(IncidentRules.Action.parse(" Update-Task ")).contains(IncidentRules.Action.UPDATE_TASK);
    assertThat(IncidentRules.Action.parse("dance")).isEmpty();
  }
}
