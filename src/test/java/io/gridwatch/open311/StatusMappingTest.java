package io.gridwatch.open311;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.cases.workflow.CaseStatus;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The table of docs/open311.md, written out by hand. */
class StatusMappingTest {
  private static final Map<CaseStatus, String> TABLE = Map.ofEntries(
      Map.entry(CaseStatus.RECEIVED, "open"), Map.entry(CaseStatus.ADMITTED, "open"),
      Map.entry(CaseStatus.REGISTERED, "open"),
      Map.entry(CaseStatus.DECLINED, "closed"), Map.entry(CaseStatus.DISPATCHED, "open"),
      Map.entry(CaseStatus.ON_SITE, "open"), Map.entry(CaseStatus.INVESTIGATING, "open"),
      Map.entry(CaseStatus.RESOLVED, "open"), Map.entry(CaseStatus.VERIFIED, "open"),
      Map.entry(CaseStatus.CLOSED, "closed"), Map.entry(CaseStatus.MERGED, "closed"),
      Map.entry(CaseStatus.PARKED, "open"));

  @Test
  void every_status_maps_as_the_table_says_and_the_notes_name_it() {
    assertThat(TABLE).containsOnlyKeys(CaseStatus.values());
    for (CaseStatus s : CaseStatus.values()) {
      assertThat(StatusMapping.open311(s)).as(s.name()).isEqualTo(TABLE.get(s));
      assertThat(StatusMapping.notes(s, null)).startsWith(s.chinese() + " " + s.name() + ": ");
    }
    assertThat(StatusMapping.notes(CaseStatus.MERGED, "GW-20250101-000007")).endsWith("GW-20250101-000007");
  }

  @Test
  void open_and_closed_together_cover_every_status_once() {
    assertThat(StatusMapping.gridWatchStatuses("closed")).containsExactlyInAnyOrder("CLOSED", "DECLINED", "MERGED");
    assertThat(StatusMapping.gridWatchStatuses("open")).hasSize(CaseStatus.values().length - 3)
        .doesNotContainAnyElementsOf(StatusMapping.gridWatchStatuses("closed"));
    assertThat(Arrays.stream(CaseStatus.values()).map(Enum::name)).allMatch(n ->
        StatusMapping.gridWatchStatuses("open").contains(n) || StatusMapping.gridWatchStatuses("closed").contains(n));
  }
}
